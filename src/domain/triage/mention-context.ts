import type { CueKind } from './compile-rules';
import type { PhraseMatch } from './phrase-set';
import type { TriageRules } from './rules-schema';
import type { Tokens } from './tokenize';

/**
 * Whether one mention of an emergency ("chest pain") is happening now — after the ConText family
 * of clinical NLP rules: cues near a mention in its sentence mark it negated, hypothetical or
 * certainly past (not counted), or only maybe past, already in care, a worry or an "if" further
 * back (counted, but lowered to a possible emergency). Someone else is no discount: parents write
 * for children. A time cue such as "since this morning" as near as a past or unclear cue wins, so
 * "had chest pain since this morning" fires; negation and "if"/"risk of" are never outweighed.
 */
export interface Cue {
  kind: CueKind;
  text: string;
  start: number;
  end: number;
}

export type Discount =
  | 'negated'
  | 'hypothetical'
  | 'historical'
  | 'maybe past'
  | 'already in care'
  | 'a worry or a question'
  | 'conditional'
  | 'a topic, not a symptom'
  | 'figure of speech'
  | 'explained by the message';

export interface Discounted {
  discount: Discount;
  cues: Cue[];
}

/**
 * `fires` with `lowered`: the mention counts, but its context is unclear ("had", "in the
 * hospital with"), so an emergency becomes a possible one: a nurse reads it now.
 */
