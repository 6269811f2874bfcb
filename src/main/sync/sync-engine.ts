import type { Kysely } from 'kysely';
import { deletedResources, typeAndIdFromUrl } from '../../domain/sync/history';
import type { HistoryEntry } from '../../domain/sync/history';
import { advanceWatermark, DEFAULT_OVERLAP_MS, incrementalFrom, instantMillis } from '../../domain/sync/watermark';
import type { DB } from '../db/schema';
import { FhirHttpError } from './fhir-client';
import type { FhirClient, ServerCapabilities } from './fhir-client';
import { DEFAULT_RECONCILE_LIMIT, reconcileOpenTasks } from './reconcile-open-tasks';
import { matches, storePage } from './store-page';
import type { PageContext } from './store-page';
import { withThreadsRederived } from '../cache/derive-items';
import { DEFAULT_DERIVATION } from '../cache/derivation-config';
import type { DerivationConfig } from '../cache/derivation-config';
import { clearQuarantine } from './tombstones';

/**
 * The feeds, one per resource type the cache projects. Task comes first so the inbox fills soonest;
 * its `_include`d Patients and foci only fill gaps, each type's own feed stays authoritative.
 */
export const SYNC_FEEDS = [
  'Task',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'CareTeam',
  'Communication',
  'MedicationRequest',
  // Fills, for a renewal's "last filled".
  'MedicationDispense',
  'DiagnosticReport',
  'Observation',
  // The patient's chart beside an item: allergies, problems, past and booked visits, referrals.
  'AllergyIntolerance',
  'Condition',
  'Encounter',
  'Appointment',
  'ServiceRequest',
] as const;

const FEED_TYPES: ReadonlySet<string> = new Set<string>(SYNC_FEEDS);
const TASK_INCLUDES = ['Task:focus', 'Task:patient'] as const;
const MAX_CHAIN_RESTARTS = 2;

export interface SyncProgress {
  feed: string;
  phase: 'search' | 'deletes';
  /** Entries of this feed handled so far in this pass, and the server's `Bundle.total` for it. */
  done: number;
  total: number | undefined;
}

export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  pages: number;
  /** Open Tasks asked about one by one because the server has no `_history` (their deletes are in `deleted`). */
  reconciled: number;
  /** What this server cannot give the sync, one line per feed and gap. */
  limitations: string[];
}

export interface SyncOptions {
  db: Kysely<DB>;
  client: FhirClient;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** `_count` per page (default 200). */
  pageSize?: number;
  overlapMs?: number;
  feeds?: readonly string[];
  /** Local clock, only for the quarantine's timestamp. */
  now?: () => number;
  /** Most open Tasks asked about per pass where the server has no `_history` (default 1000). */
  reconcileLimit?: number;
  /** Where a reconciliation over the limit starts (tests pin it). */
  random?: () => number;
  /** The clinic's triage rules and business-hours policy (the built-in defaults when absent). */
  derivation?: DerivationConfig;
}

interface FeedState {
  watermark: string | null;
  historyWatermark: string | null;
}

/**
 * One sync pass: for each feed, the resources changed since its watermark (all of them the first
 * time), page by page, each page in one transaction; then the deletes `_history` shows. A feed's
 * watermark moves only after its whole page chain is committed, so an interrupted pass is simply
 * read again (from the old watermark) next time, and versions already held are skipped.
 */
