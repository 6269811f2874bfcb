import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Infant and child red flags, after AAP and Schmitt pediatric telephone protocols (Fever, Newborn
 * Fever, Dehydration, Vomiting): a rectal temperature ≥ 100.4 °F (38 °C) under 12 weeks is "go to
 * the ED now"; so is an infant with no wet diaper in 8 hours, a sunken soft spot, who is limp, hard
 * to wake or refusing feeds, or vomiting green. Fever in an older, playful child is home care.
 */
describe('pediatric: lay wording that must fire', () => {
  it.each([
    'my 5 week old feels hot, 100.6 rectal',
    'newborn is 3 weeks old and has a fever of 100.5',
    "baby hasn't had a wet diaper since last night and is really sleepy",
    "baby's soft spot is sunken and she isn't peeing",
    'my 10 day old has a temp of 100.4',
    'my 6 week old is not eating and is very sleepy',
  ])('%s', firesIn('pediatric'));
});

describe('pediatric: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // The same fever at 6 years and at 6 weeks.
    ['my 6 year old has a fever of 101', null, 'my 6 week old has a fever of 101', 'emergency'],
    // A number alone vs the same number in a young infant.
    ['temp 100.6', null, 'temp 100.6 in my 5 week old', 'emergency'],
    // A tired toddler vs a listless newborn.
    [
      'my toddler is extra sleepy after a busy day',
      null,
      'my 1 month old is really hard to wake up and is not feeding',
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('pediatric: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['my baby had a fever last week, all better, need a daycare note', null],
    ["need the shot record for my 2 month old's daycare form", null],
    ['my 8 year old has a low fever and a runny nose', null],
    ['baby is eating well with lots of wet diapers, just fussy in the evening', null],
    ['my newborn sleeps a lot, is that normal? she wakes up to eat fine', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo('my 6 wk old is refusing to eat and has a weak cry — emergency (today null)');
  it.todo('my baby is throwing up green — emergency, bilious vomiting: ED now (today possible)');
  it.todo(
    'my 4 month old has been throwing up and hasn\'t had a wet diaper in 8 hours — emergency (today null; against "my daughter has been throwing up today" → null)',
  );
  it.todo(
    "my 2 month old is floppy and won't wake up to eat — emergency in pediatric (today emergency, but filed as neuro only; tested in neuro.test.ts)",
  );
  it.todo('what temperature counts as a fever for a newborn? — null, education (today emergency)');
});
