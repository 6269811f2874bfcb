import type { Kysely } from 'kysely';
import type { DB, WorkItemRow } from '../db/schema';

export type BatchCandidate = { ok: true; row: WorkItemRow } | { ok: false; reason: string };

/**
 * One item of a batch decision (approve the ready renewals, release the normal results), judged
 * from the cache before the decision's own checks: it is here, of the batch's kind, and still open.
 */
export async function batchCandidate(
  db: Kysely<DB>,
  id: string,
  workType: string,
  notOfType: string,
): Promise<BatchCandidate> {
  const row = await db.selectFrom('work_item').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return { ok: false, reason: 'Not in the local cache.' };
  if (row.work_type !== workType) return { ok: false, reason: notOfType };
  if (row.is_open !== 1) return { ok: false, reason: `Already decided (${row.status}).` };
  return { ok: true, row };
}