export async function syncOnce(options: SyncOptions): Promise<SyncSummary> {
  const { db, client, signal } = options;
  const feeds = options.feeds ?? SYNC_FEEDS;
  const overlap = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const pageSize = options.pageSize ?? 200;
  const summary: SyncSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    quarantined: 0,
    pages: 0,
    reconciled: 0,
    limitations: [],
  };
  const context: SyncContext = {
    db,
    summary,
    now: options.now ?? Date.now,
    feedTypes: FEED_TYPES,
    derivation: options.derivation ?? DEFAULT_DERIVATION,
  };
  const seenTasks = new Set<string>();
  const caps = await client.capabilities(signal);
  const states = await loadStates(db, feeds);

  // Before the first search of a type, note where its history stands. Any delete after this point
  // has a later server time, so the `_since` reads below cannot miss one, even of a resource this
  // pass (or an interrupted one) stores.
  for (const feed of feeds) {
    const state = states.get(feed)!;
    const limitation = limitationOf(caps, feed);
    await db
      .insertInto('sync_feed')
      .values({ feed, watermark: null, history_watermark: null, limitation })
      .onConflict((oc) => oc.column('feed').doUpdateSet({ limitation }))
      .execute();
    if (limitation !== null) summary.limitations.push(`${feed}: ${limitation}`);
    if (!supportsHistory(caps, feed) || state.historyWatermark !== null) continue;
    const newest = await firstOf(client.history(feed, new URLSearchParams({ _count: '1' }), signal));
    const at = newest?.entry?.[0]?.response?.lastModified;
    if (at !== undefined && instantMillis(at) !== undefined) {
      state.historyWatermark = at;
      await db.updateTable('sync_feed').set({ history_watermark: at }).where('feed', '=', feed).execute();
    }
  }

  for (const feed of feeds) {
    if (caps.types.get(feed)?.searchType !== true) continue;
    const state = states.get(feed)!;
    const params = new URLSearchParams({ _sort: '_lastUpdated', _count: String(pageSize) });
    const from = supportsLastUpdated(caps, feed) ? incrementalFrom(state.watermark, overlap) : null;
    if (from !== null) params.set('_lastUpdated', `ge${from}`);
    // The client sends `_include` where the server has it and reads the targets itself where not.
    const include = feed === 'Task' ? TASK_INCLUDES : [];
    let watermark = state.watermark;
    for (let restarts = 0; ; restarts++) {
      watermark = state.watermark;
      let done = 0;
      let total: number | undefined;
      try {
        for await (const page of client.search(feed, params, signal, { include })) {
          total ??= page.total;
          if (feed === 'Task')
            for (const entry of matches(page)) if (entry.resource?.id) seenTasks.add(entry.resource.id);
          const instants = await db.transaction().execute((trx) => storePage(trx, context, feed, page));
          watermark = advanceWatermark(watermark, instants);
          summary.pages++;
          done += matches(page).length;
          options.onProgress?.({ feed, phase: 'search', done, total });
        }
        break;
      } catch (error) {
        // 410 Gone on a next link: the paging snapshot expired under a slow chain. Start the chain
        // again from the old watermark; the pages already committed are skipped as versions held.
        if (!(error instanceof FhirHttpError && error.status === 410) || restarts >= MAX_CHAIN_RESTARTS) throw error;
      }
    }
    if (watermark !== state.watermark) {
      await db.updateTable('sync_feed').set({ watermark }).where('feed', '=', feed).execute();
      state.watermark = watermark;
    }
  }

  if (feeds.includes('Task') && reconcilesOpenTasks(caps)) {
    const result = await reconcileOpenTasks(db, client, {
      seen: seenTasks,
      limit: options.reconcileLimit ?? DEFAULT_RECONCILE_LIMIT,
      random: options.random ?? Math.random,
      signal,
    });
    summary.reconciled += result.checked;
    summary.deleted += result.deleted;
    options.onProgress?.({ feed: 'Task', phase: 'deletes', done: result.checked, total: result.checked });
  }

  for (const feed of feeds) {
    if (!supportsHistory(caps, feed)) continue;
    await syncDeletes(context, client, feed, states.get(feed)!, {
      overlap,
      pageSize,
      signal,
      onProgress: options.onProgress,
    });
  }
  return summary;
}

interface SyncContext extends PageContext {
  summary: SyncSummary;
}

