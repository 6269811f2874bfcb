import type { TriageCategory } from './categories';
import { TRIAGE_CATEGORIES } from './categories';
import type { CompiledRules } from './compile-rules';
import type { Field } from './emergency';
import { notContained } from './phrase-set';

/**
 * The category with the most points: each rule phrase found adds its group's weight once per
 * field, `subjectWeight` times in the subject (the portal's subject line is short and to the
 * point). A longer phrase hides the shorter ones inside it, so "no refills left" counts for a
 * renewal and not also "refills" for a refill. Ties go to the earlier category in
 * TRIAGE_CATEGORIES, clinical questions first: a nurse reading an admin message costs less than
 * the reverse.
 */
export function scoreCategories(
  fields: readonly Field[],
  compiled: CompiledRules,
): { category: TriageCategory; reasons: string[] } {
  const { rules } = compiled;
  const scores = new Map<TriageCategory, number>();
  const evidence = new Map<TriageCategory, string[]>();
  for (const field of fields) {
    const seen = new Set<string>();
    const inField = new Map<TriageCategory, number>();
    for (const m of notContained(compiled.categories.find(field.tokens))) {
      const { category, weight } = m.tag;
      const key = `${category}\u0000${m.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const factor = field.name === 'subject' ? rules.subjectWeight : 1;
      const cap = rules.categories[category].capPerField;
      const had = inField.get(category) ?? 0;
      const points = cap === undefined ? weight * factor : Math.max(0, Math.min(weight * factor, cap * factor - had));
      inField.set(category, had + points);
      scores.set(category, (scores.get(category) ?? 0) + points);
      const typos = m.typos.map((t) => ` ("${t.typed}" read as "${t.meant}")`).join('');
      const list = evidence.get(category) ?? [];
      list.push(`"${m.text}"${typos} in ${field.name}`);
      evidence.set(category, list);
    }
  }
  const ranked = TRIAGE_CATEGORIES.filter((c) => (scores.get(c) ?? 0) > 0).sort(
    (a, b) =>
      (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || TRIAGE_CATEGORIES.indexOf(a) - TRIAGE_CATEGORIES.indexOf(b),
  );
  const best = ranked[0];
  const score = (c: TriageCategory) => Math.round((scores.get(c) ?? 0) * 100) / 100;
  if (best === undefined || score(best) < rules.minScore) {
    const why =
      best === undefined ? 'no category words matched' : `best score ${score(best)} is below ${rules.minScore}`;
    return { category: rules.defaultCategory, reasons: [`category ${rules.defaultCategory}: default (${why})`] };
  }
  const runnerUp = ranked[1];
  const next = runnerUp === undefined ? '' : `; next: ${runnerUp} (${score(runnerUp)})`;
  return {
    category: best,
    reasons: [`category ${best} (score ${score(best)}): ${(evidence.get(best) ?? []).join(', ')}${next}`],
  };
}
