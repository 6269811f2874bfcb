import type { EmergencyKind, RedFlagFamily, RedFlagTier } from './categories';
import type { CompiledRules } from './compile-rules';
import { findMeasures } from './measures';
import type { MeasuredAge, MeasuredMention } from './measures';
import { assessMention, CueIndex } from './mention-context';
import type { Discounted, Verdict } from './mention-context';
import { notContained } from './phrase-set';
import type { PhraseMatch } from './phrase-set';
import type { TriageRules } from './rules-schema';
import type { Tokens } from './tokenize';

export interface Field {
  name: 'subject' | 'body';
  tokens: Tokens;
}

/** One concept that counted: what, where, in which words, and what raised or lowered it. */
export interface RedFlag {
  concept: string;
  label: string;
  family: RedFlagFamily;
  kind: EmergencyKind;
  tier: RedFlagTier;
  field: Field['name'];
  words: string;
  /** The modifiers that raised it ("an infant under 3 months: 6 week old") or lowered it. */
  modifiers: string[];
}

export interface Emergency {
  /** `emergency`: reply with 911 / 988 and acknowledge. `possible`: a nurse reads it now. */
  tier: RedFlagTier;
  kind: EmergencyKind;
  /** What to tell the patient: call 911, or 911 / the Military Crisis Line. */
  action: string;
  /** The concepts that counted, e.g. ["chest-pain"], first-tier ones first. */
  topics: string[];
  families: RedFlagFamily[];
  /** The first few concepts that counted, each explained. */
  flags: RedFlag[];
}

type Rule = TriageRules['emergencies'][number];
type Tier = Rule['tier'];

interface Mention extends PhraseMatch<number> {
  /** A number's own tier ("sugar 38": emergency), which stands in for the concept's. */
  measured: { tier: Tier; reading: string } | null;
}

interface ModifierHit {
  id: string;
  field: Field['name'];
  sentence: number;
  start: number;
  end: number;
  words: string;
}

const RANK: Record<Tier, number> = { none: 0, possible: 1, emergency: 2 };
/** How far a list's denial ("no …, … or …") reaches over modifiers. */
const LIST_REACH = 7;
const LIST_DENIALS = new Set(['no', 'denies', 'without', 'negative for', 'free of']);
const MAX_FLAGS = 8;

/**
 * Every mention of a red-flag concept, judged in context and then by its modifiers. A mention
 * counts when it is current (not negated, hypothetical, a dated past, a topic line or a figure of
 * speech); its tier is the concept's own, or its number's, raised by the modifiers the concept
 * names (an infant, a pregnancy, a failed inhaler) and lowered to "possible" when its context is
 * unclear ("had", "a little"). The message takes the highest tier; a crisis (suicide, self-harm,
 * harm to others) decides the reply, since its action names 911 too.
 */
