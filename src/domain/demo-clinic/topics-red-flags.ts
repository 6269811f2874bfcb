import { medSlots } from './compose';
import type { Topic, TopicContext } from './compose';

/**
 * Messages whose wording touches an emergency topic (chest pain, stroke signs, suicide, breathing).
 * Fewer than half are emergencies; the rest are the negated, historical and family mentions a
 * keyword rule would wrongly escalate, each filed under the work it really is.
 */
const self = (c: TopicContext) => c.sender === c.patient;
const adult = (c: TopicContext) => self(c) && c.age >= 18;

function refillableSlots(c: TopicContext, psychiatric: boolean): Record<string, string> | null {
  const med = c.world.refillableMed(c.rnd, c.patient, c.at, (m) => !psychiatric || m.template.psychiatric === true);
  if (med === null) return null;
  c.links.med = med;
  return { med: med.template.short, rxNumber: med.rxNumber };
}

export const RED_FLAG_TOPICS: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'current' },
    weight: 3,
    fits: (c) => adult(c) && c.age >= 30,
    subjects: ['[Chest pain|Chest pressure since this morning|Not feeling right|Question]'],
    bodies: [
      'I have had chest [pain|pressure|tightness] since [this morning|about {hour}|last night] that [goes into|spreads to] my [left arm|jaw|back][ and I am sweaty| and I feel sick to my stomach| and I am short of breath|]. [I did not want to bother anyone, can I come in tomorrow?|Should I wait for my appointment?|Is this my reflux acting up?]',
      'Something is wrong. [Crushing|Heavy] pain in the middle of my chest for the last [half hour|hour], and my left arm feels numb. [My wife is at work.|I am at home alone.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'current' },
    weight: 2,
    fits: (c) => adult(c) && c.age >= 35,
    subjects: ['[Face feels weird|Question|Numbness|Something is off]'],
    bodies: [
      'Since [this morning|about {hour}] the [left|right] side of my face [feels droopy|is drooping] and my words are coming out slurred. My [arm|hand] on that side feels weak too. [My spouse thinks I am just tired.|I am going to lie down for a bit.|Can I get an appointment this week?]',
      'My speech is slurred and I cannot lift my [left|right] arm properly. It started [an hour ago|after lunch]. [Is this a side effect of my medication?|Should I come in?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 2,
    fits: adult,
    subjects: ['[I need help|Not doing well|Can someone call me]'],
    bodies: [
      'I do not really see the point anymore. I have been thinking about [killing myself|ending my life|taking all my pills] [and I have a plan|a lot this week|every night]. [I do not know who else to tell.|I stopped taking my medication.|Please do not tell my command.]',
      'I want to hurt myself and I am scared I will do it tonight. [I have not told anyone.|My spouse is deployed.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'breathing', mention: 'current' },
    weight: 2,
    fits: (c) => c.age >= 1,
    slots: (c) => ({
      who: self(c) ? 'I' : `My ${c.patient.gender === 'male' ? 'son' : 'daughter'} ${c.patient.given}`,
      whose: self(c) ? 'my' : c.patient.gender === 'male' ? 'his' : 'her',
      isAre: self(c) ? 'am' : 'is',
    }),
    subjects: ['[Trouble breathing|Breathing problem|Inhaler not working]'],
    bodies: [
      '{who} cannot catch {whose} breath even sitting still and {whose} lips look [blue|gray]. The albuterol is not helping. [Should we come in?|What should we do?]',
      '{who} {isAre} struggling to breathe and wheezing badly, and the inhaler has not helped after three treatments. [It started an hour ago.|It got worse overnight.]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'chest-pain', mention: 'negated' },
    weight: 2,
    fits: (c) => adult(c) && c.age >= 45,
    slots: (c) => refillableSlots(c, false),
    subjects: ['[Refill|{med} refill|Refill request]'],
    bodies: [
      'No chest pain since the stent[ last spring| in {year}|], just need my {med} refilled. [Rx #{rxNumber}.|Thanks.|]',
      'Doing well, no chest pain or pressure since my cardiac cath. Can I get my {med} refilled? I have a few days left.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'negated' },
    weight: 2,
    fits: adult,
    slots: (c) =>
      medSlots(c, (m) => m.template.key.startsWith('lisinopril')) ?? medSlots(c) ?? { med: 'my new medication' },
    subjects: ['[Cough|Dry cough|Annoying cough]'],
    replies: [
      'A dry cough is a known side effect of some blood pressure medicines. {pcm} may switch you to a different one; please book a visit this week.',
      'Thanks for the details. Please come in for a visit so {pcm} can listen to your lungs; I booked one for tomorrow morning.',
    ],
    bodies: [
      'I have had a dry cough for [a few weeks|about a month] since starting {med}. No chest pain, no fever, no trouble breathing, just the cough[ at night|]. Could it be the medication?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'negated' },
    weight: 2,
    fits: adult,
    subjects: ['[Headache|Headache that will not go away|Persistent headache]'],
    replies: [
      'Thanks for checking the stroke signs. Please come in so we can check your blood pressure and look at the headache; I booked you a visit for tomorrow. Any new weakness or trouble speaking means 911.',
    ],
    bodies: [
      'I have a headache that will not go away[ for {days} days|]. No face drooping, no weakness, no slurred speech, [I checked the stroke signs online|my vision is fine]. [Could it be my blood pressure?|Can I take something stronger than Tylenol?|Do I need to be seen?]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'suicide', mention: 'negated' },
    weight: 2,
    fits: adult,
    slots: (c) => refillableSlots(c, true),
    subjects: ['[{med} refill|Refill request|Refill]'],
    bodies: [
      'I am not having any thoughts of hurting myself, just want to refill my {med}. [The questionnaire at my last visit asked, so I thought I would say.|Thanks.|]',
      'Doing much better on the {med}, no thoughts of self-harm like before. Can I get it refilled?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'breathing', mention: 'negated' },
    fits: adult,
    subjects: ['[Lingering cough|Cough for a week|Cold that will not quit]'],
    replies: [
      'A cough can hang on for a few weeks after a cold. Honey, fluids and an over-the-counter cough medicine can help; come in if you get a fever or it lasts more than three weeks.',
    ],
    bodies: [
      'I have had a cough for [a week|ten days] after a cold. I am not short of breath and have no trouble breathing, it is just annoying[ at night|]. Is there anything I can take?',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'stroke', mention: 'historical' },
    fits: (c) => adult(c) && c.age >= 45,
    subjects: ['[Records for my neurologist|Records request]'],
    bodies: [
      'I had a [small |]stroke back in {year} and I am doing well now. My new neurologist downtown wants my records from that time. How do I get them sent?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'historical' },
    fits: adult,
    subjects: ['[Reflux again|Heartburn|Can I restart omeprazole?]'],
    replies: [
      'Yes, you can restart the omeprazole as before; {pcm} sent a new prescription to the pharmacy. Book a visit if it is not better in two weeks.',
    ],
    bodies: [
      'I had chest pain last year that turned out to be reflux[ after the stress test|]. The heartburn is flaring again at night, same as before. Can I restart the omeprazole?',
    ],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'suicide', mention: 'historical' },
    fits: adult,
    slots: (c) => {
      c.links.appointmentAction = 'schedule';
      return {};
    },
    subjects: ['[Appointment request|Would like to talk to someone|Follow-up appointment]'],
    bodies: [
      'Back in {year} I went through a rough time with suicidal thoughts and was treated for depression. I am doing okay now but I can feel the low mood creeping back and want to get ahead of it. Can I get an appointment with {pcm}?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'family' },
    weight: 2,
    fits: (c) => adult(c) && c.age >= 25,
    subjects: ['[Blood pressure question|Worried about my BP|Family history]'],
    replies: [
      'Thanks for sending your readings. We would like you in for a blood pressure check; I booked a nurse visit for this week.',
    ],
    bodies: [
      'My [father|mother|grandfather] had a stroke [years ago|at 6{n}|when I was a kid], so I worry about my blood pressure. My readings at home have been {bp}. Should I be checked?',
    ],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'chest-pain', mention: 'family' },
    fits: (c) => adult(c) && c.age >= 25,
    slots: (c) => {
      c.links.appointmentAction = 'schedule';
      return {};
    },
    subjects: ['[Cholesterol check|Appointment request|Family heart history]'],
    bodies: [
      'My [dad|mom|brother] had a heart attack at [4{n}|5{n}] and was having chest pain for weeks before. I feel fine, but I would like an appointment to get my cholesterol and heart checked.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'family' },
    fits: adult,
    subjects: ['[Behavioral health|Looking for support|Grief]'],
    replies: [
      'I am so sorry for your loss. {pcm} put in a referral to behavioral health, and they will call you this week. If you ever have thoughts of harming yourself, call 988 and press 1.',
    ],
    bodies: [
      'My [brother|best friend from my unit|cousin] died by suicide [last year|a few years ago] and the anniversary is coming up. I am not in danger, I just want to talk to someone in behavioral health. How do I get an appointment?',
    ],
  },
];
