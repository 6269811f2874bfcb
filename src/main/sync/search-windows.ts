import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { instantMillis } from '../../domain/sync/watermark';

/** A server that will not page was asked for more than it answers, and windows cannot reach the rest. */
export class SearchIncompleteError extends Error {
  override name = 'SearchIncompleteError';
}

/** Largest `_count` asked for when one instant holds more resources than a page. */
export const MAX_WINDOW_COUNT = 1000;

export interface WindowSource {
  /** One chain: the search with these parameters, then its `next` links as given. */
  chain(params: URLSearchParams): AsyncIterable<Bundle>;
  /** Whether the server can filter this type by `_lastUpdated`; asked only when a window is needed. */
  canFilterLastUpdated(): Promise<boolean>;
}

const isMatch = (entry: BundleEntry): boolean =>
  entry.search?.mode !== 'include' &&
  entry.search?.mode !== 'outcome' &&
  entry.resource !== undefined &&
  entry.resource.resourceType !== 'OperationOutcome';

const keyOf = (entry: BundleEntry): string =>
  `${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}@${entry.resource?.meta?.versionId ?? ''}`;

/**
 * A search read to its end even where the server stops early. The first chain is the server's own
 * (next links as given). If it ends while more remain (its `Bundle.total` says so, or a server that
 * did not page at all sent a full page), the search goes on in `_lastUpdated` windows: the same
 * query from `ge` the newest instant seen, skipping versions already yielded, until a window brings
 * nothing new. That needs ascending `_sort=_lastUpdated`, or a window could skip what sorts earlier.
 *
 * A window that starts and ends on one instant cannot move on; its `_count` is doubled (up to
 * MAX_WINDOW_COUNT) until it does, because bulk loads put hundreds of resources on one instant. A
 * server that caps `_count` below that leaves the search failing with SearchIncompleteError rather
 * than looping or silently stopping short.
 */
export async function* windowedSearch(params: URLSearchParams, source: WindowSource): AsyncGenerator<Bundle> {
  const askedCount = Number(params.get('_count') ?? NaN);
  const yielded = new Set<string>();
  let query = params;
  const pageCount = Number.isInteger(askedCount) && askedCount > 0 ? askedCount : undefined;
  let count = pageCount;
  let lower: { instant: string; ms: number } | undefined;
  let previousMatches = -1;

  for (;;) {
    let pages = 0;
    let total: number | undefined;
    let matchesInChain = 0;
    let lastPageMatches = 0;
    let newest = lower;
    for await (const page of source.chain(query)) {
      pages++;
      total ??= page.total;
      const matches = (page.entry ?? []).filter(isMatch);
      matchesInChain += matches.length;
      lastPageMatches = matches.length;
      for (const entry of matches) {
        const instant = entry.resource?.meta?.lastUpdated;
        const ms = instantMillis(instant);
        if (instant !== undefined && ms !== undefined && (newest === undefined || ms > newest.ms)) {
          newest = { instant, ms };
        }
      }
      // The first chain is passed on untouched: that is the ordinary path and it stays as it was.
      if (lower === undefined) {
        for (const entry of matches) yielded.add(keyOf(entry));
        yield page;
        continue;
      }
      const entry = (page.entry ?? []).filter((e) => !isMatch(e) || !yielded.has(keyOf(e)));
      const fresh = entry.filter(isMatch);
      for (const e of fresh) yielded.add(keyOf(e));
      if (fresh.length > 0) yield { ...page, entry };
    }

    const followedNext = pages > 1;
    const more =
      total !== undefined ? matchesInChain < total : !followedNext && count !== undefined && lastPageMatches >= count;
    if (!more || newest === undefined) return;
    if (query.get('_sort') !== '_lastUpdated' || !(await source.canFilterLastUpdated())) {
      // A server that pages and ends its chain short of its own total (resources deleted under the
      // snapshot) has given what there is; only a server that never pages leaves a real gap.
      if (followedNext) return;
      throw new SearchIncompleteError(
        `the server answered ${matchesInChain} of ${total ?? 'more'} without a next link, and without _sort=_lastUpdated and _lastUpdated search the rest cannot be read`,
      );
    }
    if (lower !== undefined && newest.ms <= lower.ms) {
      // Every match of this window shares its starting instant: only a larger page gets past it.
      if (count === undefined || count >= MAX_WINDOW_COUNT || matchesInChain <= previousMatches) {
        throw new SearchIncompleteError(
          `more than ${matchesInChain} resources share lastUpdated ${lower.instant} and the server neither pages nor answers a larger _count`,
        );
      }
      previousMatches = matchesInChain;
      count = Math.min(count * 2, MAX_WINDOW_COUNT);
      query = windowQuery(params, lower.instant, count);
      continue;
    }
    lower = newest;
    previousMatches = -1;
    count = pageCount;
    query = windowQuery(params, newest.instant, count);
  }
}

/** The search again from `ge instant`: lower bounds replaced, upper bounds kept. */
function windowQuery(params: URLSearchParams, instant: string, count: number | undefined): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of params) {
    if (key === '_lastUpdated' && /^(ge|gt|sa)/.test(value)) continue;
    if (key === '_count' && count !== undefined) continue;
    query.append(key, value);
  }
  query.append('_lastUpdated', `ge${instant}`);
  if (count !== undefined) query.set('_count', String(count));
  return query;
}
