import { deletions, isNeighbourSwap, withinOneEdit } from './fuzzy';
import { KNOWN_WORDS } from './known-words';
import type { PhrasePart } from './phrase';
import type { Tokens } from './tokenize';

/**
 * A set of rule phrases, searched in one pass over a message's words. Typos are found through a
 * deletion index (every rule word and every string one letter shorter), so checking a word costs
 * a few map look-ups however many rules there are, and a 1 MB message stays linear.
 */
export interface Typo {
  typed: string;
  meant: string;
}

export interface PhraseMatch<T> {
  tag: T;
  text: string;
  start: number;
  /** One past the last word. */
  end: number;
  typos: Typo[];
}

export interface FuzzyPolicy {
  /** Words at least this long match with one edit. */
  minLength: number;
  /** Words at least this long (and shorter than minLength) match with one neighbour swap. */
  swapMinLength: number;
}

interface Part {
  type: PhrasePart['type'];
  /** The vocabulary index of a word. */
  word: number;
  prefix: string;
  name: 'year' | 'number' | '';
}

interface Compiled<T> {
  tag: T;
  text: string;
  parts: Part[];
  fuzzy: boolean;
}

interface WordHit {
  exact: number;
  fuzzy: number[];
}

const YEAR = /^(19[5-9]\d|20\d\d)$/;
const SINGLE_WORD_TYPO_LENGTH = 6;
const RECENT_WORDS = 20_000;
const NUMBER = /^\d+$/;
const HAS_DIGIT = /\d/;
const NO_HIT: WordHit = { exact: -1, fuzzy: [] };

export class PhraseSet<T> {
  private readonly vocabulary = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly typoIndex = new Map<string, number[]>();
  /** The words a typo may stand for (those of fuzzy phrases). */
  private readonly typoWords = new Set<number>();
  private readonly byFirstWord = new Map<number, Compiled<T>[]>();
  private readonly byStemStart = new Map<string, Compiled<T>[]>();
  private readonly classFirst: Compiled<T>[] = [];
  private readonly phrases: Compiled<T>[] = [];
  /** Look-ups of words read lately: most words of a message were in the ones before it. */
  private readonly recent = new Map<string, WordHit>();
  private shortestTypoWord = Infinity;
  private longestTypoWord = 0;

  constructor(
    private readonly policy: FuzzyPolicy | null,
    private readonly gap: number,
  ) {}

  add(tag: T, text: string, parts: readonly PhrasePart[]): void {
    this.recent.clear();
    // A one-word phrase has no neighbour to confirm a typo, so only a long word is read as one:
    // "tarry" is not "Larry".
    const only = parts.length === 1 ? parts[0] : undefined;
    const fuzzy = this.policy !== null && (only?.type !== 'word' || only.word.length >= SINGLE_WORD_TYPO_LENGTH);
    const compiled: Compiled<T> = {
      tag,
      text,
      fuzzy,
      parts: parts.map((p) => ({
        type: p.type,
        word: p.type === 'word' ? this.wordIndex(p.word, fuzzy) : -1,
        prefix: p.type === 'stem' ? p.prefix : '',
        name: p.type === 'class' ? p.name : '',
      })),
    };
    this.phrases.push(compiled);
    const first = compiled.parts[0] as Part;
    if (first.type === 'word') push(this.byFirstWord, first.word, compiled);
    else if (first.type === 'stem') push(this.byStemStart, first.prefix.slice(0, 3), compiled);
    else this.classFirst.push(compiled);
  }

  get size(): number {
    return this.phrases.length;
  }

