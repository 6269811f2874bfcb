import { createHash } from 'node:crypto';
import type { Task } from '@medplum/fhirtypes';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema';

/** What one audit row says: who, what, when, about which item and patient, and how it ended. */
export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  /** `Practitioner/…` of the person; `unidentified` when nobody is signed in. */
  actor: string;
  /** `view`, `action.reply`, `outbox.retry`, … */
  event: string;
  workItemId: string | null;
  patientId: string | null;
  clientUuid: string | null;
  /** `success`, or why it did not (`refused: …`). */
  outcome: string;
  detail: string | null;
}

/** The patient a Task is for (`Task.for`), as the audit row names them; null when it is not a patient's. */
export const patientIdOf = (task: Task): string | null =>
  /^Patient\/(.+)$/.exec(task.for?.reference ?? '')?.[1] ?? null;

/** A stored row's content, as it was hashed. */
export const entryOf = (row: Omit<Selectable<AuditLogTable>, 'audit_id' | 'prev_hash' | 'hash'>): AuditEntry => ({
  at: row.at,
  actor: row.actor,
  event: row.event,
  workItemId: row.work_item_id,
  patientId: row.patient_id,
  clientUuid: row.client_uuid,
  outcome: row.outcome,
  detail: row.detail,
});

/** The `prev_hash` of the first row: nothing came before it. */
export const GENESIS = '0'.repeat(64);

/**
 * Frozen: every chain already written is verified with it (and migration 7 chained the rows before
 * it with it). A new format needs a version marker on the rows, not an edit here.
 *
 * The row's hash: SHA-256 over its content and the previous row's hash, so editing a row changes
 * its hash and deleting or reordering one breaks the link the next row holds. JSON of a fixed
 * array keeps field boundaries unambiguous ("ab"+"c" never hashes as "a"+"bc").
 */
export function auditHash(entry: AuditEntry, prevHash: string): string {
  const fields = [
    prevHash,
    entry.at,
    entry.actor,
    entry.event,
    entry.workItemId,
    entry.patientId,
    entry.clientUuid,
    entry.outcome,
    entry.detail,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Appends one row to the hash chain. Call it inside the transaction of the change it records: the
 * last row is read there, so two writers cannot both link to the same predecessor (SQLite has one
 * writer at a time).
 */
export async function appendAudit(trx: Transaction<DB>, entry: AuditEntry): Promise<void> {
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('audit_id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS;
  await trx.insertInto('audit_log').values(chainedRow(entry, prevHash)).execute();
}

/** The row as stored: the entry's columns, linked to its predecessor and hashed. */
export function chainedRow(entry: AuditEntry, prevHash: string) {
  return {
    at: entry.at,
    actor: entry.actor,
    event: entry.event,
    work_item_id: entry.workItemId,
    patient_id: entry.patientId,
    client_uuid: entry.clientUuid,
    outcome: entry.outcome,
    detail: entry.detail,
    prev_hash: prevHash,
    hash: auditHash(entry, prevHash),
  };
}

/** An audit row of its own (a view, a refusal): its own transaction, so its link cannot be raced. */
export function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  return db.transaction().execute((trx) => appendAudit(trx, entry));
}

export type ChainCheck =
  { ok: true; rows: number; head: string } | { ok: false; rows: number; auditId: number; problem: string };

/**
 * Walks the chain in order and says where it first breaks: a row whose content no longer matches
 * its hash (edited), or whose link does not name the row before it (a row deleted or inserted).
 * Rows are read in pages so a long history is checked in constant memory.
 */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5_000): Promise<ChainCheck> {
  let prevHash = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('audit_id', '>', after)
      .orderBy('audit_id')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      rows++;
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          rows,
          auditId: row.audit_id,
          problem:
            rows === 1
              ? 'The first row does not start the chain: rows before it were deleted.'
              : 'Its link does not name the row before it: a row was deleted or inserted here.',
        };
      }
      if (auditHash(entryOf(row), prevHash) !== row.hash) {
        return {
          ok: false,
          rows,
          auditId: row.audit_id,
          problem: 'Its content does not match its hash: it was edited.',
        };
      }
      prevHash = row.hash;
      after = row.audit_id;
    }
    if (page.length < pageSize) return { ok: true, rows, head: prevHash };
  }
}
