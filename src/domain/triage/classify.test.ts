import { describe, expect, it } from 'vitest';
import { WORK_TYPES } from '../../shared/work-item';
import { TRIAGE_CATEGORIES, WORK_TYPE_OF_CATEGORY } from './categories';
import { classify } from './classify';
import { DEFAULT_RULES } from './default-rules';

/*
 * The main guard against rules that only fit the demo clinic's templates: messages written by hand,
 * worded the way patients write and not the way the generator does.
 */
const body = (text: string) => classify({ subject: '', body: text });

describe('emergency wording that must fire', () => {
  it.each([
    // Current, first person, in many wordings.
    ["I've been having chest pain since this morning and it's getting worse", 'medical', 'chest-pain'],
    ['my chest hurts really bad right now', 'medical', 'chest-pain'],
    ['I think I am having a heart attack', 'medical', 'chest-pain'],
    ['Crushing pressure in my chest, sweating', 'medical', 'chest-pain'],
    ['Chest pain and shortness of breath.', 'medical', 'chest-pain'],
    ['chest pain x 2 hours', 'medical', 'chest-pain'],
    ['HAVING CHEST PAIN', 'medical', 'chest-pain'],
    ['cant breathe, lips turning blue', 'medical', 'breathing'],
    ["I'm really short of breath even sitting down", 'medical', 'breathing'],
    ['My daughter is not breathing', 'medical', 'breathing'],
    ["My face is drooping on the left side and I can't lift my arm", 'medical', 'stroke'],
    ['Woke up and my speech is slurred', 'medical', 'stroke'],
    ['My throat is closing up after eating shrimp', 'medical', 'anaphylaxis'],
    ['I took too many of my sleeping pills', 'medical', 'overdose'],
    ['My son swallowed a bunch of my pills', 'medical', 'overdose'],
    ["I'm bleeding heavily and it won't stop", 'medical', 'bleeding'],
    ['I am coughing up blood', 'medical', 'bleeding'],
    // Misspellings: one edit on longer words, a swap on shorter ones, a listed spelling.
    ['Having chest pian and my left arm is numb', 'medical', 'chest-pain'],
    ['chets pain since 0600', 'medical', 'chest-pain'],
    ['I cant breath', 'medical', 'breathing'],
    ['shortnes of breath walking to the car', 'medical', 'breathing'],
    ['I think im having a stroak', 'medical', 'stroke'],
    ['im suicidel', 'crisis', 'suicide'],
    ['i feel sucidal', 'crisis', 'suicide'],
    // History or a side-effect question outweighed by the present.
    ['Had chest pain since last night, still there', 'medical', 'chest-pain'],
    ['I had a heart attack last year and now I have chest pain again', 'medical', 'chest-pain'],
    ['I have chest pain, is this a side effect of my new med?', 'medical', 'chest-pain'],
    ['I have chest pain is this a side effect of metoprolol', 'medical', 'chest-pain'],
    ['I have never felt chest pain like this', 'medical', 'chest-pain'],
    ["I don't know why but my chest hurts", 'medical', 'chest-pain'],
    // Someone else, but happening now: the writer still needs to hear "call 911" or "988".
    ['my husband is having chest pain right now what do I do', 'medical', 'chest-pain'],
    ['My friend is suicidal, what should I do', 'crisis', 'suicide'],
    // Crisis.
    ['I want to kill myself', 'crisis', 'suicide'],
    ["I've been thinking about suicide a lot lately", 'crisis', 'suicide'],
    ["I don't want to live anymore", 'crisis', 'suicide'],
    ['Everyone would be better off without me', 'crisis', 'suicide'],
    ['I want to end it all tonight', 'crisis', 'suicide'],
    ['thinking about taking all my pills', 'crisis', 'suicide'],
    ['I am not okay. I want to kill myself.', 'crisis', 'suicide'],
    ['Not sleeping, not eating, and I want to die', 'crisis', 'suicide'],
    ['I keep cutting myself again', 'crisis', 'self-harm'],
    ["I'm going to hurt myself", 'crisis', 'self-harm'],
    // Mixed: a negated medical mention does not hide a current crisis.
    ['no chest pain but I want to end it all', 'crisis', 'suicide'],
  ] as const)('%j → %s (%s)', (text, kind, topic) => {
    const result = body(text);
    expect(result.emergency?.tier).toBe('emergency');
    expect(result.emergency?.kind).toBe(kind);
    expect(result.emergency?.topics).toContain(topic);
    expect(result.emergency?.action).toBe(DEFAULT_RULES.actions[kind]);
    expect(result.pool).toBe('Nursing Team');
    expect(result.reasons.some((r) => r.startsWith('emergency ('))).toBe(true);
  });

  it('reads the subject as well as the body', () => {
    expect(classify({ subject: 'chest pain right now', body: 'please call me' }).emergency?.kind).toBe('medical');
  });

  it('names a crisis action with 988 and a medical one with 911', () => {
    expect(body('I want to kill myself').emergency?.action).toMatch(/988.*press 1/);
    expect(body('I cannot breathe').emergency?.action).toMatch(/911/);
    expect(body('chest pain and I want to die').emergency?.kind).toBe('crisis');
  });
});

