import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Suicide, after the Columbia Suicide Severity Rating Scale (C-SSRS) screener and 988 / Military
 * Crisis Line guidance: thoughts of suicide with a method, intent, a plan or preparatory acts
 * (C-SSRS items 3–6) are an emergency — 911 or 988 press 1 — and so is someone else's stated plan
 * with means at hand. Hopelessness or a wish to be gone without a plan (items 1–2) is read by a
 * nurse now. Idioms, past attempts, forms and training are not.
 */
describe('suicide: lay wording that must fire', () => {
  it.each([
    "I've got my gun out and I'm thinking about ending it tonight",
    'im going to kms',
    "wrote letters to my kids. I'm done. I've saved up my pills",
    'I want to die and I have the rope ready',
    "tonight's the night, I'm going to jump off the bridge",
    "there's no point anymore, I'm going to take all my pills tonight",
    "I can't do this anymore, I'm going to end my life",
    'my husband says he is going to shoot himself and he has his gun',
  ])('%s', firesIn('suicide', 'crisis'));
});

describe('suicide: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // Ideation long past (C-SSRS lifetime only) vs ideation now with a method acquired.
    [
      'I thought about suicide years ago but not since',
      null,
      "I've been thinking about suicide again and I bought a gun today",
      'emergency',
    ],
    // Weariness vs preparatory acts and a time.
    [
      "I'm so tired of everything",
      null,
      "I'm so tired of everything, I wrote my goodbye letters and I'm going to end it tonight",
      'emergency',
    ],
    // A farewell alone vs a farewell with pills taken.
    [
      'thank you for everything you have done for me',
      null,
      "thank you for everything, this is goodbye, I've taken all my pills",
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('suicide: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I attempted suicide in 2015 and need those records for my VA claim', null],
    ['My brother died by suicide, is there a grief group?', null],
    ['finished my suicide prevention training, where do I upload the certificate?', null],
    ["I'm not suicidal, just stressed about work and not sleeping", null],
    ['this traffic is killing me, running late for my appointment', null],
    ['my boss will kill me if I miss another day, can I get a note?', null],
    // An idiom, but "kill myself" in any tone is worth a nurse's look under C-SSRS practice.
    ['this paperwork makes me want to kill myself lol', 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo("I've been thinking about unaliving myself — emergency, crisis (today null)");
  it.todo(
    'I feel so hopeless lately — possible, a 988 warning sign (today null; with a bottle of pills in front of me it is rightly emergency)',
  );
  it.todo('I feel like a burden to my family — possible, a 988 warning sign (today null)');
  it.todo('sometimes I wish I could just disappear — possible, C-SSRS item 1 (today null)');
  it.todo("I wish I could disappear, I've been drinking and I have my pistol — emergency, crisis (today null)");
});
