import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Ingestion and poisoning, after Poison Control (1-800-222-1222) guidance and Schmitt-Thompson
 * Poisoning, Overdose and Swallowed Foreign Body: call 911 if the person is drowsy, hard to wake or
 * struggling to breathe; any child who swallowed someone's prescription pills, a button battery,
 * magnets, a detergent pod or a caustic is sent in now; a CO alarm with symptoms means leave and
 * call 911. Drug-interaction questions and refills are not emergencies.
 */
describe('ingestion: lay wording that must fire', () => {
  it.each([
    "my 2 yr old got into grandma's blood pressure pills",
    'toddler swallowed a button battery from the remote',
    'my son drank some drain cleaner',
    "I accidentally took double my oxycodone and now I'm really drowsy",
    'the baby bit into a laundry pod',
    'my kid swallowed 2 magnets',
    'my daughter drank windshield washer fluid',
  ])('%s', firesIn('ingestion'));
});

describe('ingestion: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A number: a normal dose of acetaminophen vs a toxic one.
    ['I took 2 extra strength Tylenol for my headache', null, 'I took 20 extra strength Tylenol', 'emergency'],
    // A coin that passed the throat vs one that is stuck (drooling, cannot swallow).
    [
      'my son swallowed a penny and is acting fine',
      'possible',
      "my son swallowed a penny and now he's drooling and can't swallow",
      'emergency',
    ],
    // A smell of gas vs a CO alarm with symptoms.
    [
      'I think I smell gas in the house',
      'possible',
      'the CO detector is beeping and I feel dizzy and sick',
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('ingestion: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['can I take ibuprofen with my blood pressure pills?', null],
    ['need a refill of my Narcan for work', null],
    ['had food poisoning last week, better now, need a work note', null],
    ['how should I lock up my medicines now that the baby crawls?', null],
    ['I overdid it at the gym, my legs are so sore', null],
    ['I accidentally skipped my birth control pill yesterday, what do I do?', null],
    // A pet that ate something belongs to a vet or the pet poison line; a nurse may still redirect.
    ['my dog ate a chocolate bar', 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    'the carbon monoxide alarm is going off and we all have headaches and feel sick — emergency, leave and call 911 (today possible)',
  );
  it.todo(
    'my toddler swallowed some of my blood pressure pills — emergency (today null; "I took my blood pressure pill twice by accident" is rightly possible)',
  );
});
