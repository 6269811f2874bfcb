import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { deletedResources, typeAndIdFromUrl } from '../../domain/sync/history';
import type { HistoryEntry } from '../../domain/sync/history';
import { advanceWatermark, DEFAULT_OVERLAP_MS, incrementalFrom, instantMillis } from '../../domain/sync/watermark';
import { heldVersions, storeResources, UnstorableResourceError } from '../cache/store-resources';
import type { StoreCounts } from '../cache/store-resources';
import { assertStorable } from '../cache/storable';
import type { DB } from '../db/schema';
import { FhirHttpError } from './fhir-client';
import type { FhirClient, ServerCapabilities } from './fhir-client';

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
  'DiagnosticReport',
  'Observation',
] as const;

const FEED_TYPES = new Set<string>(SYNC_FEEDS);
const TASK_INCLUDES = ['Task:focus', 'Task:patient'];
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
    limitations: [],
  };
  const context: PageContext = { db, summary, now: options.now ?? Date.now };
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
    if (feed === 'Task') {
      for (const include of TASK_INCLUDES)
        if (caps.types.get(feed)?.includes.has(include) === true) params.append('_include', include);
    }
    let watermark = state.watermark;
    for (let restarts = 0; ; restarts++) {
      watermark = state.watermark;
      let done = 0;
      let total: number | undefined;
      try {
        for await (const page of client.search(feed, params, signal)) {
          total ??= page.total;
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

interface PageContext {
  db: Kysely<DB>;
  summary: SyncSummary;
  now: () => number;
}

const isInclude = (entry: BundleEntry): boolean => entry.search?.mode === 'include';
const isOutcome = (entry: BundleEntry): boolean =>
  entry.search?.mode === 'outcome' || entry.resource?.resourceType === 'OperationOutcome';
const matches = (page: Bundle): BundleEntry[] => (page.entry ?? []).filter((e) => !isInclude(e) && !isOutcome(e));

/** Stores one page in the caller's transaction; returns the lastUpdated of its matches for the watermark. */
async function storePage(trx: Kysely<DB>, context: PageContext, feed: string, page: Bundle): Promise<string[]> {
  const instants: string[] = [];
  const matched: Resource[] = [];
  const included: Resource[] = [];
  for (const entry of page.entry ?? []) {
    if (isOutcome(entry)) continue;
    const resource = entry.resource as unknown;
    if (!isResource(resource)) {
      await quarantine(trx, context, feed, entry, 'entry has no resource');
      continue;
    }
    if (isInclude(entry)) {
      if (FEED_TYPES.has(resource.resourceType)) included.push(resource);
      continue;
    }
    if (resource.resourceType !== feed) {
      await quarantine(trx, context, feed, resource, `a ${feed} search returned a ${resource.resourceType}`);
      continue;
    }
    if (resource.meta?.lastUpdated !== undefined) instants.push(resource.meta.lastUpdated);
    matched.push(resource);
  }
  // An included resource only fills a gap: the type's own feed brings newer versions and, unlike a
  // paging snapshot's include, can never hand back an older one.
  const heldIncludes = await heldVersions(trx, included.filter(hasId));
  const toStore: Resource[] = [];
  for (const resource of [...matched, ...included.filter((r) => !heldIncludes.has(`${r.resourceType}/${r.id}`))]) {
    try {
      assertStorable(resource);
      toStore.push(resource);
    } catch (error) {
      if (!(error instanceof UnstorableResourceError)) throw error;
      await quarantine(trx, context, feed, resource, error.message);
    }
  }
  await storeBatch(trx, context, feed, toStore);
  return instants;
}

const hasId = (r: Resource): r is Resource & { id: string } => typeof r.id === 'string' && r.id !== '';

/**
 * The whole page in one write, under a savepoint. Only if that fails on a shape the projection
 * cannot read does it go resource by resource, so one bad resource costs its page speed, not its data.
 */
async function storeBatch(trx: Kysely<DB>, context: PageContext, feed: string, resources: Resource[]): Promise<void> {
  if (resources.length === 0) return;
  await sql`SAVEPOINT sync_page`.execute(trx);
  try {
    add(context.summary, await storeResources(trx, resources));
    await sql`RELEASE sync_page`.execute(trx);
  } catch (error) {
    await sql`ROLLBACK TO sync_page`.execute(trx);
    await sql`RELEASE sync_page`.execute(trx);
    if (!(error instanceof UnstorableResourceError || error instanceof TypeError)) throw error;
    for (const resource of resources) await storeOne(trx, context, feed, resource);
  }
}

const add = (summary: SyncSummary, counts: StoreCounts): void => {
  summary.created += counts.created;
  summary.updated += counts.updated;
  summary.unchanged += counts.unchanged;
};

const isResource = (value: unknown): value is Resource =>
  typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';

/**
 * One resource under a savepoint: if the cache cannot hold it, nothing of it stays (raw row or
 * projection) and the rest of the page is still stored in the same transaction.
 */
async function storeOne(trx: Kysely<DB>, context: PageContext, feed: string, resource: Resource): Promise<void> {
  await sql`SAVEPOINT sync_resource`.execute(trx);
  try {
    add(context.summary, await storeResources(trx, [resource]));
    await sql`RELEASE sync_resource`.execute(trx);
  } catch (error) {
    await sql`ROLLBACK TO sync_resource`.execute(trx);
    await sql`RELEASE sync_resource`.execute(trx);
    // UnstorableResourceError: no id, version or time. TypeError: a shape the projection cannot read.
    // Anything else (disk, locks) is not the resource's fault and fails the page.
    if (!(error instanceof UnstorableResourceError || error instanceof TypeError)) throw error;
    await quarantine(trx, context, feed, resource, error.message);
  }
}

async function quarantine(
  trx: Kysely<DB>,
  context: PageContext,
  feed: string,
  raw: unknown,
  reason: string,
): Promise<void> {
  const resource = isResource(raw) ? raw : undefined;
  const result = await trx
    .insertInto('sync_quarantine')
    .values({
      feed,
      resource_type: resource?.resourceType ?? null,
      resource_id: typeof resource?.id === 'string' ? resource.id : null,
      version_id: typeof resource?.meta?.versionId === 'string' ? resource.meta.versionId : null,
      reason,
      json: JSON.stringify(raw) ?? 'null',
      quarantined_at: context.now(),
    })
    // The overlap re-reads a bad resource each pass: keep it once.
    .onConflict((oc) => oc.column('json').doNothing())
    .executeTakeFirst();
  context.summary.quarantined += Number(result.numInsertedOrUpdatedRows ?? 0n);
}

async function syncDeletes(
  context: PageContext,
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

const supportsHistory = (caps: ServerCapabilities, feed: string): boolean => caps.types.get(feed)?.historyType === true;
const supportsLastUpdated = (caps: ServerCapabilities, feed: string): boolean =>
  caps.types.get(feed)?.lastUpdatedSearch === true;

function limitationOf(caps: ServerCapabilities, feed: string): string | null {
  const type = caps.types.get(feed);
  if (type === undefined || !type.searchType) return 'the server does not offer this type for search';
  const gaps: string[] = [];
  if (!type.historyType) gaps.push('no _history: deletes are not seen');
  if (!type.lastUpdatedSearch) gaps.push('no _lastUpdated search: every pass reads the whole type');
  return gaps.length === 0 ? null : gaps.join('; ');
}

async function firstOf<T>(pages: AsyncGenerator<T>): Promise<T | undefined> {
  for await (const page of pages) return page;
  return undefined;
}
