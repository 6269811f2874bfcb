import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import { chunks } from './write-projections';

export interface AffectedItems {
  /** Work items (Task ids) written in this batch. */
  workItemIds: Iterable<string>;
  /** Threads that gained or changed messages in this batch: their items are re-derived too. */
  threadIds: Iterable<string>;
}

const CHUNK = 500;

/**
 * Brings each affected item's thread-derived columns and its search row up to date, in the
 * caller's transaction. A Task and its thread's messages reach the cache in different pages, in
 * either order, so this runs for every page and reads what is stored, not what the page held.
 * Set-based: a few statements per 500 items, however many messages their threads hold.
 */
export async function deriveItems(trx: Kysely<DB>, affected: AffectedItems): Promise<void> {
  const ids = new Set(affected.workItemIds);
  for (const threads of chunks([...new Set(affected.threadIds)], CHUNK)) {
    const rows = await trx
      .selectFrom('work_item')
      .select('id')
      .where('focus_type', '=', 'Communication')
      .where('focus_id', 'in', threads)
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  for (const chunk of chunks([...ids], CHUNK)) {
    await deriveThreadColumns(trx, chunk);
    await sql`DELETE FROM item_search WHERE rowid IN (SELECT rid FROM work_item WHERE id IN (${sql.join(chunk)}))`.execute(
      trx,
    );
    await indexItems(trx, sql`w.id IN (${sql.join(chunk)})`);
  }
}

/**
 * Emergency if any patient message of the thread has emergency wording, else a possible one if
 * any may (a crisis outranks a medical emergency within the highest tier); category and suggested
 * pool from the thread's first patient message, which is what the patient asked. Only patient messages carry `triage`, so staff replies never count.
 */
async function deriveThreadColumns(trx: Kysely<DB>, ids: readonly string[]): Promise<void> {
  const thread = sql`m.thread_id = work_item.focus_id AND work_item.focus_type = 'Communication'`;
  const first = (path: string) =>
    sql`(SELECT json_extract(m.triage, ${path}) FROM message m WHERE ${thread} AND m.triage IS NOT NULL
         ORDER BY m.sent_at, m.id LIMIT 1)`;
  await sql`UPDATE work_item SET
      emergency = coalesce((SELECT max(m.emergency) FROM message m WHERE ${thread}), 0),
      possible_emergency = coalesce((SELECT max(m.possible_emergency) FROM message m WHERE ${thread}), 0)
        * (1 - coalesce((SELECT max(m.emergency) FROM message m WHERE ${thread}), 0)),
      emergency_kind = (SELECT CASE
          WHEN sum(json_extract(m.triage, '$.emergency.kind') = 'crisis') > 0 THEN 'crisis'
          WHEN count(*) > 0 THEN 'medical' END
        FROM message m WHERE ${thread} AND m.emergency + m.possible_emergency > 0
          AND (m.emergency = 1 OR NOT EXISTS (SELECT 1 FROM message e WHERE e.thread_id = m.thread_id AND e.emergency = 1))),
      category = ${first('$.category')},
      suggested_pool = ${first('$.pool')}
    WHERE id IN (${sql.join(ids)})`.execute(trx);
}

/** Inserts the search rows of the items `where` selects (alias `w`); their old rows must be gone. */
async function indexItems(trx: Kysely<DB>, where: RawBuilder<unknown>): Promise<void> {
  await sql`INSERT INTO item_search (rowid, work_item_id, subject, body)
    SELECT w.rid, w.id, w.subject, coalesce(
      (SELECT group_concat(m.body, char(10) ORDER BY m.sent_at, m.id) FROM message m
        WHERE w.focus_type = 'Communication' AND m.thread_id = w.focus_id AND m.body IS NOT NULL), '')
    FROM work_item w WHERE ${where}`.execute(trx);
}

/** The threads the given Communications belong to, read before they are deleted. */
export async function threadsOf(trx: Kysely<DB>, communicationIds: readonly string[]): Promise<string[]> {
  const threads = new Set<string>();
  for (const chunk of chunks(communicationIds, CHUNK)) {
    const rows = await trx.selectFrom('message').select('thread_id').where('id', 'in', chunk).execute();
    for (const row of rows) if (row.thread_id !== null) threads.add(row.thread_id);
  }
  return [...threads];
}

/**
 * Runs `remove` (deletes of cached resources) and re-derives the items whose threads lost a
 * message, so a message deleted as entered-in-error takes its emergency flag and its words in the
 * search index with it. Deleted work items need nothing: their search rows go by trigger.
 */
export async function withThreadsRederived<T>(
  trx: Kysely<DB>,
  deleted: readonly { resourceType: string; id?: string }[],
  remove: () => Promise<T>,
): Promise<T> {
  const messageIds = deleted
    .filter((r): r is { resourceType: string; id: string } => r.resourceType === 'Communication' && r.id !== undefined)
    .map((r) => r.id);
  const threads = messageIds.length === 0 ? [] : await threadsOf(trx, messageIds);
  const result = await remove();
  if (threads.length > 0) await deriveItems(trx, { workItemIds: [], threadIds: threads });
  return result;
}
