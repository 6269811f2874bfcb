import type { Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { deriveItems } from './derive-items';
import { DEFAULT_DERIVATION } from './derivation-config';
import type { DerivationConfig } from './derivation-config';
import { assertStorable } from './storable';
import type { Identified } from './storable';
import { chunks, ProjectionBatch } from './write-projections';

export { UnstorableResourceError } from './storable';

export interface StoreOptions {
  /** The clinic's triage rules and business-hours policy; the built-in defaults when absent. */
  derivation?: DerivationConfig;
}

export interface StoreCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes resources into the cache: the raw JSON with its version, and the projection the inbox reads.
 * Callers run it inside their own transaction (one per sync page, one per seed), so a page is
 * stored whole or not at all. A version already held is skipped, which makes overlapping sync
 * windows harmless. Every resource is checked before anything is written: one unstorable resource
 * throws and the caller's transaction writes nothing.
 *
 * Work is done a page at a time (one lookup, a few multi-row writes) rather than a resource at a
 * time: per-statement overhead, not SQLite, was what limited a 100,000-item initial load.
 *
 * What an item derives from its thread (emergency, category, search row) is brought up to date in
 * the same transaction, so no reader ever sees a message without its item's flag.
 */
export async function storeResources(
  trx: Kysely<DB>,
  resources: readonly Resource[],
  options: StoreOptions = {},
): Promise<StoreCounts> {
  // The same resource twice in one page (an _include of something also matched): the newer wins.
  const latest = new Map<string, Identified>();
  for (const resource of resources) {
    assertStorable(resource);
    const key = `${resource.resourceType}/${resource.id}`;
    const held = latest.get(key);
    if (held === undefined || Date.parse(held.meta.lastUpdated) <= Date.parse(resource.meta.lastUpdated)) {
      latest.set(key, resource);
    }
  }
  // A duplicate within the page counts as unchanged: it wrote nothing of its own.
  const counts: StoreCounts = { created: 0, updated: 0, unchanged: resources.length - latest.size };

  const existing = await heldVersions(trx, [...latest.values()]);
  const changed = [...latest.entries()].filter(([key, r]) => existing.get(key) !== r.meta.versionId);
  counts.unchanged += latest.size - changed.length;
  for (const [key] of changed) {
    if (existing.has(key)) counts.updated++;
    else counts.created++;
  }

  const projections = new ProjectionBatch(options.derivation ?? DEFAULT_DERIVATION);
  for (const chunk of chunks(changed, 1000)) {
    const rows = chunk.map(([, r]) => ({
      resource_type: r.resourceType,
      id: r.id,
      version_id: r.meta.versionId,
      last_updated: r.meta.lastUpdated,
      last_updated_ms: Date.parse(r.meta.lastUpdated),
      json: JSON.stringify(r),
    }));
    const written = await trx
      .insertInto('fhir_resource')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['resource_type', 'id']).doUpdateSet((eb) => ({
          version_id: eb.ref('excluded.version_id'),
          last_updated: eb.ref('excluded.last_updated'),
          last_updated_ms: eb.ref('excluded.last_updated_ms'),
          json: eb.ref('excluded.json'),
        })),
      )
      .returning(['rid', 'resource_type', 'id'])
      .execute();
    const rids = new Map(written.map((w) => [`${w.resource_type}/${w.id}`, w.rid]));
    for (const [key, r] of chunk) {
      const rid = rids.get(key);
      if (rid === undefined) throw new Error(`the cache did not return a row id for ${key}`);
      projections.add(r, rid);
    }
  }
  await projections.write(trx);
  await deriveItems(trx, projections.affected);
  return counts;
}

/** `Type/id` → the versionId the cache holds, for the resources of one page. */
export async function heldVersions(
  trx: Kysely<DB>,
  resources: readonly { resourceType: string; id: string }[],
): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for (const chunk of chunks(resources, 400)) {
    const pairs = sql.join(chunk.map((r) => sql`(${r.resourceType}, ${r.id})`));
    const rows = await trx
      .selectFrom('fhir_resource')
      .select(['resource_type', 'id', 'version_id'])
      .where(sql<boolean>`(resource_type, id) IN (VALUES ${pairs})`)
      .execute();
    for (const row of rows) held.set(`${row.resource_type}/${row.id}`, row.version_id);
  }
  return held;
}
