import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Bleeding red flags, after Schmitt-Thompson Bleeding (severe), Nosebleed, Vomiting Blood, Rectal
 * Bleeding and Coughing Up Blood: call 911 for spurting blood, bleeding that will not stop after
 * 10–15 minutes of direct pressure, vomiting blood or coffee grounds, large rectal bleeding or black
 * stools with fainting, coughing up more than a spoonful of blood. Minor cuts, streaks on the paper
 * and bruising are home care or a routine visit.
 */
describe('bleeding: lay wording that must fire', () => {
  it.each([
    "cut my hand with a knife and it's squirting blood",
    "blood won't stop even after pressing on it for 15 minutes",
    'throwing up blood, looks like coffee grounds',
    "pooping out lots of blood and I'm lightheaded",
    "my nose has been gushing blood for 30 min and I'm on Eliquis",
    'coughing up blood, like a lot',
    'soaked through two towels and still bleeding',
    'black tarry poop and I almost passed out',
  ])('%s', firesIn('bleeding'));
});

describe('bleeding: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A small cut vs a deep cut that spurts.
    [
      'small cut on my finger from a can',
      null,
      'deep cut on my finger from a can and blood is spurting out',
      'emergency',
    ],
    // A heavier period vs soaking a pad an hour for hours with dizziness.
    [
      'my period is heavier than usual',
      null,
      "my period is so heavy I'm soaking a pad every hour for 3 hours and I feel dizzy",
      'emergency',
    ],
    // New easy bruising on a blood thinner is a same-day call; vomiting blood on it is 911.
    ['bruising easily since starting Xarelto', 'possible', "I'm on Xarelto and throwing up blood", 'emergency'],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('bleeding: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ["I had a bad nosebleed last week, it's fine now", null],
    ['Need a refill on my warfarin and an INR check', null],
    ['I had blood drawn Tuesday, when will the results be back?', null],
    ['If I cut myself while on Eliquis, how long should I hold pressure?', null],
    ['no blood in my stool, just constipated', null],
    ['my gums bleed a little when I floss', null],
    ['my mom has a bleeding disorder, should I be tested?', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo("nosebleed won't stop after 20 minutes of pinching and I'm on warfarin — emergency, ED now (today possible)");
  it.todo('a little bright red blood on the toilet paper — null, a small rectal bleed is home care (today possible)');
});
