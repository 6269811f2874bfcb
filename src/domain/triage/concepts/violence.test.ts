import { describe, it } from 'vitest';
import { atMost, firesIn, modifierChanges } from '../test-support/family-cases';
import type { Tier } from '../test-support/family-cases';

/*
 * Violence, after Schmitt-Thompson Domestic Violence / Abuse and Sexual Assault, and the Training
 * Institute on Strangulation Prevention: someone in danger now, a weapon, strangulation (even
 * hours ago and even if the patient "feels fine") and a recent rape are 911 or the ED now; past
 * abuse is a safety-planning call-back. These are medical, not crisis: the 911 reply is for the
 * patient's own safety.
 */
describe('violence: lay wording that must fire', () => {
  it.each([
    'my boyfriend choked me last night and now my voice is hoarse',
    'he put his hands around my neck until I almost blacked out',
    "my husband is beating me right now, I'm hiding in the bathroom",
    'my ex is outside with a knife and says he is going to kill me',
    'he choked me until I passed out last night',
    "my husband has a gun and said he'll kill me if I leave",
  ])('%s', firesIn('violence'));
});

describe('violence: modifiers', () => {
  it.each<[string, Tier, string, Tier]>([
    // Past abuse, not in danger now (a safety-planning call-back) vs abuser present and threatening.
    ['my husband hit me last month', null, 'my husband hit me and he is still here threatening me', 'emergency'],
    // Strangulation a year ago vs last night.
    ['my boyfriend choked me last year', null, 'my boyfriend choked me last night', 'emergency'],
    // A past threat vs a threat at the door now.
    ['my ex used to threaten me', null, 'my ex is at my door right now threatening to kill me', 'emergency'],
  ])('%s → %s | %s → %s', modifierChanges);
});

describe('violence: look-alikes that must not fire', () => {
  it.each<[string, Tier]>([
    ['I need the form for my family advocacy training', null],
    ['my son plays violent video games, is that bad for him?', null],
    ['need my records from the domestic violence case in 2016', null],
    ['my kids fight all the time, any parenting classes?', null],
    ['the flu shot made my arm sore', null],
    // A training injury from a chokehold: probably routine, but a nurse may ask about the neck.
    ['my neck is sore from the chokehold drill in combatives class', 'possible'],
  ])('%s → at most %s', atMost);
});

describe('known gaps', () => {
  it.todo(
    'my partner is hitting me right now and won\'t let me leave — emergency (today null; "my partner yells at me a lot" is rightly null)',
  );
  it.todo("my husband pushed me down the stairs just now and I can't get up — emergency (today possible)");
  it.todo("my stepdad hurt me and I'm scared to go home — at least possible, a child not safe at home (today null)");
  it.todo('I was raped a couple hours ago — emergency, ED now for care and evidence (today possible)');
  it.todo(
    'I was sexually assaulted an hour ago — emergency (today possible; "I was sexually assaulted years ago and want counseling" is rightly null)',
  );
  it.todo("my dad is hitting my mom and she's bleeding — emergency (today null)");
  it.todo('my neighbor is beating his wife right now, I can hear her screaming — emergency (today null)');
  it.todo("he's threatening me with a gun right now — emergency (today null)");
  it.todo(
    'my partner strangled me an hour ago, I feel fine but my neck hurts — emergency, strangulation even if fine (today possible)',
  );
  it.todo('my boyfriend grabbed my neck and squeezed until I saw stars — emergency (today null)');
  it.todo(
    "I choked on a chip but I'm fine now — null, food that went down the wrong way, resolved (today possible, breathing)",
  );
});
