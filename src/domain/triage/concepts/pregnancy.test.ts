import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Pregnancy and postpartum red flags, after ACOG (hypertension in pregnancy, preterm labor,
 * postpartum warning signs / AWHONN POST-BIRTH) and Schmitt-Thompson Pregnancy protocols: go to
 * L&D or call 911 for heavy bleeding, severe or one-sided pain with faintness in early pregnancy
 * (ectopic), fewer or no fetal movements, waters breaking before term, regular contractions before
 * 37 weeks, BP ≥ 160/110 or ≥ 140/90 with headache, vision changes or upper belly pain, and
 * postpartum bleeding soaking a pad an hour. BP ≥ 140/90 alone is a same-day call-back.
 */
describe('pregnancy: lay wording that must fire', () => {
  it.each([
    "36 wks and the baby hasn't moved all day",
    "my water broke and I'm only 30 weeks",
    'pregnant and my bp is 165/112',
    "I'm 28 weeks and leaking fluid",
    '39 weeks and bleeding bright red, a lot',
    "had my baby 2 weeks ago and now my chest hurts and I can't breathe",
  ])('%s', firesIn('pregnancy'));
});

describe('pregnancy: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A headache vs a headache with blurry vision at 35 weeks (preeclampsia).
    [
      'I have a headache',
      null,
      "I'm 35 weeks pregnant with a headache that won't go away and blurry vision",
      'emergency',
    ],
    // A number: BP 145/95 is routine outside pregnancy, a same-day call at 34 weeks.
    [
      'my blood pressure was 145/95 today',
      null,
      "my blood pressure was 145/95 today and I'm 34 weeks pregnant",
      'possible',
    ],
    // Cramps with a period vs cramps and heavy bleeding at 12 weeks.
    ['cramps with my period', null, "I'm 12 weeks pregnant with cramps and bleeding through pads", 'emergency'],
    // Swollen ankles vs a swollen face with headache late in pregnancy.
    [
      'my ankles are swollen at the end of the day',
      null,
      'my face and hands are suddenly swollen at 36 weeks and I have a bad headache',
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('pregnancy: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['when do I schedule my 20 week ultrasound?', null],
    ["I'm pregnant and need a note for work so I don't have to lift", null],
    ['no bleeding or cramping, just morning sickness at 9 weeks', null],
    ['my sister had a miscarriage at 10 weeks, am I at risk?', null],
    ['the baby is kicking a lot tonight, is that normal?', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    "I'm 8 weeks pregnant with really bad cramping on one side and I feel like I'm gonna pass out — emergency, possible ectopic (today possible)",
  );
  it.todo(
    'gave birth last week and soaking a pad every hour with big clots — emergency, postpartum hemorrhage (today possible, bleeding only)',
  );
  it.todo(
    "32 weeks, pounding headache and I'm seeing spots — emergency, preeclampsia signs (today possible, neuro headache only)",
  );
  it.todo("I'm 34 weeks and having contractions every 5 minutes — emergency, preterm labor: L&D now (today possible)");
  it.todo(
    "I'm pregnant and bleeding through a pad every hour — emergency in pregnancy (today emergency, but filed as bleeding only)",
  );
  it.todo(
    "I'm pregnant and just had a seizure — emergency in pregnancy, eclampsia (today emergency, but filed as neuro only)",
  );
  it.todo(
    'I had preeclampsia with my first baby, what should I watch for this time? — null, history and education (today possible)',
  );
  it.todo(
    'my water heater broke, can I reschedule my prenatal visit? — null (today emergency: read as waters breaking)',
  );
});
