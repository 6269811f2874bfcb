import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { WriteOutcome } from '../outbox/fhir-writer';
import type { PortalPushOptions } from '../outbox/portal-push-options';
import { auditEventOf, sameAuditEvent } from './audit-event';
import type { AuditRow } from './audit-event';

export interface AuditPushOptions extends PortalPushOptions {
  /** Rows sent in one pass at most, so a desk back from a long time offline does not hold a pass for minutes. */
  batchSize?: number;
}

export interface AuditPushSummary {
  /** Rows the portal confirmed in this pass (sent now, or found already there). */
  pushed: number;
  /** Rows still to send after this pass. */
  pending: number;
  /** Why the rows are not all sent, in words for the diagnostics view; null when nothing is stuck. */
  problem: string | null;
}

const DEFAULT_BATCH = 200;

/**
 * Copies the audit log to the portal as AuditEvents, in chain order, each exactly once: the
 * AuditEvent's id is the row's hash and it is written create-only, so a resend after a lost answer
 * finds the record already there (the same content: done) instead of making a second. The cursor
 * moves past a row only once the portal holds it, and the first row that cannot be sent stops the
 * pass, so no row is ever skipped; it is tried again with the outbox's backoff.
 */
export async function pushAudit(options: AuditPushOptions): Promise<AuditPushSummary> {
  const { db } = options;
  const now = options.now ?? Date.now;
  let state = await db.selectFrom('audit_push').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  let pushed = 0;
  if (state.next_attempt_at <= now()) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('audit_id', '>', state.pushed_through)
      .orderBy('audit_id')
      .limit(options.batchSize ?? DEFAULT_BATCH)
      .execute();
    for (const row of rows) {
      options.signal?.throwIfAborted();
      const failure = await sendRow(options, row);
      if (failure !== null) {
        const delay = backoffDelay(
          state.attempts,
          options.random ?? Math.random,
          options.backoff ?? DEFAULT_BACKOFF,
          failure.retryAfterMs,
        );
        await db
          .updateTable('audit_push')
          .set({
            attempts: state.attempts + 1,
            next_attempt_at: now() + delay,
            last_error: `Audit row ${row.audit_id}: ${failure.message}`,
            updated_at: now(),
          })
          .where('id', '=', 1)
          .execute();
        break;
      }
      await db
        .updateTable('audit_push')
        .set({
          pushed_through: row.audit_id,
          pushed_hash: row.hash,
          attempts: 0,
          next_attempt_at: 0,
          last_error: null,
          updated_at: now(),
        })
        .where('id', '=', 1)
        // Only forward: two senders at once (the app and the CLI) cannot move it back.
        .where('pushed_through', '<', row.audit_id)
        .execute();
      pushed++;
    }
    state = await db.selectFrom('audit_push').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }
  const pending = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('audit_id', '>', state.pushed_through)
    .executeTakeFirstOrThrow();
  const waiting = Number(pending.n);
  return {
    pushed,
    pending: waiting,
    problem:
      waiting > 0 && state.last_error !== null
        ? `${waiting} audit record(s) not yet sent to the portal. ${state.last_error}`
        : null,
  };
}

/** null when the portal holds the row's AuditEvent now; otherwise why not. */
async function sendRow(
  options: AuditPushOptions,
  row: AuditRow,
): Promise<{ message: string; retryAfterMs?: number } | null> {
  const event = auditEventOf(row);
  const outcome = await options.writer.put(event, { createOnly: true, signal: options.signal });
  if (outcome.kind === 'stored') return null;
  if (outcome.kind !== 'conflict') return failureOf(outcome);
  // Already there: sent before, and the answer (or the cursor's update) was lost.
  const there = await options.writer.read('AuditEvent', event.id, options.signal);
  if (there.kind !== 'found') return failureOf(there);
  if (sameAuditEvent(there.resource, event)) return null;
  return {
    message:
      `the portal already holds a different audit record under its hash (AuditEvent/${event.id}). ` +
      "This desk's audit log may have been altered after the record was sent: keep the cache file " +
      'as evidence, run "triage-desk audit verify", and tell the security office.',
  };
}

function failureOf(outcome: WriteOutcome): { message: string; retryAfterMs?: number } {
  switch (outcome.kind) {
    case 'retry':
      return {
        message: `the portal could not be reached or was busy (${outcome.reason}); it is sent again later.`,
        ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
      };
    case 'unauthorized':
      return { message: `the portal refused the session (${outcome.reason}); sign in again.` };
    case 'gone':
      return {
        message: `the portal does not accept audit records here (${outcome.reason}); check the portal address and that it supports AuditEvent.`,
      };
    case 'ok':
    case 'partial':
      return { message: 'the portal gave an unexpected answer; it is sent again later.' };
    default:
      return {
        message: `the portal refused the audit record (${outcome.reason}); tell the portal's administrators.`,
      };
  }
}
