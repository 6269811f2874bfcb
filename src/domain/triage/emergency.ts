import type { EmergencyKind } from './categories';
import type { CompiledRules } from './compile-rules';
import { assessMention, CueIndex } from './mention-context';
import type { Discounted, Verdict } from './mention-context';
import { notContained } from './phrase-set';
import type { PhraseMatch } from './phrase-set';
import type { Tokens } from './tokenize';

export interface Field {
  name: 'subject' | 'body';
  tokens: Tokens;
}

export interface Emergency {
  kind: EmergencyKind;
  /** What to tell the patient: call 911, or 911 / the Military Crisis Line. */
  action: string;
  /** The ids of the emergency rules that fired, e.g. ["chest-pain"]. */
  topics: string[];
}

/**
 * Every mention of an emergency phrase, judged in context. One current first-person mention of
 * any rule makes the message an emergency; a crisis (suicide, self-harm) outranks a medical one,
 * since its action names 911 too. Each mention becomes a reason, fired or discounted.
 */
export function detectEmergency(
  fields: readonly Field[],
  compiled: CompiledRules,
): { emergency: Emergency | null; reasons: string[] } {
  const { rules } = compiled;
  const cap = rules.limits.maxMentionsPerRule;
  const fired = new Set<number>();
  const reasons: string[] = [];
  const listed = new Map<number, number>();
  const unlisted = new Map<number, number>();
  for (const field of fields) {
    const mentions = outermost(compiled.emergencies.find(field.tokens));
    if (mentions.length === 0) continue;
    const cues = new CueIndex(compiled.cues.find(field.tokens), field.tokens);
    // The last mention, for a negation that covers a list: "no chest pain or shortness of breath".
    let previous: { end: number; verdict: Verdict } | null = null;
    for (const mention of mentions) {
      const rule = mention.tag;
      const shown = listed.get(rule) ?? 0;
      // Once a rule has fired and its reasons are full, more mentions of it change nothing.
      if (fired.has(rule) && shown >= cap) {
        unlisted.set(rule, (unlisted.get(rule) ?? 0) + 1);
        previous = null;
        continue;
      }
      let verdict = assessMention(field.tokens, cues, rules, mention);
      const inherited: Discounted | null = previous === null ? null : listedNegation(field, cues, previous, mention);
      if (verdict.fires && inherited !== null) verdict = { fires: false, discounts: [inherited] };
      previous = { end: mention.end, verdict };
      if (verdict.fires) fired.add(rule);
      if (shown < cap) {
        reasons.push(describe(compiled, field, mention, verdict));
        listed.set(rule, shown + 1);
      } else unlisted.set(rule, (unlisted.get(rule) ?? 0) + 1);
    }
  }
  for (const [rule, count] of unlisted) {
    reasons.push(
      `${count} more mention${count === 1 ? '' : 's'} of ${rules.emergencies[rule]?.label ?? rule} not listed`,
    );
  }
  if (fired.size === 0) return { emergency: null, reasons };
  const firedRules = [...fired].sort((a, b) => a - b).map((i) => rules.emergencies[i]);
  const kind: EmergencyKind = firedRules.some((r) => r?.kind === 'crisis') ? 'crisis' : 'medical';
  return {
    emergency: { kind, action: rules.actions[kind], topics: firedRules.map((r) => r?.id ?? '') },
    reasons,
  };
}

/** Overlapping mentions of one rule ("cannot catch my breath", "catch ... breath") count once, as the longest. */
function outermost(matches: PhraseMatch<number>[]): PhraseMatch<number>[] {
  const byRule = new Map<number, PhraseMatch<number>[]>();
  for (const m of matches) {
    const list = byRule.get(m.tag);
    if (list === undefined) byRule.set(m.tag, [m]);
    else list.push(m);
  }
  return [...byRule.values()].flatMap(notContained).sort((a, b) => a.start - b.start);
}

/** The previous mention's negation, when only list words ("or", "and") stand between the two. */
function listedNegation(
  field: Field,
  cues: CueIndex,
  previous: { end: number; verdict: Verdict },
  mention: { start: number },
): Discounted | null {
  const { verdict } = previous;
  if (verdict.fires) return null;
  const negation = verdict.discounts.find((d) => d.discount === 'negated');
  if (negation === undefined) return null;
  const { sentence } = field.tokens;
  const from = Math.min(previous.end, mention.start);
  if (sentence[from] !== sentence[mention.start]) return null;
  return cues.covers('coordination', from, mention.start) ? negation : null;
}

const explain = (found: readonly Discounted[]) =>
  found.map((d) => `${d.discount}: ${[...new Set(d.cues.map((c) => `"${c.text}"`))].join(', ')}`).join('; ');

function describe(compiled: CompiledRules, field: Field, mention: PhraseMatch<number>, verdict: Verdict): string {
  const rule = compiled.rules.emergencies[mention.tag];
  const words = field.tokens.words.slice(mention.start, mention.end).join(' ');
  const typos = mention.typos.map((t) => `"${t.typed}" read as "${t.meant}"`).join(', ');
  const spelled = typos === '' ? '' : ` (${typos})`;
  const where = `"${words}"${spelled} in ${field.name}, rule "${mention.text}"`;
  if (!verdict.fires) {
    return `not counted (${rule?.label ?? ''}): ${where} — ${explain(verdict.discounts)}`;
  }
  const because =
    verdict.current === null
      ? 'current, first person'
      : `current: "${verdict.current.text}" outweighs ${explain(verdict.outweighed)}`;
  return `emergency (${rule?.label ?? ''}, ${rule?.kind ?? ''}): ${where} — ${because}`;
}