  /** Every place a phrase occurs; a phrase never reaches across sentences. */
  find(tokens: Tokens): PhraseMatch<T>[] {
    const hits = this.recent;
    const hitOf = (word: string): WordHit => {
      let hit = hits.get(word);
      if (hit === undefined) {
        hit = this.lookUp(word);
        // Bounded, and emptied when full: a long run of messages keeps the common words hot
        // without holding every word ever read.
        if (hits.size >= RECENT_WORDS) hits.clear();
        hits.set(word, hit);
      }
      return hit;
    };
    const found: PhraseMatch<T>[] = [];
    const { words } = tokens;
    const typos: Typo[] = [];
    // Most phrases starting with a common word ("my", "i") fail on their second word: it is
    // checked from the next word's look-up before the phrase is walked.
    let next: WordHit | null = null;
    const attempt = (phrases: readonly Compiled<T>[] | undefined, i: number, fuzzyOnly: boolean) => {
      if (phrases === undefined || phrases.length === 0) return;
      for (const phrase of phrases) {
        if (fuzzyOnly && !phrase.fuzzy) continue;
        const second = phrase.parts[1];
        if (
          second?.type === 'word' &&
          (next === null || (next.exact !== second.word && !(phrase.fuzzy && next.fuzzy.includes(second.word))))
        )
          continue;
        if (typos.length > 0) typos.length = 0;
        const end = this.matchFrom(phrase, 0, i, tokens, hitOf, typos);
        if (end >= 0) found.push({ tag: phrase.tag, text: phrase.text, start: i, end, typos: [...typos] });
      }
    };
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      const hit = hitOf(word);
      next =
        i + 1 < words.length && tokens.sentence[i + 1] === tokens.sentence[i] ? hitOf(words[i + 1] as string) : null;
      if (hit.exact >= 0) attempt(this.byFirstWord.get(hit.exact), i, false);
      for (const f of hit.fuzzy) attempt(this.byFirstWord.get(f), i, true);
      if (word.length >= 3) attempt(this.byStemStart.get(word.slice(0, 3)), i, false);
      attempt(this.classFirst, i, false);
    }
    return found;
  }

  private matchFrom(
    phrase: Compiled<T>,
    p: number,
    t: number,
    tokens: Tokens,
    hitOf: (word: string) => WordHit,
    typos: Typo[],
  ): number {
    if (p === phrase.parts.length) return t;
    const part = phrase.parts[p] as Part;
    if (part.type === 'gap') {
      for (let skip = 0; skip <= this.gap; skip++) {
        const at = t + skip;
        if (at >= tokens.words.length || tokens.sentence[at] !== tokens.sentence[t - 1]) return -1;
        const mark = typos.length;
        const end = this.matchFrom(phrase, p + 1, at, tokens, hitOf, typos);
        if (end >= 0) return end;
        typos.length = mark;
      }
      return -1;
    }
    if (t >= tokens.words.length) return -1;
    if (p > 0 && tokens.sentence[t] !== tokens.sentence[t - 1]) return -1;
    const word = tokens.words[t] as string;
    let ok: boolean;
    if (part.type === 'word') {
      const hit = hitOf(word);
      ok = hit.exact === part.word;
      if (!ok && phrase.fuzzy && hit.fuzzy.includes(part.word)) {
        ok = true;
        typos.push({ typed: word, meant: this.words[part.word] as string });
      }
    } else if (part.type === 'stem') ok = word.startsWith(part.prefix);
    else ok = (part.name === 'year' ? YEAR : NUMBER).test(word);
    return ok ? this.matchFrom(phrase, p + 1, t + 1, tokens, hitOf, typos) : -1;
  }

  private wordIndex(word: string, fuzzy: boolean): number {
    let index = this.vocabulary.get(word);
    if (index === undefined) {
      index = this.words.length;
      this.vocabulary.set(word, index);
      this.words.push(word);
    }
    const policy = this.policy;
    if (fuzzy && policy !== null && word.length >= Math.min(policy.minLength, policy.swapMinLength)) {
      if (!HAS_DIGIT.test(word) && !(this.typoIndex.get(word) ?? []).includes(index)) {
        for (const key of [word, ...deletions(word)]) push(this.typoIndex, key, index);
        this.typoWords.add(index);
        this.shortestTypoWord = Math.min(this.shortestTypoWord, word.length);
        this.longestTypoWord = Math.max(this.longestTypoWord, word.length);
      }
    }
    return index;
  }

  private lookUp(word: string): WordHit {
    const exact = this.vocabulary.get(word) ?? -1;
    const policy = this.policy;
    if (
      policy === null ||
      word.length < this.shortestTypoWord - 1 ||
      word.length > this.longestTypoWord + 1 ||
      HAS_DIGIT.test(word)
    ) {
      return exact < 0 ? NO_HIT : { exact, fuzzy: [] };
    }
    // A word of everyday English is that word ("never" is not "fever"), unless it is a rule
    // word's plural or singular ("headaches" for "headache"): two look-ups, no typo search.
    if (KNOWN_WORDS.has(word)) {
      const other = this.vocabulary.get(word.endsWith('s') ? word.slice(0, -1) : `${word}s`);
      const fuzzy = other === undefined || other === exact || !this.typoWords.has(other) ? [] : [other];
      return exact < 0 && fuzzy.length === 0 ? NO_HIT : { exact, fuzzy };
    }
    const fuzzy = new Set<number>();
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.typoIndex.get(key) ?? []) {
        if (candidate === exact) continue;
        const meant = this.words[candidate] as string;
        const close =
          meant.length >= policy.minLength
            ? withinOneEdit(word, meant)
            : meant.length >= policy.swapMinLength && isNeighbourSwap(word, meant);
        if (close) fuzzy.add(candidate);
      }
    }
    return exact < 0 && fuzzy.size === 0 ? NO_HIT : { exact, fuzzy: [...fuzzy] };
  }
}

/** The matches no other match covers: "no refills left" hides the "refills" inside it. */
export function notContained<T>(matches: readonly PhraseMatch<T>[]): PhraseMatch<T>[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PhraseMatch<T>[] = [];
  let reach = -1;
  for (const m of sorted) {
    if (m.end > reach) {
      kept.push(m);
      reach = m.end;
    }
  }
  return kept;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
