import { useCallback, useSyncExternalStore } from 'react';
import type { Draft, DraftKind } from './drafts';
import { createDraftStore } from './drafts';

/**
 * One store for the whole window and the session: moving to another item (a key, a click, a sync
 * that reorders the list) unmounts its composer, and what was typed must outlive that. Nothing is
 * written to disk: a draft may hold patient details, and the cache is the only place they belong.
 */
export const drafts = createDraftStore();

/** One item's draft of one kind, and the ways to change it. */
export function useDraft(itemId: string, kind: DraftKind) {
  const draft = useSyncExternalStore(drafts.subscribe, () => drafts.get(itemId, kind));
  const set = useCallback((next: Draft) => drafts.set(itemId, kind, next), [itemId, kind]);
  const clear = useCallback(() => drafts.clear(itemId, kind), [itemId, kind]);
  return { draft, set, clear };
}

/** The ids of the items with unsent text, for the list's "Draft" marker. */
export const useDraftedIds = (): ReadonlySet<string> => useSyncExternalStore(drafts.subscribe, drafts.draftedIds);
