import { hasCondition } from './compose';
import type { Topic } from './compose';
import {
  adult,
  ANTICOAGULANTS,
  child,
  diabetic,
  man,
  partnerSlots,
  pastInfancy,
  RECORDS_REPLIES,
  refillableSlots,
  takenSlots,
  takes,
  woman,
  youngInfant,
} from './red-flag-support';

/*
 * Medical emergencies beyond the first four topics, in the words patients and parents use, each
 * after the "call 911 / go to the emergency department now" disposition of a published nurse
 * telephone-triage protocol (Schmitt-Thompson unless named): some plain, some with the reading
 * that makes them one ("temp 100.8 in my 5 week old"), some only in the subject, some tucked into
 * a refill, records or appointment request. Each family has its look-alikes, filed under the work
 * they really are: denied, past with a date, asked about, or on a form.
 *
 * Weights are small: together with topics-red-flags.ts they keep emergencies to about a third of
 * the red-flag messages, and red-flag messages to RED_FLAG_SHARE of all threads. Topics that fewer
 * than 1 patient in 100 fits (infants under 12 weeks, people on a blood thinner) weigh more:
 * findSender tries 60 patients before drawing another topic, so they come up about a third as
 * often as their weight says.
 */

const OVERDOSE: readonly Topic[] = [
  {
    // Poison Control: a child who swallowed an adult's medicine and is now drowsy or breathing oddly: 911.
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'current' },
    weight: 0.4,
    fits: (c) => child(c, 1, 5),
    subjects: ['[{childName} swallowed pills|Got into my pills|Pills|{childName} ate some medicine]'],
    bodies: [
      '{childName} got into [my|grandma\u2019s|my husband\u2019s] [blood pressure pills|pill organizer|pain pills|sleeping pills] [about half an hour ago|while I was in the shower|this afternoon] and I think {he} swallowed [a few|some|two or three]. Now {he} is [really sleepy and hard to wake up|stumbling around and not acting right|breathing slow and snoring]. [Do I call poison control?|What should I do?|Should I make {him} throw up?]',
    ],
  },
  {
    // Poison Control: a swallowed button battery needs an X-ray in the emergency department at once.
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'current' },
    weight: 0.3,
    fits: (c) => child(c, 1, 6),
    subjects: ['[Swallowed a battery|{childName} swallowed something|Battery]'],
    bodies: [
      '{childName} swallowed one of those [little round|coin] batteries from [the TV remote|a musical card|a toy|the car key fob] [about an hour ago|this morning|after lunch]. [{He} seems fine right now.|{He} is drooling a lot and does not want to eat.|{He} coughed a little but is playing.] [Will it just pass?|Does {he} need an X-ray?|Should we wait and watch {his} diapers?]',
    ],
  },
  {
    // An opioid overdose (hard to wake, slow breathing) is 911; a spouse types on the patient's account.
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age >= 25,
    slots: partnerSlots,
    subjects: ['[Please help|Cannot wake {him} up|{given} took too many pills]'],
    bodies: [
      'This is {partnerGiven}, {given}\u2019s {partnerRole}. {He} took [some of the leftover oxycodone from {his} surgery|some pain pills a friend gave {him}|some of {his} old Percocet] [with a few beers|for {his} back] and now I can barely wake {him} up. {His} breathing is slow and [snoring|gurgling] and {his} lips look [gray|bluish]. [Should I let {him} sleep it off?|What do I do?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'education' },
    weight: 0.6,
    fits: (c) => adult(c) && c.age >= 45,
    subjects: ['[Getting rid of old pills|Medicine disposal|Old pain pills]'],
    replies: [
      'The pharmacy has a drug take-back box by the front door, or you can ask for a free mail-back envelope. A locked box is the safest place for anything you keep.',
    ],
    bodies: [
      'I have leftover [oxycodone|pain pills] from my surgery in {year}. [The grandkids|My grandkids] are visiting [for the holidays|next month] and I do not want them getting into anything. How do I get rid of them safely?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'historical' },
    weight: 0.5,
    fits: (c) => child(c, 2, 6),
    subjects: ['[Follow-up question|{childName} vitamins|Poison control called]'],
    replies: [
      'Since Poison Control said it was safe and {he} has been fine since, no follow-up is needed. Keep vitamins and medicines up high and locked.',
    ],
    bodies: [
      '{childName} got into the gummy vitamins last {weekday} and ate [a few|about five]. We called poison control that day and they said it was fine, and {he} has been completely normal since. Do we need a follow-up visit?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'family' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 30 && c.age <= 65,
    subjects: ['[Narcan|Naloxone prescription|Question about Narcan]'],
    replies: [
      'I am so sorry about your brother. Narcan nasal spray is sold at the pharmacy without a prescription, and TRICARE covers it with one; {pcm} sent a prescription to the clinic pharmacy.',
    ],
    bodies: [
      'My brother died of an overdose in {year}. My [teenage son|nephew] is staying with us now and I would like to keep Narcan in the house just in case. Can {pcm} prescribe it, or do I just buy it at the pharmacy?',
    ],
  },
];

const ANAPHYLAXIS: readonly Topic[] = [
  {
    // Hives with throat tightness or a swelling tongue after a sting: anaphylaxis, 911.
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age < 75,
    subjects: ['[Bee sting|Stung and hives|Allergic reaction?|Stung by a wasp]'],
    bodies: [
      'I got stung by a [bee|wasp|yellow jacket] [about 20 minutes ago|at lunch|mowing the yard] and now I have hives [all over|on my chest and arms] and my [throat feels tight|tongue feels thick|voice sounds hoarse]. [I do not have an EpiPen.|I took a Benadryl.|I have never been allergic before.] [Is this normal?|How long should the Benadryl take?|Should I come in?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'current' },
    weight: 0.4,
    fits: (c) => child(c, 2, 14),
    subjects: ['[Allergic reaction|{childName} ate peanuts|Hives and throwing up]'],
    bodies: [
      '{childName} ate a [cookie|granola bar|piece of cake] at [a birthday party|school|a friend\u2019s house] that had [peanuts|cashews|tree nuts] in it. {He} has hives [on {his} face and chest|everywhere], {his} lips are swelling and {he} is [coughing and throwing up|wheezing and says {his} throat itches]. [I gave {him} Benadryl.|We used {his} EpiPen and {he} seems a bit better.] [Do we still need to go in?|What now?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'current' },
    weight: 0.3,
    fits: adult,
    subjects: ['[Reaction to new medicine|Face swelling|Antibiotic reaction]'],
    bodies: [
      'I took my first dose of [the new antibiotic|amoxicillin|the Bactrim] [an hour ago|this morning] and now my lips and eyes are swelling and it is hard to swallow. [Should I stop taking it?|Can you call in a different one?]',
      'I took my first dose of [the new antibiotic|amoxicillin|the Bactrim] an hour ago and now my face and tongue are swelling and it is hard to swallow. [Should I stop taking it?|Can you call in a different one?]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'anaphylaxis', mention: 'current' },
    weight: 0.2,
    fits: (c) => adult(c) && c.age < 70,
    slots: (c) => refillableSlots(c),
    subjects: ['[Refill|Refill request|EpiPen and {med} refill]'],
    bodies: [
      'Can I get my {med} refilled, and a new EpiPen? I used mine [about half an hour ago|this morning] after eating [shrimp|something with peanuts] at work. My throat still feels tight and [it is getting harder to breathe|I am dizzy|my lips are still swelling].',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'anaphylaxis', mention: 'form' },
    weight: 0.9,
    fits: (c) => child(c, 3, 15),
    subjects: ['[School allergy form|EpiPen form for school|Allergy action plan]'],
    replies: [
      '{pcm} signed the allergy action plan; it is in your portal under Documents to print for the school nurse.',
    ],
    bodies: [
      'The nurse at {school} needs the allergy action plan and EpiPen form signed by {pcm} [before {futureDate}|for the new school year]. {childName} has a [peanut|tree nut|bee sting] allergy [but has never had a bad reaction|and reacted once as a toddler in {year}]. Can I drop the form off?',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'anaphylaxis', mention: 'negated' },
    weight: 0.6,
    fits: (c) => adult(c) && c.age < 70,
    slots: (c) => refillableSlots(c),
    subjects: ['[Refill|EpiPen refill|Refill request]'],
    bodies: [
      'Please refill my {med}[ (Rx #{rxNumber})|]. Also my EpiPens expire next month, can I get new ones? I have not had to use one since [{year}|I was a kid], no reactions at all.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'family' },
    weight: 0.5,
    fits: (c) => child(c, 1, 8),
    subjects: ['[Allergy testing for {childName}|Peanut allergy question|Allergy question]'],
    replies: [
      'Most brothers and sisters of a child with a peanut allergy do not need testing first. {pcm} would like to talk it through at {childName}\u2019s next visit, which I booked for next week.',
    ],
    bodies: [
      '{childName}\u2019s older [brother|sister] has a severe peanut allergy and had to use an EpiPen in {year}. Should {childName} be tested before we try peanut butter? {He} has never had a reaction to anything.',
    ],
  },
];

const INFANT_FEVER: readonly Topic[] = [
  {
    // AAP and Schmitt-Thompson: any fever of 100.4 °F or more under 3 months old, emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'current' },
    weight: 1.8,
    fits: youngInfant,
    subjects: ['[{childName} has a fever|Fever|Baby feels warm|Newborn fever|Question about {childName}]'],
    bodies: [
      'My {weeksOld} week old [has a temp of|has a fever of] {infantTemp} [rectal|rectally|with the forehead thermometer|] [tonight|this morning|an hour ago]. [{He} is eating okay.|{He} is sleepier than usual and not finishing {his} bottles.|{He} has a little cough.] [Can we bring {him} in tomorrow?|Can I give {him} Tylenol?|Is that a real fever at this age?|Should I keep an eye on it?]',
      '{childName} is {weeksOld} weeks old and [felt warm|was fussy] so I checked, {infantTemp} rectal. [{He} has not been feeding as much.|{His} big sister has a cold.|{He} got {his} shots {weekday}.] [Do we need to be seen or just watch {him}?|What should I do?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'current' },
    weight: 0.9,
    fits: youngInfant,
    subjects: ['[fever|temp|{childName} temp|baby fever]'],
    bodies: [
      'temp {infantTemp} in my {weeksOld} week old [what do i do|is that bad|should i give tylenol|pediatrician line is busy]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'current' },
    weight: 0.6,
    fits: youngInfant,
    subjects: ['[Fever of {infantTemp} in my {weeksOld} week old|{weeksOld} week old with fever {infantTemp}]'],
    bodies: ['[Please call me|Can someone call me back] at {phone}.', 'Please call me back.'],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'infant-fever', mention: 'current' },
    weight: 0.6,
    fits: youngInfant,
    subjects: ['[Appointment for {childName}|Well baby check|Newborn appointment]'],
    bodies: [
      'Can we get an appointment for {childName}\u2019s next well baby check? [Any morning works.|] Also {he} felt warm tonight and I took {his} temp, it was {infantTemp}[ rectal|]. [Is that okay to bring up at the visit?|{He} is {weeksOld} weeks.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'negated' },
    weight: 1.2,
    fits: youngInfant,
    subjects: ['[Stuffy nose|Congested baby|Question about {childName}]'],
    replies: [
      'Congestion is common at this age. Saline drops and the bulb syringe before feeds are fine. Any rectal temperature of 100.4 or higher means the emergency room right away.',
    ],
    bodies: [
      '{childName} ({weeksOld} weeks) is really stuffy and snorts when {he} feeds. No fever, [rectal temp was {normalTemp}|I checked and it was {normalTemp} rectal]. [Are saline drops okay?|Is the bulb syringe safe?|Should we use a humidifier?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'education' },
    weight: 1.2,
    fits: youngInfant,
    subjects: ['[Thermometer question|Newborn fever question|What counts as a fever?]'],
    replies: [
      'Use a digital thermometer in the bottom for a baby this young. A temperature of 100.4 or higher is a fever, and under 3 months that means the emergency room right away, day or night.',
    ],
    bodies: [
      'What temperature counts as a fever for a baby {childName}\u2019s age, and which thermometer should we use? [{He} gets {his} shots on {futureDate}.|We are first-time parents.|]',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'infant-fever', mention: 'historical' },
    weight: 0.5,
    fits: pastInfancy,
    replies: RECORDS_REPLIES,
    subjects: ['[Hospital records|Records for {childName}|Records request]'],
    bodies: [
      '{childName} was in the hospital when {he} was [3|5|6] weeks old in {bornYear} for a fever of [100.9|101.2|102] and had [a spinal tap|two days of IV antibiotics]. {He} has been healthy since. Can you send those records to [{his} new daycare|the pediatric specialist|{school}]?',
    ],
  },
];

const PREGNANCY: readonly Topic[] = [
  {
    // ACOG urgent maternal warning signs: severe headache, vision changes, BP 160/110: labor and delivery now.
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.4,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Headache and pregnant|Bad headache|Swelling and headache|Question about my pregnancy]'],
    bodies: [
      'I am {pregWeeks} weeks pregnant and have had a bad headache since [this morning|last night] that Tylenol did not touch. [I am seeing spots|My vision is blurry] and my [hands and face are|face is] swollen. I checked my blood pressure [at home|at the pharmacy] and it was {pregBp}. [Should I call my OB Monday?|Can I take something else for the headache?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.3,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Bleeding|Bleeding and cramping|Pregnancy question]'],
    bodies: [
      'I am {pregWeeks} weeks and started bleeding [an hour ago|this morning], [soaking a pad every hour|bright red with clots], with cramping that [will not stop|keeps getting worse]. [My OB appointment is on {futureDate}.|Is this normal?|Should I lie down?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.3,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Baby not moving much|Decreased movement|Question about kicks]'],
    bodies: [
      'I am {lateWeeks} weeks and I have not felt the baby move [since last night|all day|much since this morning], even after [drinking juice and lying on my side|eating and lying down]. [Is that normal near the end?|Could I come in tomorrow?|Maybe the baby is just sleeping?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.2,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Leaking fluid|Did my water break?|Pregnancy question]'],
    bodies: [
      'I am {pretermWeeks} weeks and I think my water broke, clear fluid keeps leaking [since {hour}|every time I stand up]. I have some cramping. [Could it just be discharge?|Do I need to come in?]',
    ],
  },
  {
    // A positive test, one-sided pain and nearly fainting: an ectopic pregnancy until shown otherwise.
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.3,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Positive test and pain|Side pain|Pain and pregnant?]'],
    bodies: [
      'I had a positive pregnancy test [last week|on {weekday}] and now I have sharp pain low on my [left|right] side [that will not let up|and pain in my shoulder] and I almost passed out [in the shower|getting up this morning]. [Is that normal early on?|When can I get my first appointment?]',
    ],
  },
  {
    kind: 'appointment-request',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.2,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[First prenatal appointment|Appointment request|New OB appointment]'],
    bodies: [
      'I need to schedule my first prenatal appointment, I am about {earlyWeeks} weeks. I have also had really bad pain on my [left|right] side since last night and some bleeding, and I get dizzy when I stand up. [Can I get in this week?|What is the soonest?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.2,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[{pregWeeks} weeks pregnant and bleeding a lot|Pregnant and bleeding heavily]'],
    bodies: ['Please call me at {phone}.', '[Can someone call me?|Please call.]'],
  },
  {
    // Postpartum hemorrhage: soaking a pad an hour, big clots, dizzy: 911.
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.2,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Bleeding after delivery|Postpartum question|Heavy bleeding]'],
    bodies: [
      'I had my baby [2 weeks|3 weeks|10 days] ago and since [this morning|lunch] I am soaking a pad every hour with clots [bigger than a golf ball|the size of an egg]. I feel [dizzy|lightheaded and my heart is racing]. [Is this normal after delivery?|My postpartum check is on {futureDate}.]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'education' },
    weight: 0.7,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Pregnancy warning signs|When to go to L&D|Question about my pregnancy]'],
    replies: [
      'Go to labor and delivery for bleeding, fluid leaking, a bad headache or vision changes, the baby moving less, or regular contractions before 37 weeks. Call us with anything else.',
    ],
    bodies: [
      'I am {pregWeeks} weeks pregnant [with my first|and new to the area]. What warning signs should make me go straight to labor and delivery instead of calling the clinic? [Everything has been fine so far.|]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'negated' },
    weight: 0.7,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Morning sickness|Nausea in pregnancy|Pregnancy question]'],
    replies: [
      'Vitamin B6 with doxylamine (Unisom) is safe in pregnancy and helps many people. Small frequent meals help too; call us if you cannot keep fluids down for a day.',
    ],
    bodies: [
      'I am {earlyWeeks} weeks pregnant and nauseous all day. No bleeding, no cramping, just the nausea. Can I take Unisom and B6?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'historical' },
    weight: 0.6,
    fits: (c) => woman(c, 20, 42),
    subjects: ['[Pregnant again|Baby aspirin question|New pregnancy]'],
    replies: [
      'Congratulations! Low-dose aspirin from 12 weeks is recommended after preeclampsia. {pcm} put in your OB referral; book a first prenatal visit in the next two weeks.',
    ],
    bodies: [
      'I had preeclampsia with my first baby in {year} and just found out I am pregnant again, about {earlyWeeks} weeks. [Should I be on baby aspirin?|Can I get the OB referral started early?]',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'pregnancy', mention: 'form' },
    weight: 0.4,
    fits: (c) => woman(c, 18, 40) && c.patient.category === 'ADSM',
    subjects: ['[Pregnancy profile|Profile for my command|Pregnancy memo]'],
    replies: ['{pcm} signed your pregnancy profile; it is in your portal under Documents.'],
    bodies: [
      'My command needs a pregnancy profile. I am {earlyWeeks} weeks, no complications so far. Can {pcm} sign it through the portal?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'family' },
    weight: 0.5,
    fits: (c) => woman(c, 18, 40),
    subjects: ['[Preeclampsia question|Pregnancy question|Family history]'],
    replies: [
      'A mother or sister with preeclampsia raises your risk a little, and low-dose aspirin from 12 weeks may be recommended; {pcm} will go over it at your first prenatal visit.',
    ],
    bodies: [
      '[My sister had preeclampsia and her baby came at 32 weeks|My mom had preeclampsia with me and I was born early|My sister had preeclampsia and had to be induced early]. I am {earlyWeeks} weeks pregnant with my first and everything is fine so far. Am I at higher risk, and should I be on baby aspirin?',
    ],
  },
];

const HEAD_INJURY: readonly Topic[] = [
  {
    // A child vomiting more than once, confused or hard to wake after a head injury: the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'head-injury', mention: 'current' },
    weight: 0.45,
    fits: (c) => child(c, 2, 15),
    subjects: ['[{childName} hit {his} head|Head injury|Fell and hit head|Bump on the head]'],
    bodies: [
      '{childName} [fell down the stairs|hit {his} head on the coffee table|got hit in the head with a bat] [this afternoon|about an hour ago|before dinner] and [has thrown up three times|keeps throwing up] and [is really sleepy|keeps asking the same questions|does not remember falling]. [{He} has a bump but no cut.|] [Can I let {him} sleep?|Should we come in tomorrow?|What should I watch for?]',
    ],
  },
  {
    // A head injury on a blood thinner: the emergency department now, whatever the symptoms.
    kind: 'clinical-question',
    redFlag: { topic: 'head-injury', mention: 'current' },
    weight: 0.6,
    fits: (c) => adult(c) && takes(c, ...ANTICOAGULANTS),
    slots: (c) => takenSlots(c, ANTICOAGULANTS),
    subjects: ['[Fell and hit my head|Fall|Hit my head]'],
    bodies: [
      'I slipped on [the ice|the stairs|the bathroom floor] [this morning|last night] and hit my head [on the counter|on the step|on the tub]. I take {med}. [My headache is getting worse|I feel a little foggy|I threw up once] [and I am seeing double|]. [Do I need to come in?|Should I skip my {med} tonight?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'head-injury', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age <= 40,
    subjects: ['[Knocked out|Concussion?|Head injury]'],
    bodies: [
      'I got knocked out for [a minute|a couple of minutes] [at combatives|playing rugby|in a car accident] [this morning|today] and now I have a [bad|pounding] headache, I have thrown up twice and [I feel confused|the room is spinning]. [Can I get seen tomorrow?|Can I get a profile?]',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'head-injury', mention: 'current' },
    weight: 0.2,
    fits: (c) => child(c, 5, 17),
    subjects: ['[Shot record|Immunization record for {childName}|Records request]'],
    bodies: [
      'I need a copy of {childName}\u2019s shot record for {school}. Also {he} hit {his} head at [practice|recess] today and has thrown up [twice|three times] and seems confused. Is that normal after a concussion?',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'head-injury', mention: 'historical' },
    weight: 0.6,
    fits: (c) => adult(c) && c.age >= 22,
    replies: RECORDS_REPLIES,
    subjects: ['[Records for the VA|TBI records|Concussion records]'],
    bodies: [
      'Please send my records from my concussion in {year} [to the VA for my TBI claim|to my neurologist downtown|for my separation physical]. I was seen here [a few times after|for follow-up].',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'head-injury', mention: 'form' },
    weight: 0.6,
    fits: (c) => child(c, 8, 17),
    subjects: ['[Return to play form|Concussion clearance|Sports form]'],
    replies: [
      '{pcm} would like to see {childName} before signing the return-to-play form; I booked a visit for this week.',
    ],
    bodies: [
      '{childName} needs the [return to play|concussion clearance] form signed for [{school}|{his} soccer league]. {He} had a concussion on {pastDate} and has had no headaches or dizziness since [the first week|then]. Can {pcm} sign it?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'head-injury', mention: 'negated' },
    weight: 0.7,
    fits: (c) => child(c, 1, 10),
    subjects: ['[Bumped head|Bump on {childName}\u2019s head|Question]'],
    replies: [
      'A goose egg is common and ice and Tylenol are fine. Watch {him} for 24 hours; vomiting more than once, unusual sleepiness or confusion mean the emergency room.',
    ],
    bodies: [
      '{childName} bumped {his} head on the table [this morning|yesterday]. No passing out, no throwing up, acting like {his} normal self, just a [goose egg|small bump]. Is ice and Tylenol okay?',
    ],
  },
];

const BLOOD_SUGAR: readonly Topic[] = [
  {
    // Low blood sugar still low after treating it, or with confusion: 911 / the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'current' },
    weight: 0.4,
    fits: diabetic,
    slots: (c) => takenSlots(c, ['glipizide-5', 'metformin-500']) ?? { med: 'diabetes pills' },
    subjects: ['[Low blood sugar|Sugar is low|Shaky|Blood sugar question]'],
    bodies: [
      'My sugar was {lowSugar} [this morning|after lunch|at {hour}]. I drank [orange juice|a regular soda] and rechecked and it is only {recheckSugar}. I am [shaky and sweaty and having trouble thinking straight|confused and my hands will not stop shaking]. [Should I skip my {med}?|What should I do?|Should I eat something else?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'current' },
    weight: 0.3,
    fits: (c) => diabetic(c) && c.age >= 40,
    slots: partnerSlots,
    subjects: ['[{given}\u2019s sugar is low|Low sugar|Please help]'],
    bodies: [
      'This is {partnerGiven}, {given}\u2019s {partnerRole}. {His} sugar is {lowSugar} and {he} is [confused and not making sense|sweaty and slurring {his} words|acting drunk] and will not drink the juice I gave {him}. [What do I do?|Should I wait and recheck?]',
    ],
  },
  {
    // Very high sugar with vomiting and fast breathing: the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'current' },
    weight: 0.3,
    fits: diabetic,
    subjects: ['[High sugar|Sugar over 500|Meter says HI]'],
    bodies: [
      'My sugar meter says [HI|{highSugar}] and I have been throwing up since last night, so thirsty, and [breathing fast|so weak I can barely stand]. [Should I take an extra metformin?|Should I just drink water?|Is my meter broken?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'current' },
    weight: 0.2,
    fits: diabetic,
    subjects: ['[sugar {lowSugar}|low sugar|Sugar {lowSugar}]'],
    bodies: ['sugar {lowSugar} and shaky[ and confused|], juice not bringing it up[ after 2 tries|]. what do i do'],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'historical' },
    weight: 0.7,
    fits: diabetic,
    slots: (c) => takenSlots(c, ['glipizide-5', 'metformin-500']) ?? { med: 'diabetes medicine' },
    subjects: ['[Low sugar last week|Question about my {med}|Blood sugar question]'],
    replies: [
      'Thanks for letting us know. {pcm} would like to lower your {med} dose; a new prescription is at the pharmacy. Keep glucose tablets with you.',
    ],
    bodies: [
      'I had a low of {mildLowSugar} last {weekday} after skipping lunch. I ate some crackers and it came up to [95|110] in 15 minutes and I have been fine since. Should my {med} be changed?',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'blood-sugar', mention: 'form' },
    weight: 0.5,
    fits: diabetic,
    subjects: ['[DMV form|Driver medical form|Form for my license]'],
    replies: ['{pcm} completed the DMV form; you can pick it up at the front desk.'],
    bodies: [
      'The DMV sent me a medical form because I have diabetes. No low sugar episodes or passing out in the last year. Can {pcm} fill it out, or do I need an appointment?',
    ],
  },
];

const BLOOD_PRESSURE: readonly Topic[] = [
  {
    // AHA: over 180/120 with a headache, vision change, chest pain or numbness is a hypertensive emergency: 911.
    kind: 'clinical-question',
    redFlag: { topic: 'blood-pressure', mention: 'current' },
    weight: 0.45,
    fits: (c) => adult(c) && c.age >= 35,
    subjects: ['[Blood pressure very high|BP really high|High blood pressure and headache]'],
    bodies: [
      'My blood pressure is {crisisBp} and I have a [bad|pounding] headache [and my vision is blurry|and my left hand feels numb|and some chest tightness]. I rechecked [twice|after 5 minutes] and it is still over 200. [Should I take an extra pill?|Should I come in tomorrow?|What should I do?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'blood-pressure', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age >= 35,
    subjects: ['[BP {crisisBp}|bp|blood pressure]'],
    bodies: [
      'BP {crisisBp} with a bad headache[ and blurry vision| and chest tightness|], [what should i do|should i go in|rechecked and still high]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'blood-pressure', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && hasCondition(c, 'hypertension'),
    slots: (c) => refillableSlots(c, (m) => m.condition?.template.key === 'hypertension'),
    subjects: ['[{med} refill|Refill|Ran out of {med}]'],
    bodies: [
      'I need my {med} refilled, I ran out [a week ago|on {weekday}]. My BP was {crisisBp} this morning and I have a [terrible|pounding] headache and [my left arm feels numb|my vision is blurry|my chest feels tight].',
    ],
  },
  {
    kind: 'admin-question',
    redFlag: { topic: 'blood-pressure', mention: 'form' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 30 && hasCondition(c, 'hypertension'),
    subjects: ['[DOT physical form|Form for my job|Medical form]'],
    replies: ['{pcm} would like a blood pressure check before signing the form; I booked you a nurse visit.'],
    bodies: [
      'My new job needs a form about my blood pressure history. I went to the ER with a reading over 200 in {year}, but it has been controlled on my medication since. Can {pcm} fill it out?',
    ],
  },
];

const HEAT: readonly Topic[] = [
  {
    // Heat stroke (confusion, a temperature of 104 °F or more after exertion): 911.
    kind: 'clinical-question',
    redFlag: { topic: 'heat', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age <= 60,
    slots: partnerSlots,
    subjects: ['[Heat|{given} is not acting right|Overheated]'],
    bodies: [
      'This is {partnerGiven}, {given}\u2019s {partnerRole}. {He} came home from [a ruck march|PT|mowing the yard|a run] [about an hour ago|this afternoon] and [is confused and not making sense|keeps stumbling and talking funny]. {He} is [burning hot|hot and dry] to the touch, {heatTemp} on our thermometer. [Should I give {him} Tylenol?|Can I just put {him} in a cool shower?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'heat', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.patient.category === 'ADSM',
    subjects: ['[Heat injury?|Sick after the ruck|Dizzy after PT]'],
    bodies: [
      '[My battle buddy is typing this for me.|My roommate is typing this.] After the [ruck|run|field exercise] today I got dizzy, threw up [twice|a few times], and I am still [confused|really out of it] and I stopped sweating. My temp is {heatTemp}. [Can I get a profile?|Should I just drink water?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'heat', mention: 'current' },
    weight: 0.2,
    fits: (c) => child(c, 12, 17),
    subjects: ['[{childName} collapsed at practice|Heat exhaustion?|Practice in the heat]'],
    bodies: [
      '{childName} collapsed at [football|soccer|band] practice in the heat and now {he} is [confused and throwing up|not making sense and very hot]. The coach said {his} temp was {heatTemp}. [Can I bring {him} in tomorrow?|Should I give {him} Gatorade?]',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'heat', mention: 'historical' },
    weight: 0.5,
    fits: (c) => adult(c) && c.patient.category === 'ADSM',
    replies: RECORDS_REPLIES,
    subjects: ['[Heat injury records|Records for my command|Records request]'],
    bodies: [
      'I had a heat stroke at [basic training|{station}] in {year}. My command needs the records for my [heat injury profile|field exercise packet]. [Can you upload them?|Can I pick them up?]',
    ],
  },
];

const TORSION: readonly Topic[] = [
  {
    // Sudden testicle pain: torsion until shown otherwise, the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'torsion', mention: 'current' },
    weight: 0.3,
    fits: (c) => child(c, 10, 17) && c.patient.gender === 'male',
    subjects: ['[{childName} has bad pain|Testicle pain|Groin pain]'],
    bodies: [
      '{childName} woke up [about {hour}|an hour ago|this morning] with sudden bad pain in one of his testicles[ and it looks swollen| on the left side|]. He threw up [once|twice] and [can barely walk|is crying]. [Can we come in first thing tomorrow?|Should I give him Motrin?|Could it be a pulled muscle from practice?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'torsion', mention: 'current' },
    weight: 0.2,
    fits: (c) => man(c, 18, 30),
    subjects: ['[Groin pain|Pain down there|Sudden pain]'],
    bodies: [
      'Sudden [bad|sharp] pain in my [left|right] testicle since [this morning|{hour}], it is swollen and sits higher than the other one, and I feel sick to my stomach. [Can I get seen today?|Is it a hernia?|Can I get a profile?]',
    ],
  },
  {
    // Sudden one-sided pelvic pain with vomiting: ovarian torsion, the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'torsion', mention: 'current' },
    weight: 0.2,
    fits: (c) => woman(c, 18, 45),
    subjects: ['[Sudden pain on my side|Pelvic pain|Bad cramps?]'],
    bodies: [
      'Sudden [stabbing|severe] pain low on my [left|right] side since [this morning|{hour}], it comes in waves and I keep throwing up. [I had an ovarian cyst before.|It is not my period.] [Can I get in today?|What can I take?]',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'torsion', mention: 'historical' },
    weight: 0.4,
    fits: (c) => child(c, 10, 17) && c.patient.gender === 'male',
    replies: RECORDS_REPLIES,
    subjects: ['[Surgery records|Records for sports physical|Records request]'],
    bodies: [
      '{childName} had surgery for a twisted testicle in {year}. The sports physical form for {school} asks for past surgeries, can you send the operative note?',
    ],
  },
];

const SEPSIS: readonly Topic[] = [
  {
    // An infection with a high fever, confusion or a racing heart (Sepsis Alliance's TIME): the ED now.
    kind: 'clinical-question',
    redFlag: { topic: 'sepsis', mention: 'current' },
    weight: 0.3,
    fits: adult,
    subjects: ['[UTI getting worse|Kidney infection?|Fever and chills]'],
    bodies: [
      'I have had a [bladder infection|UTI] for a few days and now I have a fever of {highFever}, shaking chills, my heart is racing and I am [confused|so dizzy I can barely stand|breathing fast]. [Can you call in an antibiotic?|Should I come in tomorrow?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'sepsis', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age >= 25,
    subjects: ['[Incision looks infected|Wound question|After surgery]'],
    bodies: [
      'I had [my gallbladder out|a knee scope|a hernia repair] on {pastDate}. The incision is red, hot and leaking pus with red streaks going up, I have a fever of {highFever} and I feel [confused|worse than I have ever felt|faint when I stand]. [Can you send an antibiotic?|Should I call the surgeon Monday?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'sepsis', mention: 'current' },
    weight: 0.2,
    fits: (c) => adult(c) && c.age >= 60,
    slots: partnerSlots,
    subjects: ['[{given} is very sick|Fever and confused|Worried about {given}]'],
    bodies: [
      'This is {partnerGiven}, {given}\u2019s {partnerRole}. {He} has a fever of {highFever}, is [confused and not making sense|very sleepy and hard to wake], breathing fast and {his} skin is [cold and clammy|blotchy]. {He} has had a cough for a few days. [Can {he} be seen tomorrow?|Should I give {him} Tylenol?]',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'sepsis', mention: 'historical' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 30,
    replies: RECORDS_REPLIES,
    subjects: ['[Hospital records|Records for my specialist|Records request]'],
    bodies: [
      'I was in the ICU with sepsis from a kidney infection in {year}. My new [urologist|specialist] wants those records. How do I get them sent?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'sepsis', mention: 'education' },
    weight: 0.5,
    fits: (c) => woman(c, 18, 80),
    subjects: ['[UTI symptoms|Burning when I pee|UTI]'],
    replies: [
      'Those sound like a bladder infection; {pcm} sent an antibiotic to the pharmacy. Fever, back pain, shaking chills or confusion mean the emergency room.',
    ],
    bodies: [
      'I think I have a UTI, burning and going a lot since {weekday}. No fever, no back pain. I read about sepsis online and got nervous, what signs should I watch for? Can you call in an antibiotic?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'sepsis', mention: 'family' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 40,
    subjects: ['[Pneumonia shot|Vaccines|Flu shot question]'],
    replies: [
      'I am sorry about your father. You can get a flu shot at the walk-in immunization clinic any weekday; {pcm} will check whether the pneumonia vaccine is due for you at your next visit.',
    ],
    bodies: [
      'My father died of sepsis from pneumonia last winter. Should I get the pneumonia shot, and am I due for a flu shot? I am healthy, I just want to be careful.',
    ],
  },
];

const BLEEDING: readonly Topic[] = [
  {
    // Bleeding that will not stop after 10 minutes of pressure, or spurting: 911 / the ED now.
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age <= 75,
    subjects: ['[Cut my hand|Bad cut|Will not stop bleeding|Stitches?]'],
    bodies: [
      'I cut my [hand|thumb] with a [kitchen knife|box cutter|saw] about [20 minutes|half an hour] ago and it [will not stop bleeding|is still spurting] even with pressure the whole time. The towel is soaked through. [Do I need stitches?|Can I come in this afternoon?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.3,
    fits: (c) => adult(c) && c.age >= 30,
    subjects: ['[Threw up blood|Vomiting|Stomach problem]'],
    bodies: [
      'I threw up [blood|what looks like coffee grounds] [this morning|twice today] and I feel [dizzy and weak|lightheaded when I stand up]. [I have been taking a lot of ibuprofen for my knee.|I have had an ulcer before.|] [Should I stop eating for a while?|Can I get an appointment this week?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && takes(c, ...ANTICOAGULANTS),
    slots: (c) => takenSlots(c, ANTICOAGULANTS),
    subjects: ['[Black stools|Stomach question|Question about {med}]'],
    bodies: [
      'My stools have been black and tarry since yesterday and I almost passed out getting up [this morning|from the toilet]. I take {med}. [Should I stop it?|Is that from iron?]',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && takes(c, ...ANTICOAGULANTS),
    slots: (c) => takenSlots(c, ANTICOAGULANTS),
    subjects: ['[Nosebleed will not stop|Nosebleed|Bloody nose]'],
    bodies: [
      'My nose has been bleeding for [over 30 minutes|almost an hour] and will not stop even pinching it [the whole time|for 15 minutes twice]. I take {med}. [Blood is running down my throat.|I feel a little lightheaded.] [What else can I do?|Should I skip tonight\u2019s dose?]',
    ],
  },
  {
    kind: 'refill-request',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.4,
    fits: (c) => adult(c) && takes(c, ...ANTICOAGULANTS),
    slots: (c) => refillableSlots(c, (m) => (ANTICOAGULANTS as readonly string[]).includes(m.template.key)),
    subjects: ['[{med} refill|Refill|Refill request]'],
    bodies: [
      'Please refill my {med} (Rx #{rxNumber}). Also I have been passing a lot of blood and clots when I go to the bathroom since this morning and I feel faint.',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'education' },
    weight: 1.2,
    fits: (c) => adult(c) && takes(c, ...ANTICOAGULANTS),
    slots: (c) => takenSlots(c, ANTICOAGULANTS),
    subjects: ['[Bruising on {med}|Question about {med}|Bruises]'],
    replies: [
      'Easy bruising is common on {med}. Bleeding that will not stop after 10 minutes of pressure, black stools, or vomiting blood mean the emergency room.',
    ],
    bodies: [
      'Is it normal to bruise easily on {med}? I get small bruises on my arms from bumping things. No bleeding from anywhere else. When should I worry?',
    ],
  },
  {
    kind: 'records-request',
    redFlag: { topic: 'bleeding', mention: 'historical' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age >= 40,
    replies: RECORDS_REPLIES,
    subjects: ['[Colonoscopy records|Records for GI|Records request]'],
    bodies: [
      'I had a GI bleed in {year} and was in the hospital for [three days|a week]. The GI doctor I was referred to wants those records and my last colonoscopy report. Can you send them?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'negated' },
    weight: 0.6,
    fits: adult,
    subjects: ['[Constipation|Stomach question|Question]'],
    replies: [
      'More fiber and water and an over-the-counter stool softener should help. Call us if it lasts more than two weeks.',
    ],
    bodies: [
      'I have been constipated for about a week. No blood in my stool, no black stools, no belly pain, just uncomfortable. What can I take?',
    ],
  },
  {
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'family' },
    weight: 0.5,
    fits: (c) => adult(c) && c.age <= 40,
    subjects: ['[Bleeding disorder question|Before my surgery|Family history]'],
    replies: [
      'Yes, it is worth testing before the surgery. {pcm} ordered the blood tests; you can go to the lab any weekday morning.',
    ],
    bodies: [
      'My mother has von Willebrand disease, a bleeding disorder. I am having my wisdom teeth out [next month|on {futureDate}]. Should I be tested first? I have never had a problem with bleeding myself.',
    ],
  },
];

export const MEDICAL_RED_FLAG_TOPICS: readonly Topic[] = [
  ...OVERDOSE,
  ...ANAPHYLAXIS,
  ...INFANT_FEVER,
  ...PREGNANCY,
  ...HEAD_INJURY,
  ...BLOOD_SUGAR,
  ...BLOOD_PRESSURE,
  ...HEAT,
  ...TORSION,
  ...SEPSIS,
  ...BLEEDING,
];
