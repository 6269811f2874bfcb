import { wordsOf } from './tokenize';
import type { Spellings } from './tokenize';

/** The rules' spellings as the tokenizer uses them: keys without apostrophes, values as words. */
export function spellingsOf(table: Readonly<Record<string, string>>): Spellings {
  const map = new Map<string, readonly string[]>();
  for (const [from, to] of Object.entries(table)) {
    map.set(from.toLowerCase().replace(/['’]/g, ''), wordsOf(to, new Map()));
  }
  return map;
}
