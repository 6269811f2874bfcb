import { describe, expect, it } from 'vitest';
import { commandFor, isTyping } from './keymap';

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

  it('ignores letters while typing, and with a modifier, and capitals', () => {
    expect(commandFor(press('d'), true)).toBeNull();
    expect(commandFor(press('/'), true)).toBeNull();
    expect(commandFor(press('c', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(press('r', { metaKey: true }), false)).toBeNull();
    expect(commandFor(press('D'), false)).toBeNull();
    expect(commandFor(press('x'), false)).toBeNull();
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
