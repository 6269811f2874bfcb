/**
 * Message text as triage reads it: lower-case words with apostrophes dropped ("don't" → "dont",
 * then the rules' spellings make it "do not") and a final "'s" dropped, each tagged with the sentence and the clause it is
 * in. Sentences end at . ! ? ; and line breaks; clauses also at commas, colons, brackets and dashes.
 * Cues only reach across words of one sentence, so "No fever. My chest hurts." keeps its chest pain.
 */
export interface Tokens {
  words: string[];
  sentence: number[];
  clause: number[];
}

/** Word replacements: one or two words (e.g. "cant", "can not") to one or more words. */
export type Spellings = ReadonlyMap<string, readonly string[]>;

const TOKEN = /\p{N}+(?:[.:,]\p{N}+)*|[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[.!?;\n…]|[,:()–—]/gu;
const APOSTROPHE = /['’]/g;
/** "wife's" reads as "wife", so "my wife's father" has the cue "my wife"; "it's" reads as "it". */
const POSSESSIVE = /['’]s$/;
const SENTENCE_END = new Set(['.', '!', '?', ';', '\n', '…']);

export function tokenize(text: string, spellings: Spellings): Tokens {
  const raw: string[] = [];
  const rawSentence: number[] = [];
  const rawClause: number[] = [];
  let sentence = 0;
  let clause = 0;
  let sentenceHasWords = false;
  let clauseHasWords = false;
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    const piece = match[0];
    if (SENTENCE_END.has(piece)) {
      if (sentenceHasWords) sentence++;
      if (clauseHasWords) clause++;
      sentenceHasWords = clauseHasWords = false;
    } else if (piece.length === 1 && ',:()–—'.includes(piece)) {
      if (clauseHasWords) clause++;
      clauseHasWords = false;
    } else {
      raw.push(piece.replace(POSSESSIVE, '').replace(APOSTROPHE, ''));
      rawSentence.push(sentence);
      rawClause.push(clause);
      sentenceHasWords = clauseHasWords = true;
    }
  }
  if (spellings.size === 0) return { words: raw, sentence: rawSentence, clause: rawClause };
  const out: Tokens = { words: [], sentence: [], clause: [] };
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] as string;
    const next = raw[i + 1];
    const pair = next !== undefined && rawClause[i + 1] === rawClause[i] ? spellings.get(`${word} ${next}`) : undefined;
    const replaced = pair ?? spellings.get(word) ?? [word];
    for (const w of replaced) {
      out.words.push(w);
      out.sentence.push(rawSentence[i] as number);
      out.clause.push(rawClause[i] as number);
    }
    if (pair !== undefined) i++;
  }
  return out;
}

/** The words of a short piece of rule text (a phrase or a cue), normalised like a message. */
export function wordsOf(text: string, spellings: Spellings): string[] {
  return tokenize(text, spellings).words;
}