export function detectEmergency(
  fields: readonly Field[],
  compiled: CompiledRules,
  options: { nowNeeded?: boolean } = {},
): { emergency: Emergency | null; reasons: string[] } {
  const { rules } = compiled;
  const found = fields.map((field) => {
    const measured = findMeasures(field.tokens, compiled.rules.measures);
    return { field, measured, mentions: mentionsIn(field, measured.mentions, compiled) };
  });
  // Most messages name no concept at all: their context and modifiers are never read.
  if (found.every((f) => f.mentions.length === 0)) return { emergency: null, reasons: [] };
  // Only the modifiers these concepts ask for, and the softeners, are worth judging.
  const wanted = new Set(compiled.softeners);
  for (const f of found) {
    for (const m of f.mentions)
      for (const r of rules.emergencies[m.tag]?.raise ?? []) for (const id of r.with) wanted.add(id);
  }
  const perField = found.map(({ field, measured, mentions }) => {
    const cues = new CueIndex(compiled.cues.find(field.tokens), field.tokens);
    return { field, cues, mentions, modifiers: modifiersIn(field, cues, measured.ages, wanted, compiled) };
  });
  const everywhere = indexModifiers(
    perField.flatMap((f) => f.modifiers),
    rules,
  );
  const judged: Judged[] = perField.flatMap(({ field, cues, mentions }) => judgeField(field, cues, mentions, compiled));
  explainSubjectByBody(judged, rules);
  const cap = rules.limits.maxMentionsPerRule;
  const reasons: string[] = [];
  const listed = new Map<number, number>();
  const unlisted = new Map<number, number>();
  const flags: RedFlag[] = [];
  for (const { field, mention, verdict } of judged) {
    const index = mention.tag;
    const rule = rules.emergencies[index] as Rule;
    let tier = verdict.fires ? tierOf(rule, mention, verdict, field, everywhere, compiled) : null;
    if (
      tier?.tier === 'emergency' &&
      options.nowNeeded === true &&
      !rule.firm &&
      !saysNow(field, mention, perField, everywhere)
    ) {
      tier = {
        tier: 'possible',
        notes: [...tier.notes, 'lowered to possible: a request for paperwork that does not say this is happening now'],
      };
    }
    if (tier !== null && tier.tier !== 'none') {
      flags.push({
        concept: rule.id,
        label: rule.label,
        family: rule.family,
        kind: rule.kind,
        tier: tier.tier,
        field: field.name,
        words: wordsOf(field, mention),
        modifiers: tier.notes,
      });
    }
    // A concept that needs a modifier and had none ("pain" with nothing acute) is not worth a line.
    if (verdict.fires && tier?.tier === 'none') continue;
    const shown = listed.get(index) ?? 0;
    if (shown < cap) {
      reasons.push(describe(rule, field, mention, verdict, tier));
      listed.set(index, shown + 1);
    } else unlisted.set(index, (unlisted.get(index) ?? 0) + 1);
  }
  for (const [rule, count] of unlisted) {
    reasons.push(
      `${count} more mention${count === 1 ? '' : 's'} of ${rules.emergencies[rule]?.label ?? rule} not listed`,
    );
  }
  capSubjectByBody(flags);
  if (flags.length === 0) return { emergency: null, reasons };
  const tier: RedFlagTier = flags.some((f) => f.tier === 'emergency') ? 'emergency' : 'possible';
  const kind: EmergencyKind = flags.some((f) => f.kind === 'crisis') ? 'crisis' : 'medical';
  const ordered = [...flags].sort((a, b) => RANK[b.tier] - RANK[a.tier]);
  return {
    emergency: {
      tier,
      kind,
      action: rules.actions[kind],
      topics: [...new Set(ordered.map((f) => f.concept))],
      families: [...new Set(ordered.map((f) => f.family))],
      flags: ordered.slice(0, MAX_FLAGS),
    },
    reasons,
  };
}

/**
 * A subject line is the body's headline: when the body tells the same family at a lower tier
 * ("Spotting" over "had a little spotting yesterday, none since"), the subject takes that tier.
 */
function capSubjectByBody(flags: RedFlag[]): void {
  for (const flag of flags) {
    if (flag.field !== 'subject' || flag.tier !== 'emergency') continue;
    const body = flags.filter((f) => f.field === 'body' && f.family === flag.family);
    if (body.length > 0 && body.every((f) => f.tier === 'possible')) {
      flag.tier = 'possible';
      flag.modifiers = [...flag.modifiers, 'lowered to possible: the message tells it as less urgent'];
    }
  }
}

/** A current-time cue or a just-started modifier in the mention's sentence: "tonight", "an hour ago". */
function saysNow(
  field: Field,
  mention: Mention,
  perField: readonly { field: Field; cues: CueIndex }[],
  everywhere: ModifierIndex,
): boolean {
  const sentence = field.tokens.sentence[mention.start] ?? 0;
  const cues = perField.find((f) => f.field === field)?.cues;
  const { words } = field.tokens;
  let from = mention.start;
  while (from > 0 && field.tokens.sentence[from - 1] === sentence) from--;
  let to = mention.end;
  while (to < words.length && field.tokens.sentence[to] === sentence) to++;
  if (cues !== undefined && cues.startingIn('current', from, to).length > 0) return true;
  return (everywhere.inSentence.get(sentenceKey(field.name, sentence, 'acute-onset'))?.length ?? 0) > 0;
}

