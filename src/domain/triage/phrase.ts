import { wordsOf } from './tokenize';
import type { Spellings } from './tokenize';

/**
 * The little language of rule phrases, so a clinic can write them without regular expressions:
 * words as patients write them ("chest pain", "can't breathe"), `word*` for any ending
 * ("droop*": droopy, drooping), `...` for up to a few words between ("pain in ... chest": "pain in
 * the middle of my chest"), and `<year>` or `<number>` for a year (1950–2099) or any number.
 */
export type PhrasePart =
  | { type: 'word'; word: string }
  | { type: 'stem'; prefix: string }
  | { type: 'gap' }
  | { type: 'class'; name: 'year' | 'number' };

export type ParsedPhrase = { ok: true; parts: PhrasePart[] } | { ok: false; problem: string };

export function parsePhrase(text: string, spellings: Spellings): ParsedPhrase {
  const parts: PhrasePart[] = [];
  // Plain words are normalised together, so two-word spellings ("can not") apply across them.
  let plain: string[] = [];
  const flush = (): string | null => {
    if (plain.length === 0) return null;
    const words = wordsOf(plain.join(' '), spellings);
    if (words.length === 0) return `"${plain.join(' ')}" has no words`;
    for (const word of words) parts.push({ type: 'word', word });
    plain = [];
    return null;
  };
  for (const piece of text.trim().split(/\s+/)) {
    const special = piece === '...' || piece === '<year>' || piece === '<number>' || piece.endsWith('*');
    if (!special) {
      if (/[*<>]/.test(piece)) return { ok: false, problem: `"${piece}" is not a word` };
      plain.push(piece);
      continue;
    }
    const problem = flush();
    if (problem !== null) return { ok: false, problem };
    if (piece === '...') {
      if (parts.length === 0 || parts.at(-1)?.type === 'gap') {
        return { ok: false, problem: '"..." must sit between words' };
      }
      parts.push({ type: 'gap' });
    } else if (piece === '<year>' || piece === '<number>') {
      parts.push({ type: 'class', name: piece === '<year>' ? 'year' : 'number' });
    } else {
      const stem = wordsOf(piece.slice(0, -1), new Map());
      if (stem.length !== 1 || (stem[0] ?? '').length < 3) {
        return { ok: false, problem: `"${piece}": a word* needs one word of at least 3 letters before the *` };
      }
      parts.push({ type: 'stem', prefix: stem[0] as string });
    }
  }
  const problem = flush();
  if (problem !== null) return { ok: false, problem };
  if (parts.length === 0) return { ok: false, problem: 'empty phrase' };
  if (parts.at(-1)?.type === 'gap') return { ok: false, problem: '"..." must sit between words' };
  return { ok: true, parts };
}
