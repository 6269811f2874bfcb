/** The single-letter commands the keyboard sends to the open item. */
export type ItemCommand = 'claim' | 'assign' | 'route' | 'priority' | 'reply' | 'note' | 'done' | 'acknowledge';

export type KeyCommand = ItemCommand | 'next' | 'previous' | 'search' | 'help' | 'back';

const LETTERS: Record<string, KeyCommand> = {
  j: 'next',
  k: 'previous',
  c: 'claim',
  a: 'assign',
  r: 'reply',
  t: 'route',
  p: 'priority',
  n: 'note',
  d: 'done',
  e: 'acknowledge',
  '/': 'search',
  '?': 'help',
};

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * The app-wide keys. Letters mean nothing while the person types (in a text box, a text area or a
 * select, where letters pick an option), nor with a modifier (the system's and the browser's own
 * shortcuts); Esc always means "back to the list".
 */
export function commandFor(press: KeyPress, typing: boolean): KeyCommand | null {
  if (press.key === 'Escape') return 'back';
  if (typing || press.ctrlKey || press.altKey || press.metaKey) return null;
  return LETTERS[press.key] ?? null;
}

const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** Whether keys pressed in this element are text (or an option choice) rather than commands. */
export function isTyping(element: Element | null): boolean {
  if (element === null) return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return !NOT_TYPING_INPUTS.has((element.getAttribute('type') ?? 'text').toLowerCase());
  return element.closest('[contenteditable=""], [contenteditable="true"]') !== null;
}
