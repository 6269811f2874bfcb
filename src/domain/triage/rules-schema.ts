import { z } from 'zod';
import { EMERGENCY_KINDS, RED_FLAG_FAMILIES, TRIAGE_CATEGORIES } from './categories';
import { parsePhrase } from './phrase';
import { DEFAULT_MEASURES, measuresSchema } from './measures-schema';
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
  /**
   * The most points one field may give this category. Symptoms pile up in a message that asks
   * for something else ("a note for work: fever, cough and a headache"); the ask should still win.
   */
  capPerField: z.number().positive().max(1000).optional(),
  signals: z.array(signalGroup).max(100),
});

const ruleId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const tier = z.enum(['emergency', 'possible']);

/**
 * One clinical concept ("face drooping", "overdose"): its words, the family of "call 911 now"
 * dispositions it belongs to, and how acute a current, first-person mention is on its own
 * (`tier`; `none` for a concept that only counts with a modifier, such as a fever) and with
 * modifiers (`raise`: any of `with` present lifts it to `to`).
 */
const emergencyRule = z.strictObject({
  id: ruleId,
  label: z.string().trim().min(1).max(80),
  kind: z.enum(EMERGENCY_KINDS),
  family: z.enum(RED_FLAG_FAMILIES).default('other'),
  tier: z.enum(['emergency', 'possible', 'none']).default('emergency'),
  /**
   * Not lowered by a softener or an all-clear ("I seem fine now"): a stroke sign that passed is
   * still a TIA, chest pain that eased is still chest pain. Only its context (negated, past) counts.
   */
  firm: z.boolean().default(false),
  raise: z
    .array(z.strictObject({ with: z.array(ruleId).min(1).max(50), to: tier }))
    .max(20)
    .default([]),
  phrases: phrases.min(1),
});

/**
 * Words that change a concept's acuity: how sudden or severe, who it is (an infant, a pregnant
 * patient, someone on blood thinners), first aid that failed. `reach` says whether the modifier
 * counts anywhere in the message (who the patient is) or only in the concept's sentence (how bad
 * it is). `lowers` marks softeners ("a little", "mild"): they lower an emergency to a possible one
 * in their sentence, never to nothing.
 */
const modifier = z.strictObject({
  label: z.string().trim().min(1).max(80),
  reach: z.enum(['sentence', 'message']),
  lowers: z.boolean().default(false),
  /**
   * A lasting state (a pregnancy, a blood thinner, diabetes, an infant's age): a past-tense
   * context ("history of diabetes", "had my baby") does not remove it; only a negation does.
   */
  lasting: z.boolean().default(false),
  /** A softener that lowers even a firm concept (a harmless cause: the dentist's numbing, not a stroke). */
  overrulesFirm: z.boolean().default(false),
  phrases: phrases.min(1),
});

const cues = z.strictObject({
  /** Before a mention: "no", "not", "denies", "without". */
  negation: phrases,
  /** Contain a negation word but negate nothing: "not sure", "do not know". */
  pseudoNegation: phrases,
  /** After a mention: "chest pain is gone", "… resolved". */
  negationAfter: phrases,
  /** Before a mention, certainly past: "history of", "back in", "years ago". */
  history: phrases,
  /**
   * Before a mention, maybe past: "had", "after my". Unclear, so it lowers an emergency to a
   * possible one; with a third-person cue ("my dad had a stroke") it is family history and counts as past.
   */
  maybePast: phrases.default([]),
  /** Before or after a mention: already in care ("in the hospital with", "the ER said"); lowers to possible. */
  inCare: phrases.default([]),
  /** Before a mention: a worry or a question about it ("worried about", "is that a"); lowers to possible. */
  unsure: phrases.default([]),
  /** In a subject line: a topic, not a symptom ("Stroke education", "chest pain follow-up", "forms"). */
  topic: phrases.default([]),
  /** Overlapping a mention: a figure of speech ("dying to know", "killing me"), so not a mention at all. */
  idiom: phrases.default([]),
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
    emergencies: z.array(emergencyRule).min(1).max(500),
    modifiers: z.record(ruleId, modifier).default({}),
    /** Thresholds for numbers patients report (blood sugar, temperature, blood pressure, oxygen). */
    measures: measuresSchema.default(DEFAULT_MEASURES),
    /**
     * No longer used: an emergency keeps the category of what was asked (its pool is
     * `emergencyPool`). Still accepted, so a clinic's file from before loads unchanged.
     */
    emergencyCategory: z.enum(TRIAGE_CATEGORIES),
    emergencyPool: z.string().trim().min(1).max(120),
    /**
     * Requests for paperwork (records, forms, a referral's status): an emergency word in one is
     * a first-tier alarm only when it is said to be happening now ("tonight", "an hour ago");
     * otherwise a nurse reads it now as a possible emergency.
     */
    nowNeededIn: z
      .array(z.enum(TRIAGE_CATEGORIES))
      .default(['records-request', 'admin-question', 'referral-status', 'result-question']),
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
      rule.raise.forEach((raise, i) =>
        raise.with.forEach((id, j) => {
          if (!(id in rules.modifiers)) {
            ctx.addIssue({
              code: 'custom',
              path: ['emergencies', r, 'raise', i, 'with', j],
              message: `no modifier "${id}"`,
            });
          }
        }),
      );
    });
    for (const [id, m] of Object.entries(rules.modifiers)) check(m.phrases, ['modifiers', id, 'phrases'], true);
    for (const [name, measure] of Object.entries(rules.measures)) {
      if ('concept' in measure && !ids.has(measure.concept)) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', name, 'concept'],
          message: `no concept "${measure.concept}"`,
        });
      }
      if ('modifier' in measure && !(measure.modifier in rules.modifiers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', name, 'modifier'],
          message: `no modifier "${measure.modifier}"`,
        });
      }
    }
    for (const [name, list] of Object.entries(rules.cues)) check(list, ['cues', name], false);
  });

export type TriageRules = z.infer<typeof triageRulesSchema>;
/** A concept as written in the rules, before defaults (for the concept files). */
export type ConceptInput = z.input<typeof emergencyRule>;
export type ModifierInput = z.input<typeof modifier>;

export type ParsedRules = { ok: true; rules: TriageRules } | { ok: false; message: string };

/** Validates tuned rules (e.g. a clinic's JSON file); the message names each bad field. */
export function parseTriageRules(raw: unknown): ParsedRules {
  const parsed = triageRulesSchema.safeParse(raw);
  return parsed.success ? { ok: true, rules: parsed.data } : { ok: false, message: z.prettifyError(parsed.error) };
}
