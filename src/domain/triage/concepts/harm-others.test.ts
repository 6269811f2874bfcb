import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Harm to others, after Schmitt-Thompson Homicidal Thoughts / Postpartum Depression (thoughts of
 * harming the baby) and 988 / duty-to-warn practice: a stated intent to harm a named person,
 * especially with a weapon or a time, or thoughts of harming one's baby the writer fears acting on,
 * is a crisis emergency; intrusive thoughts without intent are read by a nurse now; anger, idioms
 * and range or training forms are not.
 */
describe('harm-others: lay wording that must fire', () => {
  it.each([
    "I'm going to kill my husband when he gets home",
    "I keep thinking about hurting my baby and I'm scared I will",
    "my son says he's going to shoot up his school tomorrow and he has his dad's guns",
    "I want to hurt someone and I can't control it",
    "I'm going to hurt my kids if they don't stop crying, I'm losing it",
  ])('%s', firesIn('harm-others', 'crisis'));
});

describe('harm-others: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // Anger vs a plan with a weapon.
    [
      "I'm so angry at my boss",
      null,
      "I'm so angry at my boss I'm going to bring my gun tomorrow and shoot him",
      'emergency',
    ],
    // Angry thoughts vs a plan, a weapon and a time.
    [
      'I keep having angry thoughts about my ex',
      null,
      "I keep having angry thoughts about my ex and I'm going over there with my gun tonight",
      'emergency',
    ],
    // Postpartum low mood (an office visit) vs thoughts of hurting the baby.
    [
      "I've been feeling really down since the baby was born",
      null,
      "I've been feeling really down since the baby was born and I keep thinking about hurting her",
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('harm-others: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['my wife is going to kill me if I miss this appointment', null],
    ['I killed it on my PT test, can I get my profile lifted?', null],
    ['need a form signed for my weapons qualification at the range', null],
    ['I did anger management in 2019, need proof of completion', null],
    ['my toddler hits his brother, is that normal?', null],
    ["we're going to destroy the other team this weekend, can I get a sports physical?", null],
    // A new mother denying intent while exhausted: a nurse may want to ask, so at most possible.
    ["I would never hurt my baby but I'm so tired I'm losing it", 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    "my brother says he's going to kill his wife and he's driving over there now — emergency, crisis (today null)",
  );
  it.todo("I swear I'll shoot my neighbor tonight, my rifle is loaded — emergency, crisis (today null)");
  it.todo("I'm gonna stab my roommate — emergency, crisis (today null)");
});