describe('look-alikes that must not fire', () => {
  it.each([
    // Negated.
    ['denies chest pain', 'negated: "denies"'],
    ['No chest pain, no shortness of breath, just a cough', 'negated: "no"'],
    ['I do not have chest pain', 'negated: "not"'],
    ["I'm not suicidal, just need my sertraline refilled", 'negated: "not"'],
    ['I am not short of breath', 'negated: "not"'],
    ['no trouble breathing', 'negated: "no"'],
    ['No face drooping or slurred speech', 'negated: "no"'],
    ["Refill please. I don't have any chest pain anymore.", 'negated: "not have any"'],
    ['Without chest pain or fever', 'negated: "without"'],
    ["I haven't had any chest pain since the stent", 'negated: "not had any"'],
    ['not having any thoughts of suicide or self harm', 'negated: "not having any"'],
    ['No thoughts of self-harm', 'negated: "no thoughts"'],
    ['The chest pain I had on Monday is gone now', 'negated: "is gone"'],
    ['Never had a stroke, just wondering about my BP', 'negated: "never had"'],
    // History, with a date or certainly past.
    ['I had chest pain last year but it was reflux', 'historical: "last year"'],
    ['History of heart attack in 2019, doing fine', 'historical: "history of", "in 2019"'],
    ["after my heart attack in 2019 I've been taking aspirin", 'historical: "in 2019"'],
    ['I was treated for depression and suicidal thoughts back in 2015', 'historical: "back in", "in 2015"'],
    ["I used to cut myself in high school but I'm doing well now", 'historical: "used to"'],
    ['Can I take ibuprofen? I had a heart attack years ago.', 'historical: "years ago"'],
    // A relative's history: someone else with "had" is family history.
    ['My father had a stroke at 60', 'historical: "had"'],
    ['My mom died by suicide when I was 12', 'historical: "died"'],
    ['My grandpa had a heart attack and my dad had a stroke', 'historical: "had"'],
    ["My wife's father had a stroke", 'historical: "had"'],
    // Hypothetical, and questions about side effects.
    ['Can metoprolol cause shortness of breath?', 'hypothetical: "cause"'],
    ['Is chest pain a side effect of Adderall?', 'hypothetical: "a side effect"'],
    ['Is shortness of breath a side effect of lisinopril?', 'hypothetical: "a side effect"'],
    ['What are the warning signs of a stroke?', 'hypothetical: "warning signs"'],
    ['What should I do if I get chest pain?', 'hypothetical: "what should i do if"'],
    ['I read that Chantix can cause suicidal thoughts, is that true?', 'hypothetical: "cause"'],
    ['Suicide prevention training certificate for my command', 'hypothetical: "prevention"'],
    ['Does asthma increase the risk of trouble breathing during PT?', 'hypothetical: "risk of"'],
    // Figures of speech.
    ["I'm dying to know my cholesterol results", 'figure of speech: "dying to"'],
    ['The bill nearly gave me a heart attack', 'figure of speech: "nearly gave me a heart attack"'],
  ])('%j does not fire, because %s', (text, why) => {
    const result = body(text);
    expect(result.emergency).toBeNull();
    expect(result.reasons.filter((r) => r.startsWith('not counted')).join('\n')).toContain(why);
  });

  it('says nothing of a concept that needs a modifier and has none ("this headache is killing me")', () => {
    const result = body('This headache is killing me, can I take more ibuprofen?');
    expect(result.emergency).toBeNull();
    expect(result.reasons.filter((r) => !r.startsWith('category') && !r.startsWith('pool'))).toEqual([]);
  });

  it('does not fire on a message without emergency words', () => {
    const result = body('Can I get my lisinopril refilled? I have about five days left.');
    expect(result.emergency).toBeNull();
    expect(result.reasons.some((r) => r.startsWith('not counted') || r.startsWith('emergency'))).toBe(false);
  });
});

