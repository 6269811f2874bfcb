import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, createDraftStore, isEmptyDraft } from './drafts';

describe('the draft store', () => {
  it('keeps each item and kind apart', () => {
    const store = createDraftStore();
    store.set('a', 'reply', { text: 'Hello', choice: '' });
    store.set('a', 'note', { text: 'Called pharmacy', choice: '' });
    store.set('b', 'route', { text: 'Needs a PCM', choice: 'pcm' });
    expect(store.get('a', 'reply').text).toBe('Hello');
    expect(store.get('a', 'note').text).toBe('Called pharmacy');
    expect(store.get('b', 'route')).toEqual({ text: 'Needs a PCM', choice: 'pcm' });
    expect(store.get('b', 'reply')).toEqual(EMPTY_DRAFT);
  });

  it('marks only items with text, and forgets one once cleared', () => {
    const store = createDraftStore();
    store.set('a', 'reply', { text: 'Hello', choice: '' });
    store.set('b', 'ack', { text: '   ', choice: 'call' });
    store.set('c', 'route', { text: '', choice: 'pcm' });
    expect([...store.draftedIds()]).toEqual(['a']);
    store.clear('a', 'reply');
    expect(store.draftedIds().size).toBe(0);
    expect(store.get('a', 'reply')).toEqual(EMPTY_DRAFT);
  });

  it('forgets every draft at once when the session locks or ends', () => {
    const store = createDraftStore();
    store.set('a', 'reply', { text: 'Your potassium was 3.1', choice: '' });
    store.set('b', 'route', { text: '', choice: 'pcm' });
    let changes = 0;
    store.subscribe(() => changes++);
    store.clearAll();
    expect(store.draftedIds().size).toBe(0);
    expect(store.get('a', 'reply')).toEqual(EMPTY_DRAFT);
    expect(store.get('b', 'route')).toEqual(EMPTY_DRAFT);
    expect(changes).toBe(1);
  });

  it('keeps an item marked while another of its drafts has text', () => {
    const store = createDraftStore();
    store.set('a', 'reply', { text: 'Hello', choice: '' });
    store.set('a', 'note', { text: 'FYI', choice: '' });
    store.clear('a', 'reply');
    expect(store.draftedIds().has('a')).toBe(true);
  });

  it('hands out the same set while the marked items stay the same', () => {
    const store = createDraftStore();
    store.set('a', 'reply', { text: 'H', choice: '' });
    const before = store.draftedIds();
    store.set('a', 'reply', { text: 'He', choice: '' });
    store.set('a', 'reply', { text: 'Hel', choice: '' });
    expect(store.draftedIds()).toBe(before);
    store.set('a', 'reply', { text: '', choice: '' });
    expect(store.draftedIds()).not.toBe(before);
  });

  it('tells listeners of every change until they unsubscribe', () => {
    const store = createDraftStore();
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    store.set('a', 'reply', { text: 'H', choice: '' });
    store.clear('a', 'reply');
    store.clear('a', 'reply'); // nothing left to clear: no news
    stop();
    store.set('a', 'reply', { text: 'x', choice: '' });
    expect(calls).toBe(2);
  });

  it('reopens the composer written in last, and none without text', () => {
    const store = createDraftStore();
    expect(store.lastComposer('a')).toBeNull();
    store.set('a', 'reply', { text: 'Hello', choice: '' });
    store.set('a', 'note', { text: 'FYI', choice: '' });
    expect(store.lastComposer('a')).toBe('note');
    store.set('a', 'reply', { text: 'Hello there', choice: '' });
    expect(store.lastComposer('a')).toBe('reply');
    store.set('a', 'reply', { text: ' ', choice: '' });
    expect(store.lastComposer('a')).toBe('note');
    store.set('a', 'ack', { text: 'Called 911', choice: 'call' });
    store.clear('a', 'note');
    expect(store.lastComposer('a')).toBeNull();
  });

  it('counts whitespace as empty', () => {
    expect(isEmptyDraft({ text: ' \n ', choice: 'x' })).toBe(true);
    expect(isEmptyDraft({ text: 'x', choice: '' })).toBe(false);
  });
});