async function syncDeletes(
  context: SyncContext,
  client: FhirClient,
  feed: string,
  state: FeedState,
  options: { overlap: number; pageSize: number; signal?: AbortSignal; onProgress?: (p: SyncProgress) => void },
): Promise<void> {
  const params = new URLSearchParams({ _count: String(options.pageSize) });
  const since = incrementalFrom(state.historyWatermark, options.overlap);
  if (since !== null) params.set('_since', since);
  const entries: HistoryEntry[] = [];
  let total: number | undefined;
  for await (const page of client.history(feed, params, options.signal)) {
    total ??= page.total;
    for (const entry of page.entry ?? []) {
      const target = typeAndIdFromUrl(entry.fullUrl) ?? typeAndIdFromUrl(entry.request?.url);
      if (target === undefined || entry.request?.method === undefined) continue;
      entries.push({ ...target, method: entry.request.method, lastModified: entry.response?.lastModified });
    }
    context.summary.pages++;
    options.onProgress?.({ feed, phase: 'deletes', done: entries.length, total });
  }
  const gone = deletedResources(entries);
  const watermark = advanceWatermark(
    state.historyWatermark,
    entries.map((e) => e.lastModified),
  );
  await context.db.transaction().execute(async (trx) => {
    await withThreadsRederived(trx, gone, async () => {
      for (const deleted of gone) {
        let query = trx
          .deleteFrom('fhir_resource')
          .where('resource_type', '=', deleted.resourceType)
          .where('id', '=', deleted.id);
        // Never remove a version newer than the delete (one re-created since, read by a later search).
        const at = instantMillis(deleted.deletedAt);
        if (at !== undefined) query = query.where('last_updated_ms', '<=', at);
        const result = await query.executeTakeFirst();
        context.summary.deleted += Number(result.numDeletedRows);
      }
    });
    await clearQuarantine(trx, gone);
    if (watermark !== state.historyWatermark) {
      await trx.updateTable('sync_feed').set({ history_watermark: watermark }).where('feed', '=', feed).execute();
    }
  });
  state.historyWatermark = watermark;
}

async function loadStates(db: Kysely<DB>, feeds: readonly string[]): Promise<Map<string, FeedState>> {
  const rows = await db.selectFrom('sync_feed').selectAll().execute();
  const byFeed = new Map(rows.map((r) => [r.feed, r]));
  return new Map(
    feeds.map((feed) => [
      feed,
      { watermark: byFeed.get(feed)?.watermark ?? null, historyWatermark: byFeed.get(feed)?.history_watermark ?? null },
    ]),
  );
}

/** Without `_history`, a Task's delete is seen by asking for it, by read or `_id` search. */
const reconcilesOpenTasks = (caps: ServerCapabilities): boolean => {
  const task = caps.types.get('Task');
  return task !== undefined && !task.historyType && (task.read || (task.idSearch && task.searchType));
};
const supportsHistory = (caps: ServerCapabilities, feed: string): boolean => caps.types.get(feed)?.historyType === true;
const supportsLastUpdated = (caps: ServerCapabilities, feed: string): boolean =>
  caps.types.get(feed)?.lastUpdatedSearch === true;

function limitationOf(caps: ServerCapabilities, feed: string): string | null {
  const type = caps.types.get(feed);
  if (type === undefined || !type.searchType) return 'the server does not offer this type for search';
  const gaps: string[] = [];
  if (!type.historyType) {
    gaps.push(
      feed === 'Task' && reconcilesOpenTasks(caps)
        ? 'no _history: deletes are reconciled for open items only'
        : 'no _history: deletes are not seen',
    );
  }
  if (!type.lastUpdatedSearch) gaps.push('no _lastUpdated search: every pass reads the whole type');
  return gaps.length === 0 ? null : gaps.join('; ');
}

async function firstOf<T>(pages: AsyncGenerator<T>): Promise<T | undefined> {
  for await (const page of pages) return page;
  return undefined;
}
