/** The single-letter commands the keyboard sends to the open item. */
export type ItemCommand = 'claim' | 'assign' | 'route' | 'priority' | 'reply' | 'note' | 'done' | 'acknowledge';

/** What the page's key handler (commandFor, heard on the document by App) sends. */
export type KeyCommand = ItemCommand | 'next' | 'previous' | 'search' | 'help' | 'back';

/**
 * Where a key works: `anywhere`, even while typing; on the `page` outside a text box; in the
 * `list` while it has the focus; on the open `item` outside a text box; in a `text box` that sends.
 */
export type KeyWhere = 'anywhere' | 'page' | 'list' | 'item' | 'text box';

export interface Shortcut {
  /** The row's name, for the footer hints and the controls' aria-keyshortcuts. */
  readonly id: KeyCommand | 'page' | 'ends' | 'open' | 'send';
  /** The key as KeyboardEvent.key names it ('j', 'Escape', 'Enter'); the footer shows it. */
  readonly key: string;
  /** The key as the sheet shows it, with its alternatives ('↓ or j'); else `key`. */
  readonly label?: string;
  readonly description: string;
  readonly where: KeyWhere;
  /** What commandFor sends for `key`; absent where a component hears the key itself (the list, a text box). */
  readonly command?: KeyCommand;
  /** The control's aria-keyshortcuts value, where it is not `key`. */
  readonly aria?: string;
}

/**
 * The one table of the desk's shortcuts, in the order the sheet lists them. The page's key handler
 * (commandFor), the shortcut sheet, the footer hints and the aria-keyshortcuts attributes all read
 * it; keymap.test.ts checks that they agree.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'next', key: 'j', label: '↓ or j', description: 'Next item', where: 'page', command: 'next' },
  { id: 'previous', key: 'k', label: '↑ or k', description: 'Previous item', where: 'page', command: 'previous' },
  { id: 'page', key: 'PageDown', label: 'Page Down / Page Up', description: 'Move a screen', where: 'list' },
  { id: 'ends', key: 'Home', label: 'Home / End', description: 'First / last item', where: 'list' },
  { id: 'open', key: 'Enter', description: 'Open the item (moves focus to the detail pane)', where: 'list' },
  { id: 'back', key: 'Escape', label: 'Esc', description: 'Back to the list', where: 'anywhere', command: 'back' },
  {
    id: 'search',
    key: '/',
    description: 'Search messages or patients (Esc clears the search)',
    where: 'page',
    command: 'search',
  },
  { id: 'help', key: '?', description: 'This sheet', where: 'page', command: 'help' },
  { id: 'claim', key: 'c', description: 'Claim', where: 'item', command: 'claim' },
  { id: 'assign', key: 'a', description: 'Assign to a person (choose, then Enter)', where: 'item', command: 'assign' },
  { id: 'reply', key: 'r', description: 'Reply to the patient', where: 'item', command: 'reply' },
  {
    id: 'send',
    key: 'Enter',
    label: 'Ctrl+Enter',
    aria: 'Control+Enter',
    description: 'Send the reply or note',
    where: 'text box',
  },
  { id: 'route', key: 't', description: 'Route to another pool', where: 'item', command: 'route' },
  { id: 'priority', key: 'p', description: 'Change priority (choose, then Enter)', where: 'item', command: 'priority' },
  { id: 'note', key: 'n', description: 'Staff note', where: 'item', command: 'note' },
  { id: 'done', key: 'd', description: 'Mark done', where: 'item', command: 'done' },
  { id: 'acknowledge', key: 'e', description: 'Acknowledge an emergency', where: 'item', command: 'acknowledge' },
];

export function shortcut(id: Shortcut['id']): Shortcut {
  const found = SHORTCUTS.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no shortcut ${id}`);
  return found;
}

/** The key as the sheet shows it: "↓ or j", "Esc", "Ctrl+Enter". */
export const labelOf = (id: Shortcut['id']): string => {
  const { label, key } = shortcut(id);
  return label ?? key;
};

/** The value of a control's aria-keyshortcuts: "c", "/", "Control+Enter". */
export const keyshortcut = (id: Shortcut['id']): string => {
  const { aria, key } = shortcut(id);
  return aria ?? key;
};

/** The sheet's tables: getting around, then acting on the open item. */
export const SHEET_GROUPS: readonly { group: string; where: readonly KeyWhere[] }[] = [
  { group: 'Moving around', where: ['page', 'list', 'anywhere'] },
  { group: 'Acting on the item', where: ['item', 'text box'] },
];

export const sheetRows = (where: readonly KeyWhere[]): Shortcut[] => SHORTCUTS.filter((s) => where.includes(s.where));

/** The footer's reminder, in its own order: "j/k move · Enter open · … · ? all keys". */
const FOOTER: readonly { ids: readonly Shortcut['id'][]; word: string }[] = [
  { ids: ['next', 'previous'], word: 'move' },
  { ids: ['open'], word: 'open' },
  { ids: ['claim'], word: 'claim' },
  { ids: ['reply'], word: 'reply' },
  { ids: ['route'], word: 'route' },
  { ids: ['done'], word: 'done' },
  { ids: ['search'], word: 'search' },
  { ids: ['help'], word: 'all keys' },
];

export const footerHints = (): { keys: string[]; word: string }[] =>
  FOOTER.map(({ ids, word }) => ({ keys: ids.map((id) => shortcut(id).key), word }));

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * The app-wide keys: the table's rows with a command. Letters mean nothing while the person types
 * (in a text box, a text area or a select, where letters pick an option), nor with a modifier (the
 * system's and the browser's own shortcuts); Esc, the one key for `anywhere`, always means "back to
 * the list".
 */
export function commandFor(press: KeyPress, typing: boolean): KeyCommand | null {
  const row = SHORTCUTS.find((s) => s.command !== undefined && s.key === press.key);
  if (row?.command === undefined) return null;
  if (row.where === 'anywhere') return row.command;
  if (typing || press.ctrlKey || press.altKey || press.metaKey) return null;
  return row.command;
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