interface Judged {
  field: Field;
  mention: Mention;
  verdict: Verdict;
}

/** Each mention in a field with its context's verdict. */
function judgeField(field: Field, cues: CueIndex, mentions: readonly Mention[], compiled: CompiledRules): Judged[] {
  const { rules } = compiled;
  const out: Judged[] = [];
  const topicLine = field.name === 'subject' ? cues.startingIn('topic', 0, field.tokens.words.length) : [];
  // The last mention, for a negation that covers a list: "no chest pain or shortness of breath".
  let previous: { end: number; verdict: Verdict } | null = null;
  for (const mention of mentions) {
    let verdict = assessMention(field.tokens, cues, rules, mention);
    const inherited: Discounted | null = previous === null ? null : listedNegation(field, cues, previous, mention);
    if (verdict.fires && inherited !== null) verdict = { fires: false, discounts: [inherited] };
    const overlapping = cues.overlapping('idiom', mention.start, mention.end);
    if (verdict.fires && overlapping.length > 0) {
      verdict = { fires: false, discounts: [{ discount: 'figure of speech', cues: overlapping }] };
    }
    if (verdict.fires && topicLine.length > 0) {
      verdict = { fires: false, discounts: [{ discount: 'a topic, not a symptom', cues: topicLine }] };
    }
    previous = { end: mention.end, verdict };
    out.push({ field, mention, verdict });
  }
  return out;
}

/**
 * A subject line names what the body tells: when the body mentions the same family only in
 * ways that do not count ("Stroke" over "my mom had a stroke at 45"), the subject does not count
 * either. A subject the body does not mention at all stands on its own.
 */
function explainSubjectByBody(judged: Judged[], rules: TriageRules): void {
  const familyOf = (j: Judged) => rules.emergencies[j.mention.tag]?.family;
  for (const [i, j] of judged.entries()) {
    if (j.field.name !== 'subject' || !j.verdict.fires) continue;
    const body = judged.filter((b) => b.field.name === 'body' && familyOf(b) === familyOf(j));
    if (body.length === 0 || body.some((b) => b.verdict.fires)) continue;
    const discounts = body.flatMap((b) => (b.verdict.fires ? [] : b.verdict.discounts));
    judged[i] = {
      ...j,
      verdict: {
        fires: false,
        discounts: [{ discount: 'explained by the message', cues: discounts.flatMap((d) => d.cues) }],
      },
    };
  }
}

/**
 * Concept mentions and reported numbers in one field, in text order. A mention inside a longer
 * mention of another concept is that concept's ("heat stroke" is not a stroke); overlapping
 * mentions of one concept count once, as the longest.
 */
