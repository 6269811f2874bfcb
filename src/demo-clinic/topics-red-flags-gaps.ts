import { hasCondition } from './compose';
import type { Topic } from './compose';
import { adult, child, diabetic, man, proxy, schedule, takenSlots, woman, youngInfant } from './red-flag-support';

/**
 * Red-flag messages written like the rest, true to the protocols and truthfully labelled, that the
 * default triage rules read wrongly: current emergencies they miss or file as the wrong kind, and
 * look-alikes they flag. They are left out of RED_FLAG_TOPICS only because demo-clinic.test.ts
 * holds the rules to recall 1.0 and no flag on a look-alike, and a generator that drew them would
 * fail it whenever a seed did. Each says what `classify` returned when written. Move one back into
 * RED_FLAG_TOPICS once the rules read it right.
 */
export const TRIPWIRE_GAPS: readonly Topic[] = [
  {
    // Misses: the body alone reads as nothing; only the subject "Short of breath" fires.
    // Cannot say a sentence without stopping for breath: severe distress, 911.
    kind: 'clinical-question',
    redFlag: { topic: 'breathing', mention: 'current' },
    weight: 0.4,
    fits: adult,
    subjects: ['[Asthma|Short of breath|Inhaler]'],
    bodies: [
      'I can only say a few words at a time before I have to stop and catch my breath[, even sitting down|]. [My albuterol is not helping.|I used my inhaler four times in the last hour.] [Can you call in a stronger inhaler?|Should I come in tomorrow?]',
    ],
  },
  {
    // Misses under the subjects "Tylenol question" and "Toothache" ("Too much Tylenol?" fires ingestion-maybe).
    // More than the daily maximum of acetaminophen, and now nausea: the emergency department now.
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'current' },
    weight: 0.3,
    fits: adult,
    subjects: ['[Too much Tylenol?|Tylenol question|Toothache]'],
    bodies: [
      'I have been taking [2|3] extra strength Tylenol every [2|3] hours since yesterday for a [toothache|bad back], so [about 20|more than 20|probably 24] pills, and now I feel sick to my stomach and [threw up|cannot eat]. [Is that too much?|Can I switch to Motrin?|The dentist cannot see me until {weekday}.]',
    ],
  },
  {
    // Misses: "this morning" with "face and tongue" (the same with "an hour ago" is a possible emergency).
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'current' },
    weight: 0.1,
    fits: adult,
    subjects: ['[Reaction to new medicine|Face swelling|Antibiotic reaction]'],
    bodies: [
      'I took my first dose of [the new antibiotic|amoxicillin|the Bactrim] this morning and now my face and tongue are swelling and it is hard to swallow. [Should I stop taking it?|Can you call in a different one?]',
    ],
  },
  {
    // Misses: a temperature with no "temp" or "fever" word ("my 9 week old was 101.1", "so I checked, it
    // was 100.8"); and, typed in lower case without full stops, "she seems fine otherwise" reads as a denial.
    kind: 'clinical-question',
    redFlag: { topic: 'infant-fever', mention: 'current' },
    weight: 0.4,
    fits: youngInfant,
    subjects: ['[{childName} has a fever|Fever|Baby feels warm|Newborn fever|Question about {childName}]'],
    bodies: [
      'My {weeksOld} week old was {infantTemp} [rectal|rectally|with the forehead thermometer|] [tonight|this morning|an hour ago]. [{He} is eating okay.|{He} has a little cough.] [Can we bring {him} in tomorrow?|Should I keep an eye on it?]',
      'My {weeksOld} week old has a temp of {infantTemp} [rectal|] [tonight|this morning]. {He} seems fine otherwise, just fussy. [Can I give {him} Tylenol?|Should I keep an eye on it?]',
      '{childName} is {weeksOld} weeks old and [felt warm|was fussy] so I checked, it was {infantTemp}. [{He} has not been feeding as much.|{He} got {his} shots {weekday}.] [Do we need to be seen or just watch {him}?|What should I do?]',
    ],
  },
  {
    // Misses: preterm rupture of membranes with "No contractions yet." ("I have some cramping." is possible).
    kind: 'clinical-question',
    redFlag: { topic: 'pregnancy', mention: 'current' },
    weight: 0.1,
    fits: (c) => woman(c, 18, 42),
    subjects: ['[Leaking fluid|Did my water break?|Pregnancy question]'],
    bodies: [
      'I am {pretermWeeks} weeks and I think my water broke, clear fluid keeps leaking [since {hour}|every time I stand up]. No contractions yet. [Could it just be discharge?|Do I need to come in?]',
    ],
  },
  {
    // Misses: a fall with no "head" in the body ("fell off the monkey bars", "fell off her bike") despite
    // repeated vomiting and confusion: always under the subject "Bump on the head", often under the others.
    kind: 'clinical-question',
    redFlag: { topic: 'head-injury', mention: 'current' },
    weight: 0.2,
    fits: (c) => child(c, 2, 15),
    subjects: ['[{childName} hit {his} head|Head injury|Fell and hit head|Bump on the head]'],
    bodies: [
      '{childName} [fell off the monkey bars|fell off {his} bike without a helmet] [this afternoon|before dinner] and [has thrown up three times|keeps throwing up] and [is really sleepy|keeps asking the same questions|does not remember falling]. [Can I let {him} sleep?|Should we come in tomorrow?]',
    ],
  },
  {
    // Wrong kind: an accidental cut of the wrist, or one "deep and I can see something white", is read
    // as self-harm (crisis) instead of a medical emergency.
    kind: 'clinical-question',
    redFlag: { topic: 'bleeding', mention: 'current' },
    weight: 0.2,
    fits: (c) => adult(c) && c.age <= 75,
    subjects: ['[Cut my hand|Bad cut|Will not stop bleeding|Stitches?]'],
    bodies: [
      'I cut my wrist with a [kitchen knife|box cutter|saw] about [20 minutes|half an hour] ago and it [will not stop bleeding|is still spurting] even with pressure the whole time. [The towel is soaked through.|It is deep and I can see something white.] [Do I need stitches?|Can I come in this afternoon?]',
      'I cut my [hand|thumb] with a [kitchen knife|box cutter|saw] about [20 minutes|half an hour] ago and it [will not stop bleeding|is still spurting] even with pressure the whole time. It is deep and I can see something white. [Do I need stitches?|Can I come in this afternoon?]',
    ],
  },
  {
    // Misses: a gun at hand ("I keep holding my pistol and thinking about using it on myself");
    // only "cleaning my gun" fires.
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'current' },
    weight: 0.3,
    fits: adult,
    subjects: ['[Can someone call me|Not okay|Need to talk to someone]'],
    bodies: [
      'I keep [taking out|holding] my [pistol|gun|rifle] and thinking about using it on myself. [My wife took the kids to her mom\u2019s.|Nobody is home tonight.|I have not slept in days.] [I do not know why I am writing this here.|I do not want to go to the hospital.]',
    ],
  },
  {
    // Fires (emergency, crisis, suicide): a screening question asked and answered "no".
    kind: 'clinical-question',
    redFlag: { topic: 'suicide', mention: 'education' },
    weight: 0.8,
    fits: adult,
    subjects: ['[Questionnaire question|Why the depression questions?|Check-in questions]'],
    replies: [
      'We ask everyone at every visit because moods change and people do not always bring it up. If your answer is ever yes, call 988 and press 1.',
    ],
    bodies: [
      'The questionnaire at check-in asks every time whether I have had thoughts that I would be better off dead. I always answer no, I just want to know why it is asked at every visit.',
    ],
  },
  {
    // Fires (possible, ingestion-maybe): a dosing question with no ingestion.
    kind: 'clinical-question',
    redFlag: { topic: 'overdose', mention: 'education' },
    weight: 1,
    fits: adult,
    subjects: ['[Tylenol question|How much Tylenol?|Pain reliever question]'],
    replies: [
      'Most adults can take up to 3,000 mg of acetaminophen a day; check other cold and flu products for it too, since they add up. It is safe with your usual prescriptions.',
    ],
    bodies: [
      'How much Tylenol is too much in a day? I have [a sore back|headaches] and do not want to take more than is safe, and I know some cold medicines have it too.',
    ],
  },
  {
    // Fires (possible, says-emergency): "do we still have to go to the ER afterward?"
    kind: 'clinical-question',
    redFlag: { topic: 'anaphylaxis', mention: 'education' },
    weight: 0.8,
    fits: (c) => proxy(c) && c.age >= 2 && c.age <= 12,
    subjects: ['[EpiPen question|Allergy question|When to use the EpiPen]'],
    replies: [
      'Use the EpiPen for trouble breathing, throat tightness, swelling of the lips or tongue, or hives with vomiting, and then call 911 every time, even if {he} looks better. Benadryl alone is for hives only.',
    ],
    bodies: [
      '{childName} was just diagnosed with a peanut allergy. If {he} ever needs the EpiPen, do we still have to go to the ER afterward? And when is Benadryl enough instead?',
    ],
  },
  {
    // Fires (possible, says-emergency): "when should I go to the ER instead of just eating something?"
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'education' },
    weight: 0.8,
    fits: diabetic,
    subjects: ['[Blood sugar question|What is too low?|Diabetes question]'],
    replies: [
      'Under 70 is low: take 15 grams of sugar, recheck in 15 minutes and repeat once. If it stays under 70, or you feel confused, call 911.',
    ],
    bodies: [
      'What number is too low for my sugar, and when should I go to the ER instead of just eating something? I [just started checking at home|got a new meter].',
    ],
  },
  {
    // Fires (possible, blood-pressure-high): one reading over 180 that came down on a recheck, no
    // symptoms (AHA: recheck, then call the doctor; not 911).
    kind: 'clinical-question',
    redFlag: { topic: 'blood-pressure', mention: 'negated' },
    weight: 1,
    fits: (c) => adult(c) && c.age >= 35,
    subjects: ['[High reading at the pharmacy|BP question|Blood pressure]'],
    replies: [
      'One high reading that comes down on a recheck is not an emergency. Please check it at home twice a day for a week and send us the log; a severe headache, chest pain or vision change with a high reading means 911.',
    ],
    bodies: [
      'The machine at the pharmacy said 18{n}/10{n}. I sat for 20 minutes and rechecked and it was {bp}. I feel fine, no headache, no chest pain or vision changes. Do I need to come in?',
    ],
  },
  {
    // Fires (emergency, heat-stroke): a question about heat stroke before a field exercise.
    kind: 'clinical-question',
    redFlag: { topic: 'heat', mention: 'education' },
    weight: 0.6,
    fits: (c) => adult(c) && c.age <= 55,
    slots: (c) => takenSlots(c, ['hctz-25', 'lisinopril-10', 'lisinopril-20', 'sertraline-50', 'bupropion-xl-150']),
    subjects: ['[Field exercise and heat|Heat and my medicine|Question about {med}]'],
    replies: [
      'Some medicines, including {med}, make it harder to handle heat. Drink water steadily, take breaks in the shade, and know the signs of heat stroke: confusion or a high temperature means 911.',
    ],
    bodies: [
      'I have a [field exercise|long ruck|summer training] coming up in the heat. Does {med} make heat exhaustion or heat stroke more likely, and what should I watch for?',
    ],
  },
  {
    // Fires (possible, testicle-pain): a painless lump, "No pain, no swelling".
    kind: 'appointment-request',
    redFlag: { topic: 'torsion', mention: 'negated' },
    weight: 0.5,
    fits: (c) => man(c, 18, 45),
    slots: schedule,
    subjects: ['[Appointment request|Need an appointment|Lump]'],
    bodies: [
      'I found a small lump on my testicle in the shower. No pain, no swelling, it has not changed. Can I get an appointment [this week|with {pcm}]?',
    ],
  },
  {
    // Fires (possible, fainting): a father who "has passed out from low sugar", in a screening question.
    kind: 'clinical-question',
    redFlag: { topic: 'blood-sugar', mention: 'family' },
    weight: 0.4,
    fits: (c) => adult(c) && c.age >= 25 && c.age <= 60 && !hasCondition(c, 'type-2-diabetes'),
    subjects: ['[Diabetes screening|Should I be tested?|Family history]'],
    replies: [
      'A fasting blood sugar and A1c are reasonable; {pcm} ordered them, and you can go to the lab any weekday morning.',
    ],
    bodies: [
      'My dad has diabetes and has passed out from low sugar [a couple of times|before]. Should I be tested for diabetes? I feel fine.',
    ],
  },
];
