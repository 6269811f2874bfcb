import { z } from 'zod';
import { EMERGENCY_KINDS, TRIAGE_CATEGORIES } from './categories';
import { parsePhrase } from './phrase';
import { spellingsOf } from './spellings';

/**
 * The triage rules as data a clinic can tune (a JSON file for `triage-desk classify --rules`).
 * Unknown keys are refused: a misspelt "negations" list would otherwise be ignored without a word.
 * Phrase syntax is in phrase.ts; how each list is used is in README.md.
 */
const phrases = z.array(z.string().trim().min(1).max(160)).max(5000);
const windowSize = z.number().int().min(0).max(40);

const signalGroup = z.strictObject({
  /** Points a phrase adds to its category; a subject match counts `subjectWeight` times. */
  weight: z.number().positive().max(100),
  phrases: phrases.min(1),
});

const categoryRules = z.strictObject({
  /** The pool that works this category when it is not an emergency. */
  pool: z.string().trim().min(1).max(120),
  signals: z.array(signalGroup).max(100),
});

const emergencyRule = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  label: z.string().trim().min(1).max(80),
  kind: z.enum(EMERGENCY_KINDS),
  phrases: phrases.min(1),
});

const cues = z.strictObject({
  /** Before a mention: "no", "not", "denies", "without". */
  negation: phrases,
  /** Contain a negation word but negate nothing: "not sure", "do not know". */
  pseudoNegation: phrases,
  /** After a mention: "chest pain is gone", "… resolved". */
  negationAfter: phrases,
  /** Before a mention: "had", "history of", "back in", "after my". */
  history: phrases,
  /** Contain a history word but describe now: "have had", "has had". */
  pseudoHistory: phrases,
  /** After a mention: "last year", "years ago", a year. */
  historyAfter: phrases,
  /** Anywhere near a mention, they make a historical or third-person mention count after all. */
  current: phrases,
  /** Before a mention: someone else it happened to ("my father", "my friend"). */
  thirdPerson: phrases,
  /** Between a third-person cue and the mention they make it the writer's own again ("my dad says I …"). */
  firstPerson: phrases,
  /** Before a mention: "if", "risk of", "can … cause". */
  hypothetical: phrases,
  /** After a mention: "a side effect", "prevention". */
  hypotheticalAfter: phrases,
  /**
   * Words that join a list of mentions, so one negation covers them all: in "no chest pain or
   * shortness of breath" the "no" reaches past its window to the second mention.
   */
  coordination: phrases,
  /** End a cue's reach before the mention: "but", "however", "and i". */
  scopeEnd: phrases,
});

const windows = z.strictObject({
  /** How many words before a mention each kind of cue may end. */
  negation: windowSize,
  history: windowSize,
  thirdPerson: windowSize,
  hypothetical: windowSize,
  /** How many words after a mention each kind of cue may start. */
  negationAfter: windowSize,
  historyAfter: windowSize,
  hypotheticalAfter: windowSize,
  /** How far either side a current-time cue may be. */
  current: windowSize,
  /** The most words a `...` in a phrase stands for. */
  phraseGap: z.number().int().min(0).max(8),
});

export const triageRulesSchema = z
  .strictObject({
    version: z.string().trim().min(1).max(80),
    categories: z.record(z.enum(TRIAGE_CATEGORIES), categoryRules),
    /** Used when no category scores at least `minScore`. */
    defaultCategory: z.enum(TRIAGE_CATEGORIES),
    subjectWeight: z.number().min(0).max(10),
    minScore: z.number().min(0).max(1000),
    emergencies: z.array(emergencyRule).min(1).max(100),
    /** An emergency is a clinical matter whatever else the message asks for. */
    emergencyCategory: z.enum(TRIAGE_CATEGORIES),
    emergencyPool: z.string().trim().min(1).max(120),
    actions: z.strictObject({ medical: z.string().trim().min(1), crisis: z.string().trim().min(1) }),
    cues,
    windows,
    fuzzy: z.strictObject({
      /** Words this long or longer match with one typo (Damerau-Levenshtein ≤ 1). */
      minLength: z.number().int().min(3).max(40),
      /** Shorter words this long or longer match with two neighbouring letters swapped ("pian"). */
      swapMinLength: z.number().int().min(2).max(40),
      /**
       * Category words match with one typo only from this length: short everyday words sit one
       * letter from category words ("never" and "fever"), and a wrong category costs less than a
       * missed emergency.
       */
      categoryMinLength: z.number().int().min(3).max(40),
    }),
    /** One or two words as patients type them → what the rules mean: "cant" → "cannot". */
    spellings: z.record(
      z.string().regex(/^[\p{L}\p{N}']+( [\p{L}\p{N}']+)?$/u, 'one or two lower-case words'),
      z.string().trim().min(1).max(80),
    ),
    limits: z.strictObject({
      /** Characters read from subject plus body; the rest is not read, and the reasons say so. */
      maxChars: z.number().int().min(100).max(50_000_000),
      /** Mentions listed in the reasons per emergency rule; the rest are counted. */
      maxMentionsPerRule: z.number().int().min(1).max(1000),
    }),
  })
  .superRefine((rules, ctx) => {
    const spellings = spellingsOf(rules.spellings);
    const check = (list: readonly string[], path: (string | number)[], gapsAllowed: boolean) =>
      list.forEach((text, i) => {
        const parsed = parsePhrase(text, spellings);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [...path, i], message: parsed.problem });
        else if (!gapsAllowed && parsed.parts.some((p) => p.type === 'gap')) {
          ctx.addIssue({ code: 'custom', path: [...path, i], message: 'cues cannot contain "..."' });
        }
      });
    for (const category of TRIAGE_CATEGORIES) {
      rules.categories[category].signals.forEach((group, g) =>
        check(group.phrases, ['categories', category, 'signals', g, 'phrases'], true),
      );
    }
    const ids = new Set<string>();
    rules.emergencies.forEach((rule, r) => {
      if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['emergencies', r, 'id'], message: 'duplicate id' });
      ids.add(rule.id);
      check(rule.phrases, ['emergencies', r, 'phrases'], true);
    });
    for (const [name, list] of Object.entries(rules.cues)) check(list, ['cues', name], false);
  });

export type TriageRules = z.infer<typeof triageRulesSchema>;

export type ParsedRules = { ok: true; rules: TriageRules } | { ok: false; message: string };

/** Validates tuned rules (e.g. a clinic's JSON file); the message names each bad field. */
export function parseTriageRules(raw: unknown): ParsedRules {
  const parsed = triageRulesSchema.safeParse(raw);
  return parsed.success ? { ok: true, rules: parsed.data } : { ok: false, message: z.prettifyError(parsed.error) };
}