describe('categories and pools', () => {
  it.each([
    ['Refill', 'Can I get my lisinopril refilled? Running low.', 'refill-request', 'Pharmacy'],
    ['perscription refil', 'need my zoloft refil', 'refill-request', 'Pharmacy'],
    ['', 'Need more of my metformin, pharmacy says no refills remain', 'renewal-request', 'PCM Team'],
    ['Renewal: Sertraline 50 mg tablet', '', 'renewal-request', 'PCM Team'],
    ['', 'When will my MRI results be posted?', 'result-question', 'PCM Team'],
    ['', 'What does a high A1C on my labs mean?', 'result-question', 'PCM Team'],
    ['', 'Has my referral to dermatology been approved?', 'referral-status', 'Referral Management'],
    ['', "TriWest hasn't called about my ortho consult", 'referral-status', 'Referral Management'],
    ['', 'I need to reschedule my Tuesday appt', 'appointment-request', 'Front Desk / Appointments'],
    [
      'apointment',
      'can i get an apointment next week for a physical',
      'appointment-request',
      'Front Desk / Appointments',
    ],
    ['', 'Please cancel my appointment tomorrow', 'appointment-request', 'Front Desk / Appointments'],
    ['', "Can you send my shot records to my kid's school?", 'records-request', 'Records'],
    ['', 'How do I get a copy of my lab results for my new doctor?', 'records-request', 'Records'],
    ['', 'I got a bill from the ER for my visit', 'admin-question', 'Front Desk / Appointments'],
    ['', 'How do I update my address?', 'admin-question', 'Front Desk / Appointments'],
    ['', 'I have a sore throat and fever since Monday', 'clinical-question', 'Nursing Team'],
    ['', 'Rash on my arm, itchy, what cream can I use?', 'clinical-question', 'Nursing Team'],
    ['', 'Do I need to come in for this cough or can you call something in?', 'clinical-question', 'Nursing Team'],
    ['Hello', 'Thanks', 'clinical-question', 'Nursing Team'],
  ] as const)('%j / %j → %s in %s', (subject, text, category, pool) => {
    const result = classify({ subject, body: text });
    expect(result.category).toBe(category);
    expect(result.pool).toBe(pool);
    expect(result.workType).toBe(WORK_TYPE_OF_CATEGORY[category]);
    expect(result.emergency).toBeNull();
  });

  it('says which words decided the category, and what came next', () => {
    const result = classify({ subject: 'Refill request', body: 'Please send to Express Scripts.' });
    expect(result.reasons).toContain(
      'category refill-request (score 12): "refill" in subject, "express scripts" in body',
    );
    expect(body('Thanks').reasons).toContain('category clinical-question: default (no category words matched)');
  });

  it('maps every category onto an inbox work type', () => {
    for (const category of TRIAGE_CATEGORIES) expect(WORK_TYPES).toContain(WORK_TYPE_OF_CATEGORY[category]);
  });

  it('sends an emergency to the nursing pool, and keeps the category of what was asked', () => {
    const result = classify({ subject: 'Refill', body: 'Need my Zoloft refilled. Honestly I want to kill myself.' });
    expect(result.category).toBe('refill-request');
    expect(result.pool).toBe('Nursing Team');
    expect(result.reasons).toContain('pool Nursing Team: emergencies go to Nursing Team');
  });
});

describe('the second tier: a nurse reads it now', () => {
  it.each([
    // Unclear context lowers an emergency to a possible one, never to nothing.
    ["I'm worried about having a heart attack because of my cholesterol", 'a worry or a question: "worried about"'],
    ['I had chest pain and my arm went numb', 'maybe past: "had"'],
    ['My dad is in the hospital with a stroke, can I get a note for leave?', 'already in care: "in the hospital"'],
    ['a little short of breath walking up the stairs', 'softened ("a little")'],
    // Concepts that are urgent but not 911 on their own.
    ['Wheezing since this morning and my inhaler helps a bit', 'possible emergency (breathing getting worse'],
    ['I just cannot do this anymore', 'possible emergency (hopelessness that may be suicidal'],
  ])('%j is a possible emergency (%s)', (text, why) => {
    const result = body(text);
    expect(result.emergency?.tier).toBe('possible');
    expect(result.pool).toBe('Nursing Team');
    expect(result.reasons.join('\n')).toContain(why);
  });

  it('puts the first tier above the second when a message has both', () => {
    const result = body('I have been wheezing all day. Now my lips are turning blue.');
    expect(result.emergency?.tier).toBe('emergency');
    expect(result.emergency?.flags.map((f) => f.tier)).toEqual(['emergency', 'possible']);
  });
});

describe('explanations', () => {
  it('quotes the words read, the concept and its family, the rule, and a typo it forgave', () => {
    expect(body('chest pian since lunch').reasons).toContain(
      'emergency (chest pain, cardiac, medical): "chest pian" ("pian" read as "pain") in body, rule "chest pain" — current, first person',
    );
  });

  it('says when the present outweighs a history cue', () => {
    expect(body('I had chest pain since this morning').reasons).toContain(
      'emergency (chest pain, cardiac, medical): "chest pain" in body, rule "chest pain" — current: "since this morning" outweighs maybe past: "had", first person',
    );
  });

  it('names the modifier that raised a concept, and the number it read', () => {
    const result = body('My 5 week old has a temp of 100.8 rectally');
    expect(result.emergency?.flags.find((f) => f.family === 'pediatric')).toMatchObject({
      concept: 'infant-fever',
      family: 'pediatric',
      tier: 'emergency',
      modifiers: ['raised by an infant under 3 months ("5 week old")'],
    });
    expect(result.reasons.join('\n')).toContain('temperature 100.8 °F');
  });

  it('lists a few mentions per rule and counts the rest', () => {
    const reasons = body('I want to die. '.repeat(20)).reasons;
    expect(reasons.filter((r) => r.startsWith('emergency (suicidal'))).toHaveLength(
      DEFAULT_RULES.limits.maxMentionsPerRule,
    );
    expect(reasons).toContain(
      `${20 - DEFAULT_RULES.limits.maxMentionsPerRule} more mentions of suicidal thoughts not listed`,
    );
  });
});
