import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KeyCommand } from './keymap';
import {
  SEQUENCE_MS,
  SHEET_GROUPS,
  SHORTCUTS,
  commandFor,
  footerHints,
  isTyping,
  keyshortcut,
  labelOf,
  readKey,
  sheetRows,
} from './keymap';
import { KeyHints, ShortcutSheet } from './shortcut-sheet';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('the keyboard map', () => {
  it('maps each letter to its command', () => {
    const map = Object.fromEntries(
      ['j', 'k', 'c', 'a', 'r', 't', 'p', 'n', 'd', 'e', '/', '?'].map((k) => [k, commandFor(press(k), false)]),
    );
    expect(map).toEqual({
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
    });
  });

  it('ignores letters while typing, and with a modifier, and capitals that decide nothing', () => {
    expect(commandFor(press('d'), true)).toBeNull();
    expect(commandFor(press('/'), true)).toBeNull();
    expect(commandFor(press('c', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(press('r', { metaKey: true }), false)).toBeNull();
    expect(commandFor(press('C'), false)).toBeNull();
    expect(commandFor(press('x'), false)).toBeNull();
  });

  it('gives each decision a capital of its own, never a letter that already acts', () => {
    const decisions = Object.fromEntries(['A', 'D', 'R', 'H'].map((k) => [k, commandFor(press(k), false)]));
    expect(decisions).toEqual({ A: 'approve', D: 'deny', R: 'release', H: 'hold' });
    for (const key of ['A', 'D', 'R', 'H']) {
      expect(commandFor(press(key), true), `${key} while typing`).toBeNull();
      expect(commandFor(press(key, { ctrlKey: true }), false), `Ctrl+${key}`).toBeNull();
    }
    // The lower-case letters keep their meaning: assign, done, reply, nothing.
    expect(['a', 'd', 'r', 'h'].map((k) => commandFor(press(k), false))).toEqual(['assign', 'done', 'reply', null]);
    expect(['approve', 'deny', 'release', 'hold'].map((id) => keyshortcut(id as KeyCommand))).toEqual([
      'Shift+A',
      'Shift+D',
      'Shift+R',
      'Shift+H',
    ]);
  });

  it('lists every decision as one that asks to confirm', () => {
    for (const id of ['approve', 'deny', 'release', 'hold'] as const) {
      const row = SHORTCUTS.find((s) => s.id === id);
      expect(row?.where, id).toBe('decision');
      expect(row?.description, id).toMatch(/confirm/);
    }
  });
});

describe('two-key sequences', () => {
  const t0 = 10_000;
  const go = (second: string, gap = 200) => {
    const first = readKey(null, press('g'), false, t0);
    return { first, second: readKey(first.pending, press(second), false, t0 + gap) };
  };

  it('goes to a view with g then a letter', () => {
    expect(go('i').second.command).toBe('go-mine');
    expect(go('r').second.command).toBe('go-renewals');
    expect(go('s').second.command).toBe('go-results');
    expect(go('p').second.command).toBe('go-pools');
  });

  it('sends nothing on g and waits; the second key ends the wait', () => {
    const { first, second } = go('r');
    expect(first).toEqual({ command: null, pending: { key: 'g', at: t0 } });
    expect(second.pending).toBeNull();
  });

  it('reads a letter on its own when g was not just pressed: r replies, p sets priority', () => {
    expect(readKey(null, press('r'), false, t0).command).toBe('reply');
    expect(readKey(null, press('p'), false, t0).command).toBe('priority');
    expect(go('r', SEQUENCE_MS + 1).second.command).toBe('reply');
    expect(go('r', SEQUENCE_MS).second.command).toBe('go-renewals');
  });

  it('reads a key that does not finish the sequence as itself', () => {
    expect(go('j').second).toEqual({ command: 'next', pending: null });
    expect(go('Escape').second).toEqual({ command: 'back', pending: null });
  });

  it('starts no sequence while typing or with a modifier', () => {
    expect(readKey(null, press('g'), true, t0)).toEqual({ command: null, pending: null });
    expect(readKey(null, press('g', { ctrlKey: true }), false, t0)).toEqual({ command: null, pending: null });
    const first = readKey(null, press('g'), false, t0);
    expect(readKey(first.pending, press('r'), true, t0 + 10).command).toBeNull();
  });

  it('lets Esc go back to the list even from a text box', () => {
    expect(commandFor(press('Escape'), true)).toBe('back');
  });
});

/** Just what isTyping reads of an element; the unit tests run without a DOM. */
const element = (tag: string, type?: string, editable = false) =>
  ({
    tagName: tag.toUpperCase(),
    getAttribute: (name: string) => (name === 'type' ? (type ?? null) : null),
    closest: () => (editable ? {} : null),
  }) as unknown as Element;

describe('what counts as typing', () => {
  it('is text boxes, text areas, selects and editable content', () => {
    expect(isTyping(element('input'))).toBe(true);
    expect(isTyping(element('input', 'search'))).toBe(true);
    expect(isTyping(element('textarea'))).toBe(true);
    expect(isTyping(element('select'))).toBe(true);
    expect(isTyping(element('div', undefined, true))).toBe(true);
  });

  it('is not a checkbox, a radio, a button or the list', () => {
    expect(isTyping(element('input', 'checkbox'))).toBe(false);
    expect(isTyping(element('input', 'RADIO'))).toBe(false);
    expect(isTyping(element('button'))).toBe(false);
    expect(isTyping(element('div'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

/** Every key a keyboard can send that the handler might answer: the printable ones and the named ones. */
const EVERY_KEY = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...['Escape', 'Enter', 'Tab', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown'],
  ...['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'F1', 'F5', 'ContextMenu'],
];

/** All of KeyCommand: the compiler refuses this list if a command is added to the type and not here. */
const ALL_COMMANDS = {
  next: true,
  previous: true,
  search: true,
  help: true,
  back: true,
  claim: true,
  assign: true,
  route: true,
  priority: true,
  reply: true,
  note: true,
  done: true,
  acknowledge: true,
  approve: true,
  deny: true,
  release: true,
  hold: true,
  'go-mine': true,
  'go-renewals': true,
  'go-results': true,
  'go-pools': true,
} satisfies Record<KeyCommand, true>;

/** The text of each <kbd> in rendered markup. */
const kbds = (html: string) => [...html.matchAll(/<kbd>(.*?)<\/kbd>/g)].map((m) => m[1] ?? '');
const unescape = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const textOf = (html: string) => unescape(html.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ''));

describe('the one shortcut table', () => {
  it("holds every key the page's key handler answers, with the command it sends", () => {
    for (const after of [null, 'g']) {
      for (const typing of [false, true]) {
        for (const key of EVERY_KEY) {
          const command = commandFor(press(key), typing, after);
          if (command === null) continue;
          expect(
            SHORTCUTS.filter((s) => s.key === key && s.command === command && (s.after ?? null) === after),
            `${after ?? ''} ${key} → ${command}`,
          ).toHaveLength(1);
        }
      }
    }
    // The one sequence: g starts it, and g alone sends nothing.
    expect([...new Set(SHORTCUTS.flatMap((s) => (s.after === undefined ? [] : [s.after])))]).toEqual(['g']);
    expect(commandFor(press('g'), false)).toBeNull();
  });

  it('has a row for every command, each sent by its own key', () => {
    for (const command of Object.keys(ALL_COMMANDS) as KeyCommand[]) {
      const rows = SHORTCUTS.filter((s) => s.command === command);
      expect(rows, command).toHaveLength(1);
      const [row] = rows;
      expect(commandFor(press(row?.key ?? ''), false, row?.after ?? null), command).toBe(command);
    }
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
  });

  it('is what the sheet shows: every row once, in its group, and nothing else', () => {
    const html = renderToStaticMarkup(createElement(ShortcutSheet, { onClose: () => undefined }));
    expect(SHEET_GROUPS.flatMap(({ where }) => sheetRows(where))).toHaveLength(SHORTCUTS.length);
    const shown = SHEET_GROUPS.flatMap(({ where }) => sheetRows(where).map((s) => labelOf(s.id)));
    expect(kbds(html).map(unescape)).toEqual(shown);
    for (const s of SHORTCUTS) expect(textOf(html)).toContain(s.description);
    // The sheet as it read before the table: the first and last rows of each group.
    expect(shown.slice(0, 2)).toEqual(['↓ or j', '↑ or k']);
    expect(shown).toContain('Ctrl+Enter');
    expect(textOf(html)).toContain('Moving around');
    expect(textOf(html)).toContain('Acting on the item');
    expect(textOf(html)).toContain('Deciding (PCM): each asks to confirm');
    expect(shown).toEqual(expect.arrayContaining(['g then r', 'g then s', 'g then i', 'g then p', 'Shift+A']));
  });

  it('is what the footer hints show', () => {
    const html = renderToStaticMarkup(createElement(KeyHints));
    expect(textOf(html)).toBe('j/k move · Enter open · c claim · r reply · t route · d done · / search · ? all keys');
    const keys = footerHints().flatMap((h) => h.keys);
    expect(kbds(html).map(unescape)).toEqual(keys);
    for (const key of keys) expect(SHORTCUTS.some((s) => s.key === key)).toBe(true);
  });

  it('gives the controls their aria-keyshortcuts', () => {
    expect(
      ['claim', 'assign', 'reply', 'route', 'priority', 'note', 'done', 'search'].map((id) =>
        keyshortcut(id as KeyCommand),
      ),
    ).toEqual(['c', 'a', 'r', 't', 'p', 'n', 'd', '/']);
    expect(keyshortcut('send')).toBe('Control+Enter');
  });
});
