import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxFilters, InboxView, PatientLookup, WorkItemSummary } from '../../../shared/work-item';
import { api } from '../ui/api';
import { viewKey } from './views';

const PAGE = 200;

export interface InboxRows {
  total: number | null;
  error: string | null;
  /** The row at an index, or undefined while its page is loading. */
  row(index: number): WorkItemSummary | undefined;
  /** Asks for the pages covering [start, end]; the list calls it with what is on screen. */
  ensure(start: number, end: number): void;
  /** The patients the search box names, when it does (their rows come first, patient by patient). */
  lookup: PatientLookup | null;
  /**
   * Where an item sits in the list now: its index; null when this view and its filters no longer
   * hold it; undefined while that is not known yet (the answer is loading).
   */
  locate(id: string): number | null | undefined;
  /** Which load the rows shown come from: a higher number is a later answer. */
  generation: number | null;
}

export interface InboxQuery {
  view: InboxView;
  filters: InboxFilters;
  /** Already debounced: every change here is a new query. */
  search: string;
}

interface Loaded {
  /** The question these pages answer, without the reload counter. */
  question: string;
  query: InboxQuery;
  generation: number;
  total: number;
  pages: Map<number, WorkItemSummary[]>;
  /** From the first page's answer. */
  lookup: PatientLookup | null;
  /** Main's word on where the selected item sits in the whole list (null: not in it). */
  found: { id: string; position: number | null } | null;
}

/**
 * The inbox as a sparse array loaded a page at a time, so the list stays fast however many
 * items the cache holds: only what is on screen (and a page around it) crosses the bridge.
 *
 * A reload of the same question (main said the inbox changed) keeps showing the old rows until
 * the new first page arrives: the row under the nurse's cursor, and the focus inside its detail,
 * must not blink away every time a colleague claims something.
 */
export function useInboxRows(query: InboxQuery | null, reloadKey: number, selectedId: string | null): InboxRows {
  const question = query === null ? null : `${viewKey(query.view)}|${JSON.stringify(query.filters)}|${query.search}`;
  const [shown, setShown] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const incoming = useRef<Loaded | null>(null);
  const inFlight = useRef(new Set<number>());
  // The first page of each load asks where the selected item now is: it may sit on a page not loaded.
  const selected = useRef(selectedId);
  useEffect(() => {
    selected.current = selectedId;
  });

  const load = useCallback(function load(page: number) {
    const target = incoming.current;
    if (target === null || target.pages.has(page) || inFlight.current.has(page)) return;
    const q = target.query;
    inFlight.current.add(page);
    const mine = target.generation;
    const find = page === 0 ? selected.current : null;
    void api()
      .listInbox({
        view: q.view,
        filters: q.filters,
        search: q.search,
        offset: page * PAGE,
        limit: PAGE,
        ...(find === null ? {} : { find }),
      })
      .then((result) => {
        if (mine !== generation.current) return;
        inFlight.current.delete(page);
        if (!result.ok) {
          setError(result.error.message);
          return;
        }
        setError(null);
        target.pages.set(page, result.value.items);
        target.total = result.value.total;
        if (page === 0) target.lookup = result.value.lookup ?? null;
        const position = result.value.position;
        if (find !== null && position !== undefined) target.found = { id: find, position };
        // A new object each time: React re-renders the rows that just arrived.
        setShown({ ...target });
        if (position != null) load(Math.floor(position / PAGE));
      });
  }, []);

  // The query object is new at every render; the question string says when it really changed.
  const current = useRef(query);
  useEffect(() => {
    current.current = query;
  });
  useEffect(() => {
    if (question === null || current.current === null) return;
    generation.current++;
    incoming.current = {
      question,
      query: current.current,
      generation: generation.current,
      total: 0,
      pages: new Map(),
      lookup: null,
      found: null,
    };
    inFlight.current = new Set();
    load(0);
  }, [question, reloadKey, load]);

  const answer = shown !== null && shown.question === question ? shown : null;
  return {
    total: answer?.total ?? null,
    error,
    lookup: answer?.lookup ?? null,
    row: (index) => answer?.pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    ensure: (start, end) => {
      for (let page = Math.floor(start / PAGE); page <= Math.floor(end / PAGE); page++) load(page);
    },
    locate: (id) => {
      if (answer === null) return undefined;
      let loaded = 0;
      for (const [page, items] of answer.pages) {
        const at = items.findIndex((item) => item.id === id);
        if (at >= 0) return page * PAGE + at;
        loaded += items.length;
      }
      if (answer.found?.id === id) return answer.found.position;
      return loaded >= answer.total ? null : undefined;
    },
    generation: answer?.generation ?? null,
  };
}