function mentionsIn(field: Field, measured: readonly MeasuredMention[], compiled: CompiledRules): Mention[] {
  const found: Mention[] = compiled.emergencies.find(field.tokens).map((m) => ({ ...m, measured: null }));
  if (found.length === 0 && measured.length === 0) return [];
  for (const m of measured) {
    const index = compiled.conceptIndex.get(m.concept);
    if (index === undefined) continue;
    found.push({ tag: index, text: m.reading, start: m.start, end: m.end, typos: [], measured: m });
  }
  // A sweep in text order keeps the widest mention so far of two different concepts, so the
  // check stays linear however many mentions a long message holds.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let widest: Mention | null = null;
  let other: Mention | null = null;
  // A concept that only counts with a modifier ("bleeding" in a pregnancy) is never hidden this way.
  const raisedOnly = (m: Mention) => compiled.rules.emergencies[m.tag]?.tier === 'none';
  const covers = (o: Mention | null, m: Mention) =>
    o !== null && o.tag !== m.tag && o.end >= m.end && o.end - o.start > m.end - m.start && !raisedOnly(m);
  const byRule = new Map<number, Mention[]>();
  for (const m of found) {
    const inOther = covers(widest, m) || covers(other, m);
    if (widest === null || m.end > widest.end) {
      if (widest !== null && widest.tag !== m.tag) other = widest;
      widest = m;
    } else if (m.tag !== widest.tag && (other === null || m.end > other.end)) other = m;
    if (inOther) continue;
    const list = byRule.get(m.tag);
    if (list === undefined) byRule.set(m.tag, [m]);
    else list.push(m);
  }
  return [...byRule.values()]
    .flatMap((list) => notContained<number>(list) as Mention[])
    .sort((a, b) => a.start - b.start);
}

/** Modifier words in a field (and an infant's age read from numbers), without negated ones ("not pregnant"). */
function modifiersIn(
  field: Field,
  cues: CueIndex,
  ages: readonly MeasuredAge[],
  wanted: ReadonlySet<string>,
  compiled: CompiledRules,
): ModifierHit[] {
  const { tokens } = field;
  const hits: ModifierHit[] = [];
  // A modifier is judged like a mention: "no vomiting", "a seizure last year" raise nothing.
  const add = (id: string, start: number, end: number) => {
    if (!wanted.has(id)) return;
    // "seizure disorder", "heat cat": an idiom is no modifier either.
    if (cues.overlapping('idiom', start, end).length > 0) return;
    const verdict = assessMention(tokens, cues, compiled.rules, { start, end });
    // "No slurred speech or face droop": a list's denial reaches every word of the list.
    const denied = cues
      .startingIn('negation', Math.max(0, start - LIST_REACH - 8), start)
      .some(
        (c) =>
          LIST_DENIALS.has(c.text) &&
          c.end <= start &&
          start - c.end <= LIST_REACH &&
          tokens.sentence[c.start] === tokens.sentence[start] &&
          cues.startingIn('scopeEnd', c.end, start).length === 0,
      );
    if (denied) return;
    const lasting = compiled.rules.modifiers[id]?.lasting === true;
    if (!verdict.fires && !(lasting && verdict.discounts.every((d) => d.discount === 'historical'))) return;
    const sentence = tokens.sentence[start] ?? 0;
    hits.push({ id, field: field.name, sentence, start, end, words: wordsOf(field, { start, end }) });
  };
  for (const m of compiled.modifiers.find(tokens)) add(m.tag, m.start, m.end);
  for (const age of ages) add(age.modifier, age.start, age.end);
  return hits;
}

/** Modifier hits by what a concept asks: by id anywhere, or by id in one sentence; and the softeners. */
interface ModifierIndex {
  byId: Map<string, ModifierHit[]>;
  inSentence: Map<string, ModifierHit[]>;
  lowering: ModifierHit[];
}

const sentenceKey = (field: Field['name'], sentence: number, id: string) => `${field}\u0000${sentence}\u0000${id}`;
/** Hits kept per key: enough to find one outside the mention, bounded for a huge message. */
const HITS_PER_KEY = 4;

function indexModifiers(hits: readonly ModifierHit[], rules: TriageRules): ModifierIndex {
  const index: ModifierIndex = { byId: new Map(), inSentence: new Map(), lowering: [] };
  const keep = (map: Map<string, ModifierHit[]>, key: string, h: ModifierHit) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [h]);
    else if (list.length < HITS_PER_KEY) list.push(h);
  };
  for (const h of hits) {
    keep(index.byId, h.id, h);
    keep(index.inSentence, sentenceKey(h.field, h.sentence, h.id), h);
    if (rules.modifiers[h.id]?.lowers === true && index.lowering.length < 50) index.lowering.push(h);
  }
  return index;
}

