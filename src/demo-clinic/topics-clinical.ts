import { hasCondition, medSlots } from './compose';
import type { Topic, TopicContext } from './compose';
import { OTC_PRODUCTS } from './formulary';

/**
 * Clinical questions to the nursing pool: symptoms, side effects, home readings, sick children.
 * None of these mention an emergency topic; those live in topics-red-flags.ts with their truth.
 */
/** The patient writes about themself; a parent writes for a child through proxy access. */
const self = (c: TopicContext) => c.sender === c.patient;
const proxy = (c: TopicContext) => c.sender !== c.patient;
const adult = (c: TopicContext) => self(c) && c.age >= 18;
const child = (c: TopicContext) => proxy(c) && c.age < 13;

const JOINTS = [
  { joint: 'ankle', hurtsTo: ['put weight on it', 'walk'], how: ['rolled', 'twisted', 'turned'] },
  { joint: 'knee', hurtsTo: ['bend it', 'go down stairs', 'run'], how: ['twisted', 'tweaked', 'banged'] },
  { joint: 'wrist', hurtsTo: ['grip anything', 'do push-ups', 'type'], how: ['jammed', 'landed on', 'sprained'] },
  { joint: 'shoulder', hurtsTo: ['lift my arm over my head', 'sleep on that side'], how: ['strained', 'tweaked'] },
  { joint: 'lower back', hurtsTo: ['bend over', 'sit for long', 'get out of bed'], how: ['tweaked', 'strained'] },
] as const;

const SKIN = ['arms', 'legs', 'back', 'stomach', 'neck', 'hands', 'face', 'chest and back'] as const;

/** Fits anyone, children through a parent too: the topic a message can always fall back on. */
export const STITCHES: Topic = {
  kind: 'clinical-question',
  fits: () => true,
  slots: (c) => ({
    skin: c.rnd.pick(['hand', 'forearm', 'knee', 'chin', 'forehead', 'foot']),
    who: self(c) ? 'I' : `My ${c.patient.gender === 'male' ? 'son' : 'daughter'} ${c.patient.given}`,
    whose: self(c) ? 'my' : c.patient.gender === 'male' ? 'his' : 'her',
  }),
  subjects: ['[Stitch removal|Stitches out?|Question about stitches]'],
  replies: [
    'Stitches on the face come out after about 5 days and elsewhere after 7 to 14. I booked a nurse visit to take them out; keep the cut clean and dry until then.',
  ],
  bodies: [
    '{who} had stitches put in {whose} {skin} at the ER on {weekday}. When should they come out, and can we do that here? [It looks a little red around the edges.|It looks fine.|]',
  ],
};

