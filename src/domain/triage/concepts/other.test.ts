import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Other 911 / ED-now dispositions, after Schmitt-Thompson Eye – Chemical In, Eye Pain, Rash –
 * Widespread (blisters, peeling, mouth sores: Stevens-Johnson), Leg Pain (cold, pale, numb limb),
 * Burns and Electric Shock, and critical lab values the lab phones in: chemicals in the eye, sudden
 * painful vision loss, a blistering drug rash, an acutely cold limb, a large or electrical burn and
 * a critical potassium are emergencies. "Emergency contact" and old ER bills are not.
 */
describe('other: lay wording that must fire', () => {
  it.each([
    'got bleach splashed in my eye and it burns',
    'splashed oven cleaner in my eyes',
    'I got battery acid in my eye',
    'I got drain cleaner in my eye',
    'chemical splashed in my eye at work',
  ])('%s', firesIn('other'));
});

describe('other: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A pink itchy eye vs a painful eye that suddenly can't see.
    [
      'my eye is red and itchy',
      null,
      "my eye is red, it hurts really bad and I suddenly can't see out of it",
      'emergency',
    ],
    // A little soap in the eye vs a caustic.
    ['I got a little soap in my eye', null, 'I got drain cleaner in my eye', 'emergency'],
    // Cold feet vs a suddenly cold, pale, numb foot.
    ['my feet get cold', null, 'my foot is suddenly cold, pale and numb and it hurts', 'emergency'],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('other: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['not an emergency, just a question about my refill', null],
    ['please update my emergency contact', null],
    ['got bleach on my shirt lol, anyway when is my appointment', null],
    ['I have a question about my ER bill from 2022', null],
    ['what should I do if I get chemicals in my eyes at work? safety training question', null],
    ['my feet are always cold in winter', null],
    ['saw the eye doctor, need my glasses prescription sent over', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    "sudden eye pain, blurry vision and I'm seeing halos and throwing up — emergency, acute glaucoma: ED now (today possible)",
  );
  it.todo(
    'my husband fell through the ice and is shivering and confused — emergency, hypothermia (today possible, neuro)',
  );
  it.todo("my leg is cold and pale and I can't feel my foot — emergency, acute limb ischemia: ED now (today possible)");
  it.todo('my son got shocked by an outlet and his hand is burned — emergency, electrical injury (today null)');
  it.todo('burned my arm with boiling water, huge blisters all over it — emergency, a large burn (today null)');
  it.todo(
    'new medicine and now my skin is blistering and peeling and my mouth has sores — emergency, Stevens-Johnson (today possible)',
  );
  it.todo(
    'rash with blisters and peeling skin and sores in my mouth since the new medicine — emergency (today possible; "rash on my arm" is rightly null)',
  );
  it.todo('the lab called, my potassium is 6.9 and they said go to the ER — emergency (today possible)');
  it.todo('my potassium was 6.8 — emergency, a critical value (today null; "my potassium was 5.2" is rightly null)');
});
