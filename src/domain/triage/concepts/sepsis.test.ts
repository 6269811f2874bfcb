import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Sepsis red flags, after Schmitt-Thompson Fever (adult), Fever – Chemotherapy / Weak Immune
 * System and Post-Op protocols, and the Sepsis Alliance "TIME" signs (Temperature, Infection,
 * Mental decline, Extremely ill): fever on chemotherapy is "go to the ED now"; fever or chills with
 * confusion, a racing heart, mottled skin, very little urine or a purple rash that does not fade
 * is 911. A fever in an otherwise well adult is home care.
 */
describe('sepsis: lay wording that must fire', () => {
  it.each([
    "dad has a fever, he's shaking, his skin looks blotchy and he's not making sense",
    'had surgery 4 days ago, now fever 103 with shaking chills and my heart is pounding',
    'my wound is infected, red streaks going up my leg, fever and I feel confused',
    "my dad's UTI got worse, now he's confused, feverish and his blood pressure is low",
    "my mom has pneumonia and now she's confused with a fever and breathing fast",
    'I think I have sepsis',
  ])('%s', firesIn('sepsis'));
});

describe('sepsis: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // A fever vs the same fever on chemotherapy.
    ['I have a fever of 101', null, "I have a fever of 101 and I'm on chemo", 'emergency'],
    // A slightly red incision vs pus, fever and confusion.
    [
      'my incision is a little red',
      null,
      'my incision is red and oozing pus, I have a fever and I feel confused',
      'emergency',
    ],
    // Post-op fever is a call to the surgeon; with confusion and a racing heart it is 911.
    [
      'fever 102 after my knee surgery',
      'possible',
      'fever 102 after my knee surgery, I am confused and my heart is racing',
      'emergency',
    ],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('sepsis: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I had sepsis in 2021, is it safe to get my flu shot?', null],
    ['my fever broke last night and I feel better, need a work note', null],
    ['I finished chemo 3 years ago, need my port flush scheduled', null],
    ['no fever or chills, just a sore throat', null],
    ['Need a refill on my antibiotics for my UTI, no fever', null],
    ['what are the signs of sepsis? my mom had it in the hospital last year', null],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo("I'm on chemo and my temp is 101 — emergency in sepsis (today emergency, but filed as pediatric fever only)");
  it.todo(
    "fever and chills, my heart is racing and I'm so confused — emergency in sepsis (today emergency, but filed as pediatric and neuro only)",
  );
  it.todo(
    "fever and a purple rash that doesn't fade when I press a glass on it — emergency in sepsis (today emergency, but filed as pediatric only)",
  );
  it.todo("feel like I'm dying, fever, can barely stand and haven't peed all day — emergency (today possible)");
  it.todo(
    'fever and chills since last night — null, fever in a well adult is home care (today possible, as "a new symptom"; with confusion it is rightly emergency)',
  );
  it.todo(
    "I've got cabin fever lol, when can I go back to the gym after my surgery? — null, an idiom (today possible, pediatric fever)",
  );
});
