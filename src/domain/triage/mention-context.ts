import type { CueKind } from './compile-rules';
import type { PhraseMatch } from './phrase-set';
import type { TriageRules } from './rules-schema';
import type { Tokens } from './tokenize';

/**
 * Whether one mention of an emergency ("chest pain") is the writer's own, now — after the
 * ConText family of clinical NLP rules: cues before or after a mention within a few words of the
 * same sentence mark it negated, hypothetical, historical or about someone else. A time cue such
 * as "since this morning" as near as the history or third-person cue wins, so "had chest pain
 * since this morning" fires; negation and "if"/"risk of" are never outweighed. Ties go to firing.
 */
export interface Cue {
  kind: CueKind;
  text: string;
  start: number;
  end: number;
}

export type Discount = 'negated' | 'hypothetical' | 'historical' | 'third-person';

export interface Discounted {
  discount: Discount;
  cues: Cue[];
}

export type Verdict =
  { fires: true; current: Cue | null; outweighed: Discounted[] } | { fires: false; discounts: Discounted[] };

/** Cue occurrences by kind, in text order, without the ones a pseudo-cue ("not sure") explains away. */
export class CueIndex {
  private readonly byKind = new Map<CueKind, Cue[]>();

  constructor(matches: readonly PhraseMatch<CueKind>[], tokens: Tokens) {
    // The words as read ("in 2019"), not the rule ("in <year>").
    const all = matches.map((m) => ({
      kind: m.tag,
      text: tokens.words.slice(m.start, m.end).join(' '),
      start: m.start,
      end: m.end,
    }));
    const spans = (kind: CueKind) => all.filter((c) => c.kind === kind);
    const pseudoNegation = spans('pseudoNegation');
    const pseudoHistory = spans('pseudoHistory');
    for (const cue of all) {
      if (cue.kind === 'negation' && inside(cue, pseudoNegation)) continue;
      if (cue.kind === 'history' && inside(cue, pseudoHistory)) continue;
      const list = this.byKind.get(cue.kind);
      if (list === undefined) this.byKind.set(cue.kind, [cue]);
      else list.push(cue);
    }
  }

  /** Cues of a kind that start in [from, to). */
  startingIn(kind: CueKind, from: number, to: number): Cue[] {
    return between(this.byKind.get(kind) ?? [], from, to);
  }

  /** True when every word in [from, to) belongs to a cue of the kind (an empty range counts). */
  covers(kind: CueKind, from: number, to: number): boolean {
    let reached = from;
    for (const cue of this.startingIn(kind, Math.max(0, from - LONGEST_CUE), to)) {
      if (cue.start <= reached && cue.end > reached) reached = cue.end;
    }
    return reached >= to;
  }
}

/** The cues of a list (in text order) that start in [from, to), by binary search. */
function between(list: readonly Cue[], from: number, to: number): Cue[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Cue).start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Cue[] = [];
  for (let i = lo; i < list.length && (list[i] as Cue).start < to; i++) out.push(list[i] as Cue);
  return out;
}

/** Whether a pseudo-cue span (e.g. "not sure") holds the cue. */
const inside = (cue: Cue, spans: readonly Cue[]): boolean =>
  between(spans, cue.start - LONGEST_CUE, cue.start + 1).some((p) => p.start <= cue.start && cue.end <= p.end);

/** Cues are a few words long; this bounds how far back a cue that ends near a mention can start. */
const LONGEST_CUE = 8;

interface Near {
  cue: Cue;
  /** Words between the cue and the mention. */
  distance: number;
}

export function assessMention(
  tokens: Tokens,
  cues: CueIndex,
  rules: TriageRules,
  mention: { start: number; end: number },
): Verdict {
  const { start, end } = mention;
  const { windows } = rules;
  const sentence = tokens.sentence[start];
  const clause = tokens.clause[end - 1];
  const crosses = (kind: CueKind, from: number, to: number) => cues.startingIn(kind, from, to).some((c) => c.end <= to);

  const before = (kind: CueKind, window: number, breakOnFirstPerson: boolean): Near[] =>
    window === 0
      ? []
      : cues
          .startingIn(kind, Math.max(0, start - window - LONGEST_CUE), start)
          .filter(
            (c) =>
              c.end <= start &&
              start - c.end <= window &&
              tokens.sentence[c.start] === sentence &&
              !crosses('scopeEnd', c.end, start) &&
              !(breakOnFirstPerson && crosses('firstPerson', c.end, start)),
          )
          .map((cue) => ({ cue, distance: start - cue.end }));

  const after = (kind: CueKind, window: number): Near[] =>
    window === 0
      ? []
      : cues
          .startingIn(kind, end, end + window + 1)
          .filter((c) => tokens.clause[c.start] === clause && !crosses('scopeEnd', end, c.start))
          .map((cue) => ({ cue, distance: cue.start - end }));

  const negated = [...before('negation', windows.negation, true), ...after('negationAfter', windows.negationAfter)];
  if (negated.length > 0)
    return { fires: false, discounts: [{ discount: 'negated', cues: negated.map((n) => n.cue) }] };

  const hypothetical = before('hypothetical', windows.hypothetical, false);
  if (hypothetical.length > 0) {
    return { fires: false, discounts: [{ discount: 'hypothetical', cues: hypothetical.map((n) => n.cue) }] };
  }

  const candidates: { discount: Discount; near: Near[] }[] = [
    { discount: 'third-person', near: before('thirdPerson', windows.thirdPerson, true) },
    {
      discount: 'historical',
      near: [...before('history', windows.history, true), ...after('historyAfter', windows.historyAfter)],
    },
    { discount: 'hypothetical', near: after('hypotheticalAfter', windows.hypotheticalAfter) },
  ];
  const discounts = candidates.filter((d) => d.near.length > 0);
  if (discounts.length === 0) return { fires: true, current: null, outweighed: [] };

  // A current-time cue counts before the mention anywhere in its sentence, after it only in its clause.
  const current = [
    ...cues
      .startingIn('current', Math.max(0, start - windows.current - LONGEST_CUE), start)
      .filter((c) => c.end <= start && start - c.end <= windows.current && tokens.sentence[c.start] === sentence)
      .map((cue) => ({ cue, distance: start - cue.end })),
    ...cues.startingIn('current', start, end).map((cue) => ({ cue, distance: 0 })),
    ...after('current', windows.current),
  ].sort((a, b) => a.distance - b.distance)[0];
  const nearest = Math.min(...discounts.flatMap((d) => d.near.map((n) => n.distance)));
  const found = discounts.map((d) => ({ discount: d.discount, cues: d.near.map((n) => n.cue) }));
  if (current !== undefined && current.distance <= nearest)
    return { fires: true, current: current.cue, outweighed: found };
  return { fires: false, discounts: found };
}
