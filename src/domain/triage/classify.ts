import { WORK_TYPE_OF_CATEGORY } from './categories';
import type { TriageCategory } from './categories';
import type { WorkType } from '../../shared/work-item';
import { scoreCategories } from './category';
import { compileRules } from './compile-rules';
import { DEFAULT_RULES } from './default-rules';
import { detectEmergency } from './emergency';
import type { Emergency, Field } from './emergency';
import type { TriageRules } from './rules-schema';
import { tokenize } from './tokenize';

export interface TriageMessage {
  subject: string;
  body: string;
}

export interface TriageResult {
  category: TriageCategory;
  /** The inbox work type the category files under. */
  workType: WorkType;
  /** The suggested pool's name; "PCM Team" means the patient's own PCM team. */
  pool: string;
  emergency: Emergency | null;
  /** Why: the words that matched, the rule that fired, and why other mentions did not count. */
  reasons: string[];
}

/**
 * Suggests a category and pool for a patient's message and flags emergency wording. Pure and
 * deterministic; reads at most `rules.limits.maxChars` characters, so any input stays cheap.
 */
export function classify(message: TriageMessage, rules: TriageRules = DEFAULT_RULES): TriageResult {
  const compiled = compileRules(rules);
  const max = rules.limits.maxChars;
  const rawSubject = typeof message.subject === 'string' ? message.subject : '';
  const rawBody = typeof message.body === 'string' ? message.body : '';
  const subject = rawSubject.slice(0, max);
  const body = rawBody.slice(0, Math.max(0, max - subject.length));
  const fields: Field[] = [
    { name: 'subject', tokens: tokenize(subject, compiled.spellings) },
    { name: 'body', tokens: tokenize(body, compiled.spellings) },
  ];
  const reasons: string[] = [];
  if (subject.length + body.length < rawSubject.length + rawBody.length) {
    reasons.push(`only the first ${max} characters were read; the rest of the message was not checked`);
  }
  const scored = scoreCategories(fields, compiled);
  const found = detectEmergency(fields, compiled, { nowNeeded: rules.nowNeededIn.includes(scored.category) });
  const category = scored.category;
  let pool = rules.categories[category].pool;
  if (found.emergency !== null) {
    const { tier, kind, action } = found.emergency;
    reasons.push(
      tier === 'emergency' ? `${kind} emergency: ${action}` : `possible ${kind} emergency: a nurse reads it now`,
    );
    reasons.push(...found.reasons, ...scored.reasons);
    // Whatever else the patient asked, a nurse reads it first; the category still says what they asked.
    pool = rules.emergencyPool;
    reasons.push(`pool ${pool}: ${tier === 'emergency' ? 'emergencies' : 'possible emergencies'} go to ${pool}`);
  } else {
    reasons.push(...found.reasons, ...scored.reasons, `pool ${pool}: works ${category}`);
  }
  return { category, workType: WORK_TYPE_OF_CATEGORY[category], pool, emergency: found.emergency, reasons };
}
