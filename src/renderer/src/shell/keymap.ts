/** The single-letter commands the keyboard sends to the open item. */
export type ItemCommand = 'claim' | 'assign' | 'route' | 'priority' | 'reply' | 'note' | 'done' | 'acknowledge';

/**
 * The decisions a PCM makes on a renewal or a result. Each is a capital letter (Shift and the
 * letter) and none acts at once: the key opens a confirmation (approve, release) or the decision's
 * own dialog (deny, hold), where Enter confirms and Esc cancels.
 */
export type DecisionCommand = 'approve' | 'deny' | 'release' | 'hold';

/**
 * What a decision key reaches on the open renewal or result (its decision form): `decide` answers
 * null once the key has done its part (opened the confirmation), else why it does nothing here.
 */
export interface DecisionHandle {
  decide(command: DecisionCommand): string | null;
}

/** The views `g` then a letter goes to. */
export type GoCommand = 'go-mine' | 'go-renewals' | 'go-results' | 'go-pools';

/** What the page's key handler (commandFor, heard on the document by App) sends. */
export type KeyCommand = ItemCommand | DecisionCommand | GoCommand | 'next' | 'previous' | 'search' | 'help' | 'back';

/**
 * Where a key works: `anywhere`, even while typing; on the `page` outside a text box; in the
 * `list` while it has the focus; on the open `item` outside a text box; in a `text box` that sends;
 * a PCM's `decision` on the open renewal or result, outside a text box.
 */
export type KeyWhere = 'anywhere' | 'page' | 'list' | 'item' | 'text box' | 'decision';

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
  /** The key pressed just before `key` for a two-key sequence (`g` then `r`); absent for one key. */
  readonly after?: string;
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
  {
    id: 'go-mine',
    key: 'i',
    after: 'g',
    label: 'g then i',
    description: 'Go to My items',
    where: 'page',
    command: 'go-mine',
  },
  {
    id: 'go-renewals',
    key: 'r',
    after: 'g',
    label: 'g then r',
    description: 'Go to Renewals',
    where: 'page',
    command: 'go-renewals',
  },
  {
    id: 'go-results',
    key: 's',
    after: 'g',
    label: 'g then s',
    description: 'Go to Results',
    where: 'page',
    command: 'go-results',
  },
  {
    id: 'go-pools',
    key: 'p',
    after: 'g',
    label: 'g then p',
    description: 'Go to my pool (again: the next pool)',
    where: 'page',
    command: 'go-pools',
  },
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
  {
    id: 'approve',
    key: 'A',
    label: 'Shift+A',
    aria: 'Shift+A',
    description: 'Approve the renewal (asks to confirm: Enter approves, Esc cancels)',
    where: 'decision',
    command: 'approve',
  },
  {
    id: 'deny',
    key: 'D',
    label: 'Shift+D',
    aria: 'Shift+D',
    description: 'Deny the renewal (opens the denial: reason, reply, then confirm)',
    where: 'decision',
    command: 'deny',
  },
  {
    id: 'release',
    key: 'R',
    label: 'Shift+R',
    aria: 'Shift+R',
    description: 'Release the result to the patient (asks to confirm: Enter releases, Esc cancels)',
    where: 'decision',
    command: 'release',
  },
  {
    id: 'hold',
    key: 'H',
    label: 'Shift+H',
    aria: 'Shift+H',
    description: 'Hold the result from the patient (opens the hold: reason, review date, then confirm)',
    where: 'decision',
    command: 'hold',
  },
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
  { group: 'Deciding (PCM): each asks to confirm', where: ['decision'] },
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
export function commandFor(press: KeyPress, typing: boolean, after: string | null = null): KeyCommand | null {
  const row = SHORTCUTS.find((s) => s.command !== undefined && s.key === press.key && (s.after ?? null) === after);
  if (row?.command === undefined) return null;
  if (row.where === 'anywhere') return row.command;
  if (typing || press.ctrlKey || press.altKey || press.metaKey) return null;
  return row.command;
}

/** How long the second key of a sequence (`g` then `r`) may wait for the first. */
export const SEQUENCE_MS = 1500;

/** The first key of a sequence pressed, and when; null when none is waiting. */
export type PendingKey = { key: string; at: number } | null;

/**
 * One key press read with the sequence waiting before it: the command it sends (or null), and the
 * sequence now waiting. A sequence's first key sends nothing and waits; a key that does not finish
 * it is read as on its own; Esc, a modifier or typing ends the wait. `now` is the press's time in ms.
 */
export function readKey(
  pending: PendingKey,
  press: KeyPress,
  typing: boolean,
  now: number,
): { command: KeyCommand | null; pending: PendingKey } {
  const waiting = pending !== null && now - pending.at <= SEQUENCE_MS ? pending.key : null;
  if (waiting !== null) {
    const finished = commandFor(press, typing, waiting);
    if (finished !== null) return { command: finished, pending: null };
  }
  const plain = !typing && !press.ctrlKey && !press.altKey && !press.metaKey;
  if (plain && SHORTCUTS.some((s) => s.after === press.key))
    return { command: null, pending: { key: press.key, at: now } };
  return { command: commandFor(press, typing), pending: null };
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
