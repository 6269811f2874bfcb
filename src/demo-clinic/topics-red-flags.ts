import { medSlots } from './compose';
import type { Topic } from './compose';
import {
  adult,
  child,
  kidSlots,
  partnerSlots,
  RECORDS_REPLIES,
  refillableSlots,
  self,
  woman,
} from './red-flag-support';
import { CRISIS_RED_FLAG_TOPICS } from './topics-red-flags-crisis';
import { MEDICAL_RED_FLAG_TOPICS } from './topics-red-flags-medical';

/**
 * Messages whose wording touches an emergency topic. About a third are emergencies; the rest are
 * the negated, historical, family, education and form mentions a keyword rule would wrongly
 * escalate, each filed under the work it really is. The first four topics (chest pain, stroke
 * signs, suicide, breathing) are here; the other medical families are in
 * topics-red-flags-medical.ts and the other crises in topics-red-flags-crisis.ts.
 */
const FIRST_FOUR: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'current' },
    weight: 1.5,
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
    weight: 1.1,
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
    weight: 1.1,
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
    weight: 1.1,
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
    slots: (c) => refillableSlots(c),
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
    slots: (c) => refillableSlots(c, (m) => m.template.psychiatric === true),
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

/** More of the first four: other wordings, the emergency only in the subject, inside a refill. */
const FIRST_FOUR_MORE: readonly Topic[] = [
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age >= 35,
    subjects: ['[Chest pain right now|Having chest pain|Crushing chest pain|Chest pain for the last hour]'],
    bodies: ['Can someone call me back? {phone}', 'Please call me.', 'I am at home, can someone call?'],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'chest-pain', mention: 'current' },
    weight: 0.45,
    fits: (c) => adult(c) && c.age >= 40,
    slots: (c) => refillableSlots(c),
    subjects: ['[Refill|{med} refill|Refill request]'],
    bodies: [
      'Can I get my {med} refilled? Rx #{rxNumber}. Also I have had a [tight|heavy] feeling in my chest since [this morning|about {hour}] that goes up into my jaw, and I get short of breath just walking to the kitchen. It has not gone away. [Probably nothing.|Maybe I need more of my blood pressure pill.|]',
    ],
  },
  {
    // Women's heart attacks often come as breathlessness, sweating, nausea and upper back or jaw pain (AHA).
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'current' },
    weight: 0.4,
    fits: (c) => woman(c, 45, 90),
    subjects: ['[Flu?|Not feeling well|Back and jaw pain|Feel awful]'],
    bodies: [
      'For the last [hour|couple of hours] I have been really short of breath and sweaty with pressure in my [upper back|chest] and jaw, and I feel like I am going to throw up. [I thought it was the flu.|I took some Tums but it did not help.] [Should I come in tomorrow?|Could it be my reflux?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'chest-pain', mention: 'education' },
    weight: 0.6,
    fits: (c) => woman(c, 35, 80),
    subjects: ['[Heart attack signs|Question about heart health|Women and heart attacks]'],
    replies: [
      'Women often have shortness of breath, nausea, sweating, or back or jaw pain instead of crushing chest pain. Any of these that come on suddenly mean 911. {pcm} is happy to check your heart risk at your next visit.',
    ],
    bodies: [
      'What are the signs of a heart attack in women? A [coworker|friend from church] had one at 5{n} and said it did not feel like chest pain at all. I feel fine myself, I just want to know what to watch for.',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'chest-pain', mention: 'form' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 30,
    subjects: ['[Medical form|Dive physical form|Form for {pcm} to sign]'],
    replies: ['{pcm} would like to see you before signing; I booked a short visit this week.'],
    bodies: [
      'My [scuba certification|commercial driver|flight school] medical form asks if I have ever had chest pain with exercise. I had a normal stress test in {year} and no symptoms since. Can {pcm} sign it?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'current' },
    weight: 0.45,
    fits: (c) => adult(c) && c.age >= 50,
    slots: partnerSlots,
    subjects: ['[{given} is talking funny|Something is wrong with {given}|Question]'],
    bodies: [
      'This is {partnerGiven}, {given}\u2019s {partnerRole}. About [20 minutes|half an hour] ago {he} started [talking funny|slurring {his} words] and {his} [left|right] arm went weak, {he} dropped {his} coffee. [Should I give {him} an aspirin?|Could it be {his} blood sugar?|Should we wait and see if it passes?]',
    ],
  },
  {
    // A sudden "worst headache of my life" (a bleed in the brain until shown otherwise): 911.
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'current' },
    weight: 0.45,
    fits: (c) => adult(c) && c.age >= 25,
    subjects: ['[Worst headache|Sudden headache|Bad headache]'],
    bodies: [
      'I got the worst headache of my life all of a sudden about an hour ago [while lifting at the gym|at work|on the toilet], like being hit in the back of the head. I threw up [once|twice] and my neck is stiff. [Can I take an Excedrin?|Should I come in tomorrow?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'stroke', mention: 'education' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 30,
    subjects: ['[Stroke signs|Question about stroke|Caring for my mom]'],
    replies: [
      'BE FAST: balance, eyes, face drooping, arm weakness, speech, time to call 911. Note when the symptoms started; the hospital will ask.',
    ],
    bodies: [
      'My [mom|dad|mother in law] is moving in with us next month. What are the signs of a stroke we should watch for, is it the BE FAST thing?',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'stroke', mention: 'form' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age >= 50,
    subjects: ['[DMV medical form|Form for my license|Driver form]'],
    replies: ['{pcm} completed the DMV form; you can pick it up at the front desk.'],
    bodies: [
      'The DMV needs a medical form since my mini stroke in {year}. No new symptoms since then. Can {pcm} fill it out, or do I need a visit?',
    ],
  },
  {
    // Croup with stridor at rest and retractions, or drooling: 911.
    kind: 'clinical-question',
    redFlag: { topic: 'breathing', mention: 'current' },
    weight: 0.4,
    fits: (c) => child(c, 1, 6),
    slots: kidSlots,
    subjects: ['[Croup?|Barky cough|{childName} breathing funny]'],
    bodies: [
      '{MyKid} ({childAge}) has a barky cough and now {he} is making a [high-pitched|squeaky] noise every time {he} breathes in, even sitting calmly, and the skin between {his} ribs is sucking in. [We tried the steamy bathroom.|{He} is drooling and will not lie down.] [Can we come in in the morning?|What else can we try?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'breathing', mention: 'current' },
    weight: 0.3,
    fits: (c) => self(c) && c.age >= 18,
    subjects: ['[Cannot breathe|Can\u2019t breathe|Trouble breathing, lips blue]'],
    bodies: ['Please call me at {phone}.', 'Need help now.'],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'breathing', mention: 'form' },
    weight: 0.6,
    fits: (c) => child(c, 4, 15),
    subjects: ['[Asthma action plan|School inhaler form|Form for school]'],
    replies: [
      '{pcm} signed the asthma action plan; it is in your portal under Documents to print for the school nurse.',
    ],
    bodies: [
      'The nurse at {school} needs {childName}\u2019s asthma action plan signed so {he} can keep {his} inhaler in the nurse\u2019s office. It says what to do if {he} has trouble breathing at school. {He} has not had a bad attack since {year}.',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'breathing', mention: 'historical' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age >= 20,
    replies: RECORDS_REPLIES,
    subjects: ['[Records for my pulmonologist|Records request|Hospital records]'],
    bodies: [
      'I was in the ICU on a breathing machine for an asthma attack in {year}. My new pulmonologist wants those records. Can you send them?',
    ],
  },
];

export const RED_FLAG_TOPICS: readonly Topic[] = [
  ...FIRST_FOUR,
  ...FIRST_FOUR_MORE,
  ...MEDICAL_RED_FLAG_TOPICS,
  ...CRISIS_RED_FLAG_TOPICS,
];
