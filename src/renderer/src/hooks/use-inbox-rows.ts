import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkItemSummary } from '../../../shared/work-item';
import { api } from '../api';

const PAGE = 200;

export interface InboxRows {
  total: number | null;
  error: string | null;
  /** The row at an index, or undefined while its page is loading. */
  row(index: number): WorkItemSummary | undefined;
  /** Asks for the pages covering [start, end]; the list calls it with what is on screen. */
  ensure(start: number, end: number): void;
}

/**
 * The inbox as a sparse array loaded a page at a time, so the list stays fast however many
 * items the cache holds: only what is on screen (and a page around it) crosses the bridge.
 */
export function useInboxRows(poolId: string | null, reloadKey: number): InboxRows {
  const queryKey = `${poolId ?? '*'}|${reloadKey}`;
  // The total belongs to the query that loaded it; a new query shows "loading" until its first page.
  const [loaded, setLoaded] = useState<{ key: string; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, WorkItemSummary[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inFlight.current.has(page)) return;
      inFlight.current.add(page);
      const mine = generation.current;
      void api()
        .listInbox({ poolId, includeClosed: false, offset: page * PAGE, limit: PAGE })
        .then((result) => {
          if (mine !== generation.current) return;
          inFlight.current.delete(page);
          if (!result.ok) {
            setError(result.error.message);
            return;
          }
          setError(null);
          pages.current.set(page, result.value.items);
          setLoaded({ key: queryKey, total: result.value.total });
          setVersion((v) => v + 1);
        });
    },
    [poolId, queryKey],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    load(0);
  }, [load]);

  return {
    total: loaded?.key === queryKey ? loaded.total : null,
    error,
    row: (index) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE],
    ensure: (start, end) => {
      for (let page = Math.floor(start / PAGE); page <= Math.floor(end / PAGE); page++) load(page);
    },
  };
}