export type Verdict =
  | { fires: true; current: Cue | null; outweighed: Discounted[]; lowered: Discounted[]; aboutSomeoneElse: Cue | null }
  | { fires: false; discounts: Discounted[] };

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

  /** Cues of a kind that overlap [from, to): an idiom around a mention ("dying to know"). */
  overlapping(kind: CueKind, from: number, to: number): Cue[] {
    return this.startingIn(kind, Math.max(0, from - LONGEST_CUE), to).filter((c) => c.end > from && c.start < to);
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

const CONDITIONALS = new Set(['if', 'what if', 'in case', 'whether']);
const QUESTIONS = new Set(['what should i do if', 'what do i do if', 'what if', 'how do i know if', 'just in case']);

/** Denials that head a list ("no fever, chills or cough"); a verb's "not" stays in its clause. */
const LIST_DENIALS = new Set(['no', 'denies', 'deny', 'denied', 'without', 'negative for', 'free of', 'none', 'nor']);

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
  // "when I was 4, my throat swelled": a "my" is the same person's body; a new "I" starts a new statement.
  const crossesOwn = (from: number, to: number) =>
    cues.startingIn('firstPerson', from, to).some((c) => c.end <= to && c.text !== 'my');

  const before = (kind: CueKind, window: number, breakOnFirstPerson: boolean | 'not-my'): Near[] =>
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
              !(breakOnFirstPerson === true && crosses('firstPerson', c.end, start)) &&
              !(breakOnFirstPerson === 'not-my' && crossesOwn(c.end, start)),
          )
          .map((cue) => ({ cue, distance: start - cue.end }));

  const after = (kind: CueKind, window: number): Near[] =>
    window === 0
      ? []
      : cues
          .startingIn(kind, end, end + window + 1)
          .filter((c) => tokens.clause[c.start] === clause && !crosses('scopeEnd', end, c.start))
          .map((cue) => ({ cue, distance: cue.start - end }));

  // "No cough, fever or chills" denies a list across commas; "won't go up, lips look blue" does not.
  const negatedBefore = before('negation', windows.negation, true).filter(
    (n) =>
      tokens.clause[n.cue.start] === tokens.clause[start] ||
      (LIST_DENIALS.has(n.cue.text) && tokens.clause[start - 1] !== tokens.clause[start]),
  );
  const negated = [...negatedBefore, ...after('negationAfter', windows.negationAfter)];
  if (negated.length > 0)
    return { fires: false, discounts: [{ discount: 'negated', cues: negated.map((n) => n.cue) }] };

  // What-if cues earlier in the mention's clause, however far back.
  const earlierInClause = cues
    .startingIn('hypothetical', Math.max(0, start - 40), start)
    .filter((c) => c.end <= start && tokens.clause[c.start] === tokens.clause[start])
    .map((cue) => ({ cue, distance: start - cue.end }));
  // A question about a what-if ("what should I do if …") covers its whole clause.
  const asked = earlierInClause.filter((n) => QUESTIONS.has(n.cue.text));
  const hypothetical = [...before('hypothetical', windows.hypothetical, false), ...asked];
  if (hypothetical.length > 0) {
    return { fires: false, discounts: [{ discount: 'hypothetical', cues: hypothetical.map((n) => n.cue) }] };
  }
  // An "if" further back in the same clause makes it likely, not certain, that this is a what-if.
  const conditional = earlierInClause.filter((n) => CONDITIONALS.has(n.cue.text));

  // Someone else is no reason to stand down: a parent writes about a child, a spouse about a spouse.
  const third = before('thirdPerson', windows.thirdPerson, true);
  const maybePast = before('maybePast', windows.history, true);
  const candidates: { discount: Discount; near: Near[] }[] = [
    {
      discount: 'historical',
      near: [
        ...before('history', windows.history, 'not-my'),
        ...after('historyAfter', windows.historyAfter),
        // "My dad had a stroke": a relative's "had" is family history.
        ...(third.length > 0 ? maybePast : []),
      ],
    },
    { discount: 'hypothetical', near: after('hypotheticalAfter', windows.hypotheticalAfter) },
  ];
  const unsure: { discount: Discount; near: Near[] }[] = [
    { discount: 'maybe past', near: third.length > 0 ? [] : maybePast },
    {
      discount: 'already in care',
      near: [...before('inCare', windows.history, false), ...after('inCare', windows.historyAfter)],
    },
    { discount: 'a worry or a question', near: before('unsure', windows.history, false) },
    { discount: 'conditional', near: conditional },
  ];
  const discounts = candidates.filter((d) => d.near.length > 0);
  const lowering = unsure.filter((d) => d.near.length > 0);
  const someoneElse = third[0]?.cue ?? null;
  if (discounts.length === 0 && lowering.length === 0) {
    return { fires: true, current: null, outweighed: [], lowered: [], aboutSomeoneElse: someoneElse };
  }

  // A current-time cue counts before the mention anywhere in its sentence, after it only in its clause.
  const current = [
    ...cues
      .startingIn('current', Math.max(0, start - windows.current - LONGEST_CUE), start)
      .filter((c) => c.end <= start && start - c.end <= windows.current && tokens.sentence[c.start] === sentence)
      .map((cue) => ({ cue, distance: start - cue.end })),
    ...cues.startingIn('current', start, end).map((cue) => ({ cue, distance: 0 })),
    ...after('current', windows.current),
  ].sort((a, b) => a.distance - b.distance)[0];
  const nearestOf = (list: { near: Near[] }[]) => Math.min(...list.flatMap((d) => d.near.map((n) => n.distance)));
  const found = (list: { discount: Discount; near: Near[] }[]) =>
    list.map((d) => ({ discount: d.discount, cues: d.near.map((n) => n.cue) }));
  const nowWins = (list: { near: Near[] }[]) => current !== undefined && current.distance <= nearestOf(list);
  if (discounts.length > 0 && !nowWins(discounts)) return { fires: false, discounts: found(discounts) };
  const lowered = lowering.length > 0 && !nowWins(lowering) ? found(lowering) : [];
  const outweighed = [
    ...(discounts.length > 0 ? found(discounts) : []),
    ...(lowered.length > 0 ? [] : found(lowering)),
  ];
  return { fires: true, current: current?.cue ?? null, outweighed, lowered, aboutSomeoneElse: someoneElse };
}
