import type { Random } from './random';

/**
 * A tiny template language for message text: `{slot}` takes a value, `[a|b|c]` picks one
 * alternative (alternatives nest and may hold slots; an empty one makes the part optional). A few
 * hundred templates then give thousands of distinct messages.
 */
export type Slots = Readonly<Record<string, string>> | ((name: string) => string | undefined);

/** `own` first, then `base`: a message's own values over the shared, lazily drawn ones. */
export const layer =
  (own: Readonly<Record<string, string>>, base: Slots): Slots =>
  (name) =>
    own[name] ?? (typeof base === 'function' ? base(name) : base[name]);

type Part = string | { slot: string } | { choices: Part[][] };

const compiled = new Map<string, Part[]>();

function parse(template: string): Part[] {
  let i = 0;
  const sequence = (stops: string): Part[] => {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') parts.push(text);
      text = '';
    };
    while (i < template.length) {
      const ch = template[i] as string;
      if (stops.includes(ch)) break;
      if (ch === '{') {
        const end = template.indexOf('}', i);
        if (end < 0) throw new Error(`unclosed slot in template: ${template}`);
        flush();
        parts.push({ slot: template.slice(i + 1, end) });
        i = end + 1;
      } else if (ch === '[') {
        flush();
        i++;
        const choices: Part[][] = [];
        for (;;) {
          choices.push(sequence('|]'));
          if (template[i] === '|') i++;
          else if (template[i] === ']') {
            i++;
            break;
          } else throw new Error(`unclosed choice in template: ${template}`);
        }
        parts.push({ choices });
      } else {
        text += ch;
        i++;
      }
    }
    flush();
    return parts;
  };
  return sequence('');
}

function render(parts: readonly Part[], slots: Slots, rnd: Random, out: string[]): void {
  for (const part of parts) {
    if (typeof part === 'string') out.push(part);
    else if ('slot' in part) {
      const value = typeof slots === 'function' ? slots(part.slot) : slots[part.slot];
      if (value === undefined) throw new Error(`template slot {${part.slot}} has no value`);
      out.push(value);
    } else render(rnd.pick(part.choices), slots, rnd, out);
  }
}

export function fill(template: string, slots: Slots, rnd: Random): string {
  let parts = compiled.get(template);
  if (parts === undefined) {
    parts = parse(template);
    compiled.set(template, parts);
  }
  const out: string[] = [];
  render(parts, slots, rnd, out);
  return tidy(out.join(''));
}

const SPACE_BEFORE = / [ .,!?;:\n]/;

/** Optional parts leave doubled spaces and stray spaces before punctuation behind. */
function tidy(text: string): string {
  if (!SPACE_BEFORE.test(text)) return text.trim();
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ +([.,!?;:\n])/g, '$1')
    .trim();
}

/** First letter up, for slots that start a sentence. */
export const capitalise = (s: string): string => (s === '' ? s : s[0]?.toUpperCase() + s.slice(1));
