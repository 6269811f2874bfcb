import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Metabolic red flags, after Schmitt-Thompson Diabetes – Low Blood Sugar and High Blood Sugar, the
 * ADA hypoglycemia levels and adrenal-crisis guidance for Addison's disease: a sugar below 54 mg/dL
 * or any low with confusion or inability to eat is 911; a high sugar with vomiting, ketones, fast
 * breathing or fruity breath (DKA) is "go to the ED now"; so is vomiting with missed steroid doses
 * in adrenal insufficiency. A sugar that is only high, or thirst alone, is a call-back.
 */
describe('metabolic: lay wording that must fire', () => {
  it.each([
    "my sugar is 42 and I'm shaky and sweaty",
    "blood sugar is 38 and my husband is confused and won't eat",
    "my glucose meter just says HI and I've been throwing up all day",
    'sugar 540 and the ketone strip is dark purple',
    'my type 1 daughter is breathing fast, throwing up and her breath smells fruity',
    "I have Addison's and have been vomiting all night, can't keep my hydrocortisone down",
    'my diabetic dad is all sweaty and acting drunk and his sugar is 35',
  ])('%s', firesIn('metabolic'));
});

describe('metabolic: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A number: a fine sugar vs a level-2 low.
    ['blood sugar 118 this morning', null, 'blood sugar 42 this morning', 'emergency'],
    // A high sugar vs the same sugar with vomiting (DKA risk).
    ['blood sugar 320 after dinner', 'possible', 'blood sugar 320 and I keep vomiting', 'emergency'],
    // Thirst alone vs thirst with vomiting and fast breathing.
    [
      "I'm thirsty all the time lately",
      null,
      "I'm thirsty all the time, peeing constantly and now I'm vomiting and breathing fast",
      'emergency',
    ],
    // Addison's with a cold needs sick-day dosing advice today; unable to keep steroids down is the ED.
    [
      "I have Addison's and a head cold",
      'possible',
      "I have Addison's and I'm vomiting and can't keep my steroid pill down",
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('metabolic: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['My A1c came back 7.2, what does that mean?', null],
    ['Need a refill on my insulin pens and test strips', null],
    ['had a low sugar last week after skipping lunch, fine now', null],
    ['my mom has diabetes, should I get checked?', null],
    ['what should my sugar be before meals?', null],
    ['need to schedule my glucose tolerance test at 28 weeks', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo('my lowest sugar ever was 42, back in 2020 — null, a past reading (today emergency)');
});
