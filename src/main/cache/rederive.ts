import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { deriveItems } from './derive-items';
import { DEFAULT_DERIVATION, DERIVATION_STATE, derivationFingerprint } from './derivation-config';
import type { DerivationConfig } from './derivation-config';
import type { Identified } from './storable';
import { ProjectionBatch } from './write-projections';

/**
 * The types whose projection depends on the derivation config or on code newer than the cache
 * (pool leads, the chart tables): everything else projects the same as when it was stored.
 */
const REPROJECTED = [
  'Patient',
  'Task',
  'Communication',
  'CareTeam',
  'AllergyIntolerance',
  'Condition',
  'Encounter',
  'Appointment',
];

const CHUNK = 2000;

export interface DeriveProgress {
  phase: 'project' | 'index';
  done: number;
  total: number;
}

/**
 * Recomputes everything derived (message triage, due times, acknowledgements, the items' thread
 * columns, the search index) when the cache was derived with other rules, another policy or older
 * code; a no-op otherwise. Chunked transactions keep the desk responsive on a large cache; the
 * fingerprint is written last, so an interrupted run starts over on the next launch.
 * Returns whether it recomputed.
 */
export async function ensureDerived(
  db: Kysely<DB>,
  config: DerivationConfig = DEFAULT_DERIVATION,
  onProgress?: (progress: DeriveProgress) => void,
): Promise<boolean> {
  const fingerprint = derivationFingerprint(config);
  const held = await db
    .selectFrom('derived_state')
    .select('value')
    .where('name', '=', DERIVATION_STATE)
    .executeTakeFirst();
  if (held?.value === fingerprint) return false;

  const { total } = await db
    .selectFrom('fhir_resource')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('resource_type', 'in', REPROJECTED)
    .executeTakeFirstOrThrow();
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('fhir_resource')
      .select(['rid', 'id', 'json'])
      .where('resource_type', 'in', REPROJECTED)
      .where('rid', '>', after)
      .orderBy('rid')
      .limit(CHUNK)
      .execute();
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      const batch = new ProjectionBatch(config);
      for (const row of rows) {
        try {
          batch.add({ ...(JSON.parse(row.json) as Identified), id: row.id }, row.rid);
        } catch {
          // Stored under older code that never read this shape: it keeps its raw JSON and old row
          // rather than stopping the desk from starting.
        }
      }
      await batch.write(trx);
    });
    after = rows.at(-1)?.rid ?? after;
    done += rows.length;
    onProgress?.({ phase: 'project', done, total });
  }

  await reindexAll(db, onProgress);
  await db
    .insertInto('derived_state')
    .values({ name: DERIVATION_STATE, value: fingerprint })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: fingerprint }))
    .execute();
  return true;
}

/** Every item's thread columns and search row, from the stored messages. */
async function reindexAll(db: Kysely<DB>, onProgress?: (progress: DeriveProgress) => void): Promise<void> {
  await sql`DELETE FROM item_search`.execute(db);
  const { total } = await db
    .selectFrom('work_item')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  let done = 0;
  let after = '';
  for (;;) {
    const ids = (
      await db.selectFrom('work_item').select('id').where('id', '>', after).orderBy('id').limit(CHUNK).execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    await db.transaction().execute((trx) => deriveItems(trx, { workItemIds: ids, threadIds: [] }));
    after = ids.at(-1) ?? after;
    done += ids.length;
    onProgress?.({ phase: 'index', done, total });
  }
}
