import type { TriageCategory } from './categories';
import { TRIAGE_CATEGORIES } from './categories';
import { parsePhrase } from './phrase';
import { PhraseSet } from './phrase-set';
import type { TriageRules } from './rules-schema';
import { spellingsOf } from './spellings';
import type { Spellings } from './tokenize';

export type CueKind = keyof TriageRules['cues'];

export interface CategorySignal {
  category: TriageCategory;
  weight: number;
}

/** Rules turned into searchable phrase sets, once per rules object. */
export interface CompiledRules {
  rules: TriageRules;
  spellings: Spellings;
  /** Tag: index into `rules.emergencies`. */
  emergencies: PhraseSet<number>;
  categories: PhraseSet<CategorySignal>;
  cues: PhraseSet<CueKind>;
  /** Tag: the modifier's id. */
  modifiers: PhraseSet<string>;
  /** A concept's index in `rules.emergencies` by id (numbers are mentions of concepts by id). */
  conceptIndex: ReadonlyMap<string, number>;
  /** The modifiers that lower (softeners): always judged, whatever concepts a message names. */
  softeners: readonly string[];
}

const compiled = new WeakMap<TriageRules, CompiledRules>();

/** Throws on a phrase that does not parse: rules from outside come through `parseTriageRules` first. */
export function compileRules(rules: TriageRules): CompiledRules {
  const known = compiled.get(rules);
  if (known !== undefined) return known;
  const spellings = spellingsOf(rules.spellings);
  const { fuzzy, windows } = rules;
  const parts = (text: string) => {
    const parsed = parsePhrase(text, spellings);
    if (!parsed.ok) throw new Error(`triage rules: phrase "${text}": ${parsed.problem}`);
    return parsed.parts;
  };
  const emergencies = new PhraseSet<number>(fuzzy, windows.phraseGap);
  rules.emergencies.forEach((rule, i) => {
    for (const text of rule.phrases) emergencies.add(i, text, parts(text));
  });
  const categories = new PhraseSet<CategorySignal>(
    { minLength: fuzzy.categoryMinLength, swapMinLength: fuzzy.categoryMinLength },
    windows.phraseGap,
  );
  for (const category of TRIAGE_CATEGORIES) {
    for (const group of rules.categories[category].signals) {
      for (const text of group.phrases) categories.add({ category, weight: group.weight }, text, parts(text));
    }
  }
  const cues = new PhraseSet<CueKind>(null, 0);
  for (const [kind, list] of Object.entries(rules.cues) as [CueKind, string[]][]) {
    for (const text of list) cues.add(kind, text, parts(text));
  }
  const modifiers = new PhraseSet<string>(fuzzy, windows.phraseGap);
  for (const [id, modifier] of Object.entries(rules.modifiers)) {
    for (const text of modifier.phrases) modifiers.add(id, text, parts(text));
  }
  const conceptIndex = new Map(rules.emergencies.map((rule, i) => [rule.id, i]));
  const softeners = Object.entries(rules.modifiers)
    .filter(([, m]) => m.lowers)
    .map(([id]) => id);
  const result: CompiledRules = { rules, spellings, emergencies, categories, cues, modifiers, conceptIndex, softeners };
  compiled.set(rules, result);
  return result;
}