export const CLINICAL_TOPICS: readonly Topic[] = [
  {
    kind: 'clinical-question',
    weight: 3,
    fits: (c) => adult(c) && hasCondition(c, 'hypertension'),
    slots: (c) => medSlots(c, (m) => m.condition?.template.key === 'hypertension'),
    subjects: ['[Blood pressure readings|Question about my blood pressure|High BP readings at home|BP question]'],
    replies: [
      'Thanks for sending these. Please check your blood pressure twice a day for a week, seated and rested, and upload the log here; {pcm} will decide whether to change your {med}. A severe headache or vision changes mean the emergency room.',
      '{pcm} reviewed your readings and would like to see you this week for a blood pressure check. I booked you a nurse visit; check your appointments in the portal.',
    ],
    bodies: [
      'My home blood pressure readings have been [around|running about|averaging] {bp} [the past week|since {weekday}|for the last few days] even though I take my {med} every [morning|day]. [I feel fine otherwise.|I have had a few mild headaches.|No other symptoms.] [Should I be worried or change anything before my next appointment?|Should I increase the dose?|Do I need to come in?]',
      'I checked my BP at the [pharmacy|gym|fire station] and it was {bp}. [I ran out of|I missed a couple days of|I have been taking] my {med}[ this week|]. [Is that too high?|What should I do?|Should I come in for a BP check?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 4,
    fits: adult,
    slots: (c) => medSlots(c),
    subjects: ['[Side effects from {med}|Question about {med}|{med} side effects?|Problem with my {med}]'],
    replies: [
      'That is a known side effect of {med}, and it often settles within a couple of weeks. Keep taking it for now; if it does not improve, {pcm} can switch you to something else.',
      'Thanks for letting us know. {pcm} would like to talk about this at a visit before changing anything; please book a follow-up this week and keep taking the {med} until then.',
    ],
    bodies: [
      'I [started|have been taking] {med} [about {weeks} weeks ago|since {nextMonth} last year|since my last visit|since {pastDate}] and I have been having {sideEffect}. [Is this normal?|Is this a known side effect?|Should I stop taking it?|Can I switch to something else?] [It is not terrible but it is bothering me.|It is getting worse.|]',
      'Ever since the dose of my {med} changed I have noticed {sideEffect}. [Could that be from the medication?|Is it safe to keep taking it?] [I have an appointment on {futureDate} but did not want to wait.|]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 4,
    fits: child,
    urgent: 0.25,
    subjects: ['[{childName} has a fever|Sick kiddo|{childName} is sick|Fever]'],
    replies: [
      'Fevers with a cold often last three or four days. Keep {childName} drinking and give Tylenol or Motrin by weight as on the package. We have a same-day slot tomorrow at 0900 if you would like {him} seen; go to the emergency room if {he} is hard to wake or is not drinking.',
      'We do walk-in strep tests weekdays from 0800 to 1100; bring {childName} in tomorrow morning. Tylenol or Motrin by weight will help the fever in the meantime.',
    ],
    bodies: [
      'My {sonDaughter} {childName} ({childAge}) has had a fever [of {temp}|up to {temp}] [on and off |]for {days} days. [{He} is drinking fluids and playing some.|{He} is not eating much but is drinking.|{He} keeps pulling at {his} [left|right] ear.|{He} has a runny nose and a cough too.] [Does {he} need to be seen?|Can we get an appointment today?|Should I keep alternating Tylenol and Motrin?]',
      '{childName} woke up with a temp of {temp} and says {his} throat hurts. [Two kids in {his} class have strep.|{He} threw up once this morning.|] [Can {he} be seen today?|Do you do walk-in strep tests?|What should I watch for?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: self,
    slots: (c) => ({ skin: c.rnd.pick(SKIN), skin2: c.rnd.pick(SKIN) }),
    urgent: 0.1,
    subjects: ['[Rash|Itchy rash|Rash on my {skin}|Skin question]'],
    replies: [
      'Please upload a photo of the rash here so {pcm} can take a look. Over-the-counter hydrocortisone cream and an antihistamine can help the itch in the meantime; swelling of the lips or tongue means the emergency room.',
      '{pcm} looked at your message and would like to see the rash in person. I booked you a visit for tomorrow morning.',
    ],
    bodies: [
      'I [got|noticed] a [red|itchy|bumpy|blotchy] rash on my {skin} [yesterday|{days} days ago|this morning]. [It is not spreading.|It is spreading to my {skin2}.|It itches more at night.] [I have not changed soaps or detergents.|We just got back from camping.|] What should I do?',
      'There is a patch of [dry|scaly|red] skin on my {skin} that will not go away with lotion. [It has been there about {weeks} weeks.|It cracks and bleeds sometimes.] Is there a cream you can prescribe or do I need to be seen?',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 3,
    fits: (c) => self(c) && c.age >= 17 && c.age <= 60,
    slots: (c) => {
      const j = c.rnd.pick(JOINTS);
      return { joint: j.joint, hurtsTo: c.rnd.pick(j.hurtsTo), how: c.rnd.pick(j.how) };
    },
    subjects: ['[Hurt my {joint}|{joint} injury|Question about my {joint}|Injured {joint}]'],
    replies: [
      'Rest, ice, compression and elevation for a few days, and ibuprofen with food if you can take it. If you cannot {hurtsTo} at all or it is not better in a week, we will get an X-ray; I booked you a visit to check it.',
      'I booked you a visit with {pcm} for tomorrow to look at your {joint}; {pcm} can write a temporary profile at that visit.',
    ],
    bodies: [
      'I {how} my {joint} [during PT|on a run|playing basketball|at work|moving furniture|on a ruck march] [on {weekday}|{days} days ago]. It is [swollen|bruised|stiff] and it hurts to {hurtsTo}. [I have been icing it and taking ibuprofen.|Do I need an X-ray?|Can I get a profile for PT?|Should I come in or give it more time?]',
      'My {joint} has been bothering me for [a couple of weeks|about a month] after I {how} it. [It is better in the morning and worse by evening.|It pops and clicks.|] [Can I get a referral to physical therapy?|Do I need to be seen before I can get a profile?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 4,
    fits: self,
    slots: (c) => ({ otc: c.rnd.pick(OTC_PRODUCTS.filter((o) => o.why.includes('cold'))).name }),
    subjects: ['[Cough and congestion|Sore throat|Sick for {days} days|Cold symptoms|Sinus infection?]'],
    replies: [
      'Rest, fluids and over-the-counter cold medicine as directed on the label should help; most of these get better within 7 to 10 days. Call us if you have a fever over 102 or are not improving after a week.',
      'You can come to the walk-in clinic tomorrow from 0730 for a flu and COVID test. Rest and fluids in the meantime.',
    ],
    bodies: [
      'I have had [a cough|a sore throat|congestion and a sinus headache|a runny nose and a cough] for {days} days. [No fever.|Low-grade fever of {temp} last night.|I have tried {otc} but it is not helping.] [Do I need to come in or can something be called in?|Could this be strep?|Is there anything stronger I can take?|Can I get a note for work?]',
      'Whole house is sick. [My spouse|Both kids|Everyone] had it first and now I have [body aches and a cough|a sore throat and fever of {temp}]. [Should I get a COVID or flu test?|Can I come in today?|What can I take with my other medications?]',
    ],
  },
  {
    kind: 'clinical-question',
    fits: (c) => adult(c) && c.patient.gender === 'female' && c.age < 70,
    urgent: 0.2,
    subjects: ['[Possible UTI|UTI symptoms|Burning when I pee]'],
    replies: [
      '{pcm} sent a prescription to the clinic pharmacy; it will be ready after 1400. Please drop off a urine sample at the lab today so we can check the culture.',
    ],
    bodies: [
      'I think I have a UTI: burning when I pee and going a lot since {weekday}. [No fever or back pain.|I have had these before.|It started after a long drive.] [Can something be called in?|Do I need to drop off a urine sample?|Can I come in today?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => adult(c) && hasCondition(c, 'type-2-diabetes'),
    slots: (c) => medSlots(c, (m) => ['metformin-500', 'glipizide-5'].includes(m.template.key)),
    subjects: ['[Blood sugar readings|High sugars|Question about my diabetes]'],
    replies: [
      'Thanks for the readings. {pcm} would like a new A1c; the lab order is in, and you can walk in to the lab any weekday morning. Keep taking your {med} as prescribed.',
    ],
    bodies: [
      'My [fasting |morning |]sugars have been [around|between 140 and] {glucose} [this week|for several days] even on {med}. [I have been trying to cut back on carbs.|I was sick last week.|I have not changed anything.] [Should I change my dose?|When should I get my A1c rechecked?|Should I come in?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: adult,
    slots: (c) => {
      const med = medSlots(c);
      const otc = c.rnd.pick(OTC_PRODUCTS);
      return med === null ? null : { ...med, otc: otc.name, why: otc.why };
    },
    subjects: ['[Medication question|Can I take {otc}?|{otc} with {med}?]'],
    replies: [
      'Yes, {otc} is fine with {med} at the dose on the label.',
      'Please avoid {otc} while you are on {med}; the pharmacist can suggest something that works with it.',
    ],
    bodies: [
      'Is it okay to take {otc} while I am on {med}? {why}',
      'Quick question: the pharmacist said to check with you before taking {otc} with my {med}. Is that safe?',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => adult(c) && hasCondition(c, 'depression', 'anxiety', 'ptsd'),
    slots: (c) => medSlots(c, (m) => m.template.psychiatric === true),
    subjects: ['[Question about my {med}|{med} dose|Follow-up on my medication]'],
    replies: [
      'Thank you for letting us know. {pcm} would like to see you to talk about the {med}; we booked a visit for next week. You can also reach behavioral health directly through the number in your portal.',
    ],
    bodies: [
      'I have been on {med} for [about {weeks} weeks|a couple of months] and I am not sure it is helping much. [I still feel down most days.|My anxiety is a little better but I am not sleeping.|I feel flat.] [Can we talk about adjusting the dose?|Should I make an appointment with {pcm}?|Can I get connected with behavioral health?]',
      'The {med} has helped a lot with my mood, thank you. [I am having {sideEffect} though.|I would like to talk about how long I should stay on it.] [Is there a time to discuss this?|No rush.]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => self(c) && hasCondition(c, 'asthma'),
    subjects: ['[Asthma flare|Using my inhaler more|Asthma question]'],
    replies: [
      'Please restart your controller inhaler twice a day, and come in if you need your albuterol more often than every four hours. I booked you a visit for tomorrow to check your breathing.',
    ],
    bodies: [
      'I have needed my albuterol [{n} times a day|more than usual|every night] [since the weather changed|since I got a cold|during PT|this week]. [It helps for a few hours.|Nights have been worse.] [Should I restart my controller inhaler?|Do I need to come in?|Can I get a steroid pack?]',
    ],
  },
  {
    kind: 'clinical-question',
    fits: self,
    subjects: ['[Vaccine question|Flu shot|Tetanus shot?|Booster question]'],
    replies: ['Vaccines are walk-in at the immunization clinic, 0730 to 1530 on weekdays; no appointment needed.'],
    bodies: [
      '[Do you have flu shots available yet, and do I need an appointment?|Do I need a tetanus booster? I cut my hand on a rusty fence.|Can I get my COVID booster at the clinic or do I go to the pharmacy?|I need my shingles vaccine. Do you carry it or do I get it downtown?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: proxy,
    subjects: ['[Shots for school|{childName} immunizations|Vaccine question]'],
    replies: [
      'Please bring {childName} and {his} shot record to the immunization clinic (walk-in, 0730 to 1530 on weekdays); the nurse will check what is due and print the school form.',
    ],
    bodies: [
      '[Is {childName} due for any shots before school starts?|{childName} is {childAge}. Is {he} due for any vaccines at this age?|Can {childName} get {his} flu shot without an appointment?] [{school} needs the record by {futureDate}.|]',
    ],
  },
  {
    kind: 'clinical-question',
    fits: (c) => self(c) && c.patient.gender === 'female' && c.age >= 19 && c.age <= 42,
    urgent: 0.2,
    subjects: ['[Positive pregnancy test|Pregnant - next steps|Pregnancy question]'],
    replies: [
      'Congratulations! {pcm} put in a referral to OB; Referral Management will contact you this week. Please start a prenatal vitamin if you are not taking one.',
    ],
    bodies: [
      'I [just got|got] a positive home pregnancy test [this morning|yesterday]. [My last period was around {pastDate}.|This would be my second.|We have been trying for a while.] What are the next steps? Do I need a referral to OB?',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: adult,
    subjects: ['[Headaches|Headache for {days} days|Recurring headaches]'],
    replies: [
      'I would like you to be seen for this. I booked you a visit with {pcm} this week; please bring a list of when the headaches happen and what you took for them.',
    ],
    bodies: [
      'I have had [headaches|a dull headache] [most days|on and off] for [{days} days|about {weeks} weeks]. [Tylenol takes the edge off.|It is worse in the morning.|It is behind my eyes.] [Is this something I should be seen for?|Could it be my blood pressure?|Could it be from screen time at work?]',
    ],
  },
  STITCHES,
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => proxy(c) && c.age >= 10,
    slots: (c) => ({ joint: c.rnd.pick(['ankle', 'knee', 'wrist', 'shoulder']) }),
    subjects: ['[{childName} hurt {his} {joint}|Sports injury|{joint} injury at practice]'],
    replies: [
      "I booked {childName} a visit for tomorrow morning to look at the {joint}. The coach's note can be done at the visit.",
    ],
    bodies: [
      '{childName} hurt {his} {joint} at [soccer|basketball|football|volleyball|cheer] practice [on {weekday}|yesterday]. [It is swollen and {he} is limping.|{He} can move it but it is still sore.] [Does {he} need an X-ray?|Can {he} be seen this week?|{His} coach needs a note before {he} can play again.]',
    ],
  },
  {
    kind: 'clinical-question',
    fits: adult,
    subjects: ['[Trouble sleeping|Insomnia|Cannot sleep]'],
    replies: [
      'Try a fixed bedtime, no screens for an hour before bed and no caffeine after noon. If it is not better in two weeks, book a visit with {pcm} and we can talk about a sleep study.',
    ],
    bodies: [
      'I have been having trouble sleeping for [a few weeks|about a month|since I got back from deployment]. [I fall asleep fine but wake up at 3 am.|It takes me hours to fall asleep.|I snore and wake up tired.] Is there something I can try, or should I see someone?',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => adult(c) && hasCondition(c, 'low-back-pain', 'knee-osteoarthritis'),
    slots: (c) => medSlots(c, (m) => ['naproxen-500', 'meloxicam-15'].includes(m.template.key)) ?? { med: 'ibuprofen' },
    subjects: ['[Back pain flare|Pain flare up|Knee pain worse]'],
    replies: [
      '{pcm} put in a referral to physical therapy; Referral Management will contact you this week. Heat and gentle stretching help in the meantime.',
    ],
    bodies: [
      'My [lower back|knee] pain flared up again [after a ruck march|after moving|this week]. The {med} is not helping much. [Can I get a PT referral?|Can I get my profile extended?|Is there something stronger?]',
    ],
  },
  {
    kind: 'clinical-question',
    weight: 2,
    fits: (c) => proxy(c) && c.age >= 6 && hasCondition(c, 'adhd'),
    slots: (c) => medSlots(c, (m) => m.template.controlled === true),
    subjects: ['[{childName} and {med}|Question about {childName} medication]'],
    replies: [
      'That is common with {med}. A bigger breakfast and a snack after school usually help. {pcm} can review the dose at {his} next visit.',
    ],
    bodies: [
      '{childName} has been on {med} since the start of the school year. [{His} teacher says {he} is doing much better,|{He} is focusing better at school] but {he} has {sideEffect}. [Is that something to worry about?|Should we change the time {he} takes it?]',
    ],
  },
];
