/** What a nurse can leave half-written on an item. */
export type DraftKind = 'reply' | 'note' | 'ack' | 'route';

/**
 * The typed text, and the one choice that goes with it: how an emergency was handled (ack) or the
 * pool chosen (route). Only the text makes a draft worth keeping: a choice alone is a click away.
 */
export interface Draft {
  text: string;
  choice: string;
}

export const EMPTY_DRAFT: Draft = { text: '', choice: '' };

export const isEmptyDraft = (draft: Draft): boolean => draft.text.trim() === '';

/** Properties rather than methods: React is handed them unbound (useSyncExternalStore). */
export interface DraftStore {
  get: (itemId: string, kind: DraftKind) => Draft;
  set: (itemId: string, kind: DraftKind, draft: Draft) => void;
  clear: (itemId: string, kind: DraftKind) => void;
  /** On lock and sign-out: unsent text may hold patient details and must not outlive the session. */
  clearAll: () => void;
  /** The composer to reopen on coming back: the reply or note written last, if either has text. */
  lastComposer: (itemId: string) => 'reply' | 'note' | null;
  /** The ids of items with unsent text. The same Set until that membership changes. */
  draftedIds: () => ReadonlySet<string>;
  /** Called after every change; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
}

const keyOf = (itemId: string, kind: DraftKind) => `${kind}|${itemId}`;

export function createDraftStore(): DraftStore {
  // Insertion order is the order of last writes: a write deletes the key before setting it again.
  const drafts = new Map<string, Draft>();
  const listeners = new Set<() => void>();
  let drafted: ReadonlySet<string> = new Set();

  const idOf = (key: string) => key.slice(key.indexOf('|') + 1);
  const refresh = () => {
    const next = new Set([...drafts].filter(([, d]) => !isEmptyDraft(d)).map(([key]) => idOf(key)));
    const same = next.size === drafted.size && [...next].every((id) => drafted.has(id));
    // A keystroke that does not change which rows carry the marker must not re-render the list.
    if (!same) drafted = next;
    for (const listener of listeners) listener();
  };

  return {
    get: (itemId, kind) => drafts.get(keyOf(itemId, kind)) ?? EMPTY_DRAFT,
    set: (itemId, kind, draft) => {
      const key = keyOf(itemId, kind);
      drafts.delete(key);
      if (draft.text !== '' || draft.choice !== '') drafts.set(key, { text: draft.text, choice: draft.choice });
      refresh();
    },
    clear: (itemId, kind) => {
      if (drafts.delete(keyOf(itemId, kind))) refresh();
    },
    clearAll: () => {
      if (drafts.size === 0) return;
      drafts.clear();
      refresh();
    },
    lastComposer: (itemId) => {
      let last: 'reply' | 'note' | null = null;
      for (const kind of ['reply', 'note'] as const) {
        const draft = drafts.get(keyOf(itemId, kind));
        if (draft === undefined || isEmptyDraft(draft)) continue;
        if (last === null) last = kind;
        else {
          const keys = [...drafts.keys()];
          if (keys.indexOf(keyOf(itemId, kind)) > keys.indexOf(keyOf(itemId, last))) last = kind;
        }
      }
      return last;
    },
    draftedIds: () => drafted,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
