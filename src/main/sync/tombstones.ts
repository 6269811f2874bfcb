import type { Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { instantMillis } from '../../domain/sync/watermark';
import { withThreadsRederived } from '../cache/derive-items';
import type { DB } from '../db/schema';

/**
 * The types whose `entered-in-error` status means "this never happened" (docs/portal.md, Reading,
 * rule 6): a message sent to the wrong patient, a Task made by mistake, a result filed on the wrong
 * chart. Such a resource must leave the inbox and the chart, not show as one more status.
 */
const TOMBSTONE_TYPES = new Set(['Task', 'Communication', 'MedicationRequest', 'DiagnosticReport', 'Observation']);

export const isTombstone = (resource: Resource): boolean =>
  TOMBSTONE_TYPES.has(resource.resourceType) && (resource as { status?: unknown }).status === 'entered-in-error';

/** Removes the cached resources these tombstones name (projections cascade); returns how many rows went. */
export async function removeTombstoned(trx: Kysely<DB>, tombstones: readonly Resource[]): Promise<number> {
  const removed = await withThreadsRederived(trx, tombstones, () => removeEach(trx, tombstones));
  await clearQuarantine(trx, tombstones);
  return removed;
}

async function removeEach(trx: Kysely<DB>, tombstones: readonly Resource[]): Promise<number> {
  let removed = 0;
  for (const tombstone of tombstones) {
    if (typeof tombstone.id !== 'string') continue;
    let query = trx
      .deleteFrom('fhir_resource')
      .where('resource_type', '=', tombstone.resourceType)
      .where('id', '=', tombstone.id);
    // Never a version newer than the tombstone (an included, older snapshot of it arriving late).
    const at = instantMillis(tombstone.meta?.lastUpdated);
    if (at !== undefined) query = query.where('last_updated_ms', '<=', at);
    removed += Number((await query.executeTakeFirst()).numDeletedRows);
  }
  return removed;
}

/**
 * Drops the quarantine rows of resources now settled: stored in a good version, or gone. A row that
 * stayed would keep asking people to look at a problem the server has since fixed.
 */
export async function clearQuarantine(
  trx: Kysely<DB>,
  resources: readonly { resourceType: string; id?: string }[],
): Promise<void> {
  const keyed = resources.filter((r): r is { resourceType: string; id: string } => typeof r.id === 'string');
  for (let at = 0; at < keyed.length; at += 400) {
    const pairs = sql.join(keyed.slice(at, at + 400).map((r) => sql`(${r.resourceType}, ${r.id})`));
    await trx
      .deleteFrom('sync_quarantine')
      .where(sql<boolean>`(resource_type, resource_id) IN (VALUES ${pairs})`)
      .execute();
  }
}
