import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Self-harm, after the C-SSRS self-injurious behaviour items, 988 guidance and Schmitt-Thompson
 * Self-Harm / Cuts: self-injury happening now or tonight, with deep wounds, or an urge with the
 * means at hand or with alcohol, is a crisis emergency (911 or 988 press 1); an urge without
 * means is read by a nurse now; past self-harm, accidents and forms are not.
 */
describe('self-harm: lay wording that must fire', () => {
  it.each([
    "I cut myself tonight and it won't stop bleeding",
    "been cutting again, it's deep this time",
    'I burned myself with a lighter on purpose',
    "I keep hurting myself and I can't stop",
    'I have fresh cuts on my arm from tonight',
    "I've been cutting myself again tonight and I can't stop",
  ])('%s', firesIn('self-harm', 'crisis'));
});

describe('self-harm: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // An urge vs an urge with the means at hand.
    ['I have urges to cut', 'possible', 'I have urges to cut and I have a razor blade right here', 'emergency'],
    // Old scars vs fresh cuts tonight.
    ['I have scars from cutting', null, 'I have fresh cuts on my arm from tonight', 'emergency'],
    // An urge in the past, helped by therapy, vs an urge tonight.
    [
      'I used to feel like hurting myself, my therapist helped',
      null,
      'I feel like hurting myself tonight',
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('self-harm: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I cut myself shaving, just a small nick', null],
    ['I cut my finger chopping onions, am I due for a tetanus shot?', null],
    ['I self-harmed as a teen and my scars itch, can I see dermatology?', null],
    ['my therapist wants the safety plan form filled out before my visit', null],
    ['no self-harm and no thoughts of hurting myself, just anxious', null],
    // A reassurance in a message that still asks for someone to talk to: a nurse may read it.
    ["I'm not going to hurt myself, I promise, I just need to talk to someone", 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo("my daughter is cutting her arms, I just found out and she's bleeding — emergency, crisis (today null)");
  it.todo('I scratched my wrists with a razor tonight — emergency, crisis (today possible)');
  it.todo('relapsed on sh tonight, cut deep — emergency, crisis (today possible, medical, bleeding only)');
  it.todo('I cut my arm tonight when I was upset, it\'s deep — emergency, crisis (today possible, as "a new symptom")');
  it.todo('I used to cut in high school and I did it again tonight — emergency, crisis (today null)');
});