function tierOf(
  rule: Rule,
  mention: Mention,
  verdict: Extract<Verdict, { fires: true }>,
  field: Field,
  everywhere: ModifierIndex,
  compiled: CompiledRules,
): { tier: Tier; notes: string[] } {
  const { modifiers } = compiled.rules;
  const sentence = field.tokens.sentence[mention.start] ?? 0;
  // A concept's own words are no modifier of it ("for after" is not hopelessness about itself).
  const outside = (h: ModifierHit) => h.field !== field.name || h.end <= mention.start || h.start >= mention.end;
  const present = (id: string): ModifierHit | undefined =>
    ((modifiers[id]?.reach ?? 'sentence') === 'message'
      ? everywhere.byId.get(id)
      : everywhere.inSentence.get(sentenceKey(field.name, sentence, id))
    )?.find(outside);
  let tier: Tier = mention.measured?.tier ?? rule.tier;
  const notes: string[] = [];
  for (const raise of rule.raise) {
    if (RANK[raise.to] <= RANK[tier]) continue;
    const hit = raise.with.map(present).find((h) => h !== undefined);
    if (hit === undefined) continue;
    tier = raise.to;
    notes.push(`raised by ${modifiers[hit.id]?.label ?? hit.id} ("${hit.words}")`);
  }
  if (tier === 'emergency') {
    // A softener inside the mention counts too ("my lip is a little swollen").
    const softener = everywhere.lowering.find(
      (h) =>
        (!rule.firm || modifiers[h.id]?.overrulesFirm === true) &&
        (modifiers[h.id]?.reach === 'message' || (h.field === field.name && h.sentence === sentence)),
    );
    if (verdict.lowered.length > 0) {
      tier = 'possible';
      notes.push(`lowered to possible: ${explain(verdict.lowered)}`);
    } else if (softener !== undefined) {
      tier = 'possible';
      notes.push(`lowered to possible: softened ("${softener.words}")`);
    }
  }
  return { tier, notes };
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

const wordsOf = (field: Field, span: { start: number; end: number }) =>
  field.tokens.words.slice(span.start, span.end).join(' ');

const explain = (found: readonly Discounted[]) =>
  found.map((d) => `${d.discount}: ${[...new Set(d.cues.map((c) => `"${c.text}"`))].join(', ')}`).join('; ');

function describe(
  rule: Rule,
  field: Field,
  mention: Mention,
  verdict: Verdict,
  judged: { tier: Tier; notes: string[] } | null,
): string {
  const typos = mention.typos.map((t) => `"${t.typed}" read as "${t.meant}"`).join(', ');
  const spelled = typos === '' ? '' : ` (${typos})`;
  const read = mention.measured === null ? `rule "${mention.text}"` : mention.measured.reading;
  const where = `"${wordsOf(field, mention)}"${spelled} in ${field.name}, ${read}`;
  const what = `${rule.label}, ${rule.family}`;
  if (!verdict.fires) return `not counted (${what}): ${where} — ${explain(verdict.discounts)}`;
  const now = verdict.current === null ? 'current' : `current: "${verdict.current.text}"`;
  const outweighed = verdict.outweighed.length === 0 ? '' : ` outweighs ${explain(verdict.outweighed)}`;
  const who = verdict.aboutSomeoneElse === null ? 'first person' : `about "${verdict.aboutSomeoneElse.text}"`;
  const context = `${now}${outweighed}, ${who}`;
  const notes = judged === null || judged.notes.length === 0 ? '' : `; ${judged.notes.join('; ')}`;
  if (judged === null || judged.tier === 'none') {
    return `not counted (${what}): ${where} — not urgent on its own, and nothing here raises it`;
  }
  const label = judged.tier === 'emergency' ? 'emergency' : 'possible emergency';
  return `${label} (${what}, ${rule.kind}): ${where} — ${context}${notes}`;
}
