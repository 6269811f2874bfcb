import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Cardiac red flags, after Schmitt-Thompson adult Chest Pain, Heart Rate and Heartbeat Questions,
 * Fainting and High Blood Pressure. Call 911: chest pain or pressure with sweating, shortness of
 * breath or spread to the arm or jaw, a heart attack the patient suspects, an ICD that fired more
 * than once, fainting with chest pain or palpitations, BP ≥ 180/110 with headache, chest pain or
 * confusion. Call back: palpitations alone, fainting now recovered, BP high without symptoms.
 */
describe('cardiac: lay wording that must fire', () => {
  it.each([
    'feels like an elephant is sitting on my chest',
    'my chest is real tight and the pain goes down my left arm',
    "pressure in my chest and I'm all sweaty and sick to my stomach",
    'prob nothing but my chest has been hurting for like 20 min and my jaw aches',
    'my defibrillator shocked me twice in the last hour',
    "heartburn that won't go away, I'm sweating and my left arm feels heavy",
    'chest hurts bad, cant catch my breath',
  ])('%s', firesIn('cardiac'));
});

describe('cardiac: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // Occasional skipped beats alone are home care; with fainting they are a 911 disposition.
    ['my heart keeps skipping beats', null, 'my heart keeps skipping beats and I just passed out', 'emergency'],
    // A number: BP ≥ 180/110 alone is "see today"; with a severe headache it is 911.
    ['my BP is 210/125', 'possible', 'my BP is 210/125 and I have a pounding headache', 'emergency'],
    // Fainting once and back to normal vs fainting after chest pain.
    [
      'I fainted this morning for a few seconds, feel ok now',
      'possible',
      'I fainted this morning right after my chest started hurting',
      'emergency',
    ],
    // A slow pulse alone vs with light-headedness.
    ['my pulse is 38', 'possible', "my pulse is 38 and I feel like I'm going to pass out", 'emergency'],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('cardiac: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I had a heart attack in 2019 and need my cardiology referral renewed', null],
    ['My dad died of a heart attack at 50, should I get my cholesterol checked?', null],
    ['No chest pain or shortness of breath, just a cough for a week', null],
    ['What are the signs of a heart attack in women? Asking for my health class', null],
    ["Please refill my nitroglycerin, haven't needed it in months", null],
    ['This job is going to give me a heart attack lol, can I move my appointment', null],
    ['I need my CPR card renewed for work, where do I sign up', null],
    // Pain that comes on pressing after lifting sounds like a pulled muscle, but a nurse may still ask.
    ['my chest wall is sore when I press on it since I lifted weights Monday', 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo('i think im having a hart attack — emergency (today null: "hart" is not read as "heart")');
  it.todo('my husband is clutching his chest and sweating — emergency (today null)');
});
