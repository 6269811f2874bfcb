import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { FhirClient } from './fhir-client';
import { clearQuarantine } from './tombstones';

/**
 * Task statuses where the work is not done yet (FHIR R4 task-status): a cached Task in one of these
 * that the server has deleted would stay in someone's queue for good. Wider than the inbox's own
 * OPEN_STATUSES: a deleted `received` or `ready` Task is as stale as a deleted `requested` one.
 */
export const OPEN_TASK_STATUSES = ['requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'] as const;

/** Open Tasks asked about per pass by default: a few dozen `_id` searches, or that many reads without them. */
export const DEFAULT_RECONCILE_LIMIT = 1000;

export interface ReconcileOptions {
  /** Task ids this pass's search has just read: they exist. */
  seen: ReadonlySet<string>;
  /** Most ids asked about in one pass. */
  limit: number;
  /** Where in the id order a pass over the limit starts, in [0, 1). */
  random: () => number;
  signal?: AbortSignal;
}

/**
 * Deletes on a server without `_history`: asks whether the cached open Tasks still exist and drops
 * those answered 404/410 (projections cascade). Closed Tasks are not asked about; they leave no
 * one's queue, and asking about every Task ever cached would grow each pass without end.
 *
 * More open Tasks than `limit` are checked a slice at a time from a random point in id order
 * (wrapping), so every one is reached over a few passes without keeping a cursor in the database.
 */
export async function reconcileOpenTasks(
  db: Kysely<DB>,
  client: FhirClient,
  options: ReconcileOptions,
): Promise<{ checked: number; deleted: number }> {
  const rows = await db
    .selectFrom('work_item')
    .select('id')
    .where('status', 'in', OPEN_TASK_STATUSES)
    .orderBy('id')
    .execute();
  const candidates = rows.map((r) => r.id).filter((id) => !options.seen.has(id));
  const ids = slice(candidates, options.limit, options.random);
  if (ids.length === 0) return { checked: 0, deleted: 0 };
  const gone = await client.missing('Task', ids, options.signal);
  if (gone.length === 0) return { checked: ids.length, deleted: 0 };
  const deleted = await db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('fhir_resource')
      .where('resource_type', '=', 'Task')
      .where('id', 'in', gone)
      .executeTakeFirst();
    await clearQuarantine(
      trx,
      gone.map((id) => ({ resourceType: 'Task', id })),
    );
    return Number(result.numDeletedRows);
  });
  return { checked: ids.length, deleted };
}

function slice(ids: readonly string[], limit: number, random: () => number): string[] {
  if (ids.length <= limit) return [...ids];
  const start = Math.floor(random() * ids.length) % ids.length;
  const wrapped = [...ids.slice(start), ...ids.slice(0, start)];
  return wrapped.slice(0, Math.max(0, limit));
}
