import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRIAGE_CATEGORIES } from './categories';
import { classify } from './classify';
import { DEFAULT_RULES } from './default-rules';

/** A rule phrase as a patient might type it: `...` as nothing, `word*` as the word plus "ing". */
const spoken = (phrase: string) =>
  phrase
    .split(' ')
    .filter((w) => w !== '...')
    .map((w) => (w.endsWith('*') ? `${w.slice(0, -1)}ing` : w))
    .join(' ');

/** Words that make a mention current whatever else is near ("again", "now"): they outweigh a history. */
const currentWords = new Set(DEFAULT_RULES.cues.current.filter((c) => !c.includes(' ')));
const negationWords = new Set(DEFAULT_RULES.cues.negation.filter((c) => !c.includes(' ')));
/** The phrases of concepts that count on their own (`tier` not `none`), as a patient would type them. */
const emergencyPhrases = DEFAULT_RULES.emergencies
  .filter((rule) => rule.tier !== 'none')
  .flatMap((rule) => rule.phrases.map(spoken))
  .map((p) => p.replace(/<number>/g, '3'))
  // "not just had a seizure" is a pseudo-negation ("not just"), not a denial.
  .filter((p) => !negationWords.has(p.split(' ')[0] ?? '') && !['just', 'only'].includes(p.split(' ')[0] ?? ''));
const currentPhrases = DEFAULT_RULES.cues.current.filter((c) => c.includes(' ') && !c.includes('<'));
const pastProof = emergencyPhrases.filter(
  (p) => !p.split(' ').some((w) => currentWords.has(w)) && !currentPhrases.some((c) => ` ${p} `.includes(` ${c} `)),
);
/** Negation cues that read as a denial in front of any phrase. */
const denials = ['no', 'not', 'never', 'denies', 'without', 'negative for', 'free of'];
const neutral = fc.constantFrom('', 'Hello. ', 'Refill please. ', 'Quick question. ', 'Update for the nurse: ');

describe('classify, for any input', () => {
  it('fires on every emergency phrase alone, and never once a denial comes first', () => {
    fc.assert(
      fc.property(fc.constantFrom(...emergencyPhrases), fc.constantFrom(...denials), neutral, (phrase, cue, lead) => {
        expect(classify({ subject: '', body: `${lead}${phrase}` }).emergency).not.toBeNull();
        // "not" + "breathing faster" reads "not breathing": a denial that makes another emergency phrase.
        fc.pre(classify({ subject: '', body: `${cue} ${phrase.split(' ')[0] ?? ''}` }).emergency === null);
        // A phrase that holds its own denial ("have not felt her") reads double negated.
        fc.pre(!phrase.split(' ').some((w) => negationWords.has(w)));
        expect(classify({ subject: '', body: `${lead}${cue} ${phrase}` }).emergency).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('never fires on an emergency phrase said of a father years ago', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pastProof), (phrase) => {
        expect(classify({ subject: '', body: `Years ago my father had ${phrase}.` }).emergency).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic, total and well-formed on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ maxLength: 60 }), (body, subject) => {
        const first = classify({ subject, body });
        expect(classify({ subject, body })).toEqual(first);
        expect(TRIAGE_CATEGORIES).toContain(first.category);
        expect(first.pool.length).toBeGreaterThan(0);
        expect(first.reasons.length).toBeGreaterThan(0);
        expect(first.reasons.every((r) => typeof r === 'string')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('does not care about letter case or spacing', () => {
    const words = fc.constantFrom(
      ...emergencyPhrases.slice(0, 40),
      'refill',
      'my father had',
      'no',
      'appointment',
      'results',
      'since this morning',
      'fever',
      'I',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), fc.constantFrom(' ', '  ', '\t', ' \u00a0'), (parts, gap) => {
        const plain = classify({ subject: '', body: parts.join(' ') });
        const shouted = classify({ subject: '', body: parts.join(gap).toUpperCase() });
        expect(shouted.emergency).toEqual(plain.emergency);
        expect(shouted.category).toBe(plain.category);
      }),
      { numRuns: 300 },
    );
  });

  it('reads at most maxChars of a huge message and says so', () => {
    const filler = 'I would like to ask about my knee. '.repeat(30_000);
    const result = classify({ subject: 'Knee', body: `${filler}I want to kill myself.` });
    expect(filler.length).toBeGreaterThan(DEFAULT_RULES.limits.maxChars);
    expect(result.emergency).toBeNull();
    expect(result.reasons[0]).toBe(
      `only the first ${DEFAULT_RULES.limits.maxChars} characters were read; the rest of the message was not checked`,
    );
    const early = classify({ subject: 'Knee', body: `I want to kill myself. ${filler}` });
    expect(early.emergency?.kind).toBe('crisis');
  });

  it('handles a 1 MB body of one word, of many mentions, and of random letters', () => {
    const mentions = 'chest pain no chest pain my father had a stroke refill '.repeat(18_000);
    expect(classify({ subject: '', body: mentions }).emergency?.topics).toEqual(['chest-pain']);
    expect(classify({ subject: '', body: 'a'.repeat(1_000_000) }).emergency).toBeNull();
    const letters = Array.from({ length: 200_000 }, (_, i) => 'qzxv pian '.charAt(i % 10)).join('');
    expect(classify({ subject: '', body: letters.repeat(5) }).category).toBe('clinical-question');
  });
});
