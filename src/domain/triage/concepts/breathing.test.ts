import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Breathing red flags, after Schmitt-Thompson Breathing Difficulty and Asthma Attack (adult) and
 * AAP / Schmitt pediatric Breathing Difficulty: call 911 for severe difficulty (can only speak in
 * words, struggling, gasping), blue or grey lips, retractions or grunting in a child, an asthma
 * attack the rescue inhaler does not help, an oxygen saturation below 90%. Mild wheeze that the
 * inhaler treats, or a stuffy nose, is home care.
 */
describe('breathing: lay wording that must fire', () => {
  it.each([
    "can't catch my breath even sitting still",
    "my lips are kinda blue and I'm gasping",
    'my son is breathing really fast and his ribs are sucking in',
    'the baby is grunting with every breath',
    'I can only say a couple words between breaths',
    "wheezing bad and my inhaler isn't helping at all",
    "feel like I'm suffocating",
    'my daughter is struggling to breath',
  ])('%s', firesIn('breathing'));
});

describe('breathing: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A number: a normal saturation vs one below 90%.
    ['my pulse ox says 96%', null, 'my pulse ox says 84%', 'emergency'],
    // A stuffy nose vs a stuffy nose with blue lips.
    ['my baby has a stuffy nose', null, 'my baby has a stuffy nose and her lips are turning blue', 'emergency'],
    // A cough vs a cough with breathlessness too bad to finish a sentence.
    ['I have a cough', null, "I have a cough and I'm so short of breath I can't finish a sentence", 'emergency'],
    // A child's cough vs a cough with retractions.
    ['my son has a cough', null, 'my son has a cough and is working so hard to breathe his ribs pull in', 'emergency'],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('breathing: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I had an asthma attack last month, can I get my inhaler refilled', null],
    ['need an albuterol refill before I deploy', null],
    ['no trouble breathing, just a runny nose', null],
    ["I can't breathe through my nose with these allergies", null],
    ['Does COPD run in families? My mom has it', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    'my asthma is a little wheezy at night, the inhaler helps — null, mild asthma that the inhaler treats is home care (today possible)',
  );
  it.todo(
    'I get short of breath climbing the stairs lately — possible, new exertional breathlessness is "see today" (today emergency)',
  );
  it.todo('my pulse ox says 84% and I can barely breathe — emergency (today possible: "barely" is read as softening)');
  it.todo('this deadline is suffocating me, can I move my appointment — null, an idiom (today emergency)');
  it.todo(
    'my husband snores and stops breathing at night, can he get a sleep study — null, a sleep-study request (today emergency)',
  );
});
