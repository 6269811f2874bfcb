import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { heldVersions, storeResources, UnstorableResourceError } from '../cache/store-resources';
import type { StoreCounts } from '../cache/store-resources';
import type { DerivationConfig } from '../cache/derivation-config';
import { assertStorable } from '../cache/storable';
import type { DB } from '../db/schema';
import { itemsWithPendingActions, keepServerVersion } from '../outbox/pending';
import { replacePlaceholders } from '../outbox/placeholders';
import { clearQuarantine, isTombstone, removeTombstoned } from './tombstones';

/** What storing a page adds to; the engine's SyncSummary has these fields and more. */
export interface PageCounts extends StoreCounts {
  deleted: number;
  quarantined: number;
}

export interface PageContext {
  db: Kysely<DB>;
  summary: PageCounts;
  now: () => number;
  /** The types whose own feed runs; includes of other types are not kept. */
  feedTypes: ReadonlySet<string>;
  /** The clinic's rules and policy: the same the rest of the cache was derived with. */
  derivation: DerivationConfig;
}

const isInclude = (entry: BundleEntry): boolean => entry.search?.mode === 'include';
const isOutcome = (entry: BundleEntry): boolean =>
  entry.search?.mode === 'outcome' || entry.resource?.resourceType === 'OperationOutcome';
export const matches = (page: Bundle): BundleEntry[] =>
  (page.entry ?? []).filter((e) => !isInclude(e) && !isOutcome(e));

/**
 * Stores one page in the caller's transaction; returns the lastUpdated of its matches for the
 * watermark (tombstones included: they were read, and re-reading them changes nothing).
 */
export async function storePage(trx: Kysely<DB>, context: PageContext, feed: string, page: Bundle): Promise<string[]> {
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
      if (context.feedTypes.has(resource.resourceType)) included.push(resource);
      continue;
    }
    if (resource.resourceType !== feed) {
      await quarantine(trx, context, feed, resource, `a ${feed} search returned a ${resource.resourceType}`);
      continue;
    }
    if (resource.meta?.lastUpdated !== undefined) instants.push(resource.meta.lastUpdated);
    matched.push(resource);
  }
  const tombstones = [...matched, ...included].filter(isTombstone);
  context.summary.deleted += await removeTombstoned(trx, tombstones);
  // Nothing of a tombstoned resource is stored, not even an older version included beside it.
  const gone = new Set(tombstones.map(keyOf));
  const live = (r: Resource) => !gone.has(keyOf(r));
  // An included resource only fills a gap: the type's own feed brings newer versions and, unlike a
  // paging snapshot's include, can never hand back an older one.
  const heldIncludes = await heldVersions(trx, included.filter(hasId));
  // A Task carrying a staff decision the portal has not confirmed keeps its local copy (see pending.ts).
  const taskIds = [...matched, ...included].filter((r) => r.resourceType === 'Task' && hasId(r)).map((r) => r.id!);
  const locallyHeld = await itemsWithPendingActions(trx, taskIds);
  const notHeld = (r: Resource) => !(r.resourceType === 'Task' && locallyHeld.has(r.id ?? ''));
  for (const held of [...matched, ...included].filter((r) => live(r) && !notHeld(r) && hasId(r))) {
    context.summary.unchanged++;
    await keepServerVersion(trx, held as Resource & { id: string });
  }
  const toStore: Resource[] = [];
  for (const resource of [
    ...matched.filter((r) => live(r) && notHeld(r)),
    ...included.filter((r) => live(r) && notHeld(r) && !heldIncludes.has(keyOf(r))),
  ]) {
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

const keyOf = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;
const hasId = (r: Resource): r is Resource & { id: string } => typeof r.id === 'string' && r.id !== '';

/**
 * The whole page in one write, under a savepoint. Only if that fails on a shape the projection
 * cannot read does it go resource by resource, so one bad resource costs its page speed, not its data.
 */
async function storeBatch(trx: Kysely<DB>, context: PageContext, feed: string, resources: Resource[]): Promise<void> {
  if (resources.length === 0) return;
  await sql`SAVEPOINT sync_page`.execute(trx);
  try {
    add(context.summary, await storeResources(trx, resources, { derivation: context.derivation }));
    await sql`RELEASE sync_page`.execute(trx);
  } catch (error) {
    await sql`ROLLBACK TO sync_page`.execute(trx);
    await sql`RELEASE sync_page`.execute(trx);
    if (!(error instanceof UnstorableResourceError || error instanceof TypeError)) throw error;
    for (const resource of resources) await storeOne(trx, context, feed, resource);
    return;
  }
  // A good version settles what was quarantined of the same resource. The feed serves current
  // versions and held includes are skipped above, so what is stored here is never the older one.
  await clearQuarantine(trx, resources);
  await replacePlaceholders(trx, resources);
}

const add = (summary: PageCounts, counts: StoreCounts): void => {
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
    add(context.summary, await storeResources(trx, [resource], { derivation: context.derivation }));
    await sql`RELEASE sync_resource`.execute(trx);
  } catch (error) {
    await sql`ROLLBACK TO sync_resource`.execute(trx);
    await sql`RELEASE sync_resource`.execute(trx);
    // UnstorableResourceError: no id, version or time. TypeError: a shape the projection cannot read.
    // Anything else (disk, locks) is not the resource's fault and fails the page.
    if (!(error instanceof UnstorableResourceError || error instanceof TypeError)) throw error;
    await quarantine(trx, context, feed, resource, error.message);
    return;
  }
  await clearQuarantine(trx, [resource]);
  await replacePlaceholders(trx, [resource]);
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
