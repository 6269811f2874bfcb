import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import type { WriteOutcome } from '../outbox/fhir-writer';
import type { TypeCapabilities } from '../sync/fhir-client';
import type { PortalPushOptions } from '../outbox/portal-push-options';
import { AUDIT_HASH_TAG_SYSTEM, auditEventOf, sameAuditEvent } from './audit-event';
import type { AuditRow } from './audit-event';

export interface AuditPushOptions extends PortalPushOptions {
  /** Rows sent in one pass at most, so a desk back from a long time offline does not hold a pass for minutes. */
  batchSize?: number;
  /** How this portal creates an AuditEvent exactly once (auditCreateFor its capabilities); `put` when absent. */
  create?: AuditCreate;
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
 * portal is asked for the record (by the row's hash) before it is created, in the way the portal
 * offers (AuditCreate), so a resend after a lost answer finds it already there (the same content:
 * done) instead of making a second, and what it stored is checked against what was sent. The cursor
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

/**
 * How this portal lets an AuditEvent be created exactly once (its CapabilityStatement says):
 * `put`, update-as-create under the row's hash as id; `conditional-post`, a create conditional on
 * the hash tag; `post`, a plain create, where neither is offered (a lost answer may then leave a
 * second copy, which the diagnostics say).
 */
export type AuditCreate = 'put' | 'conditional-post' | 'post';

export function auditCreateFor(caps: TypeCapabilities | undefined): AuditCreate {
  // Not known (no /metadata read yet): the form the simulator and most servers take.
  if (caps === undefined || caps.updateCreate) return 'put';
  return caps.conditionalCreate && caps.searchParams.has('_tag') ? 'conditional-post' : 'post';
}

const TAMPERED =
  "This desk's audit log may have been altered after the record was sent: keep the cache file " +
  'as evidence, run "triage-desk audit verify", and tell the security office.';

/**
 * null when the portal holds the row's AuditEvent now; otherwise why not. The portal is asked
 * first, every time: a server that ignores If-None-Match would let a PUT overwrite the copy it
 * holds, and that copy is what shows a local log was altered.
 */
async function sendRow(
  options: AuditPushOptions,
  row: AuditRow,
): Promise<{ message: string; retryAfterMs?: number } | null> {
  const event = auditEventOf(row);
  const how = options.create ?? 'put';
  const there = await findEvent(options, event, how);
  if (isFailure(there)) return there;
  if (there !== null) {
    if (sameAuditEvent(there, event)) return null;
    return {
      message: `the portal already holds a different audit record under its hash (AuditEvent/${event.id}). ${TAMPERED}`,
    };
  }
  const hash = { system: AUDIT_HASH_TAG_SYSTEM, code: event.id };
  // A POST names no id (the server gives its own; some refuse a body that carries one): the hash tag finds it.
  const unnamed: AuditEvent = { ...event };
  delete unnamed.id;
  const outcome =
    how === 'put'
      ? await options.writer.put(event, { createOnly: true, signal: options.signal })
      : await options.writer.create(unnamed, {
          ...(how === 'conditional-post' ? { ifNoneExist: `_tag=${hash.system}|${hash.code}` } : {}),
          signal: options.signal,
        });
  if (outcome.kind === 'conflict') {
    // Created meanwhile (a resend that raced its own earlier copy): judged like one found.
    const now = await findEvent(options, event, how);
    if (isFailure(now)) return now;
    return now !== null && sameAuditEvent(now, event)
      ? null
      : { message: `the portal holds a different audit record under its hash (AuditEvent/${event.id}). ${TAMPERED}` };
  }
  if (outcome.kind !== 'stored' && outcome.kind !== 'created') return failureOf(outcome);
  // The answer is checked, not trusted: what the portal stored must be the record sent.
  const stored = outcome.resource ?? (await storedCopy(options, event, how, 'id' in outcome ? outcome.id : null));
  if (isFailure(stored)) return stored;
  if (stored === null || !sameAuditEvent(stored, event)) {
    return {
      message: `the portal did not store the audit record as sent (AuditEvent/${event.id}); tell the portal's administrators.`,
    };
  }
  return null;
}

/** Where the answer carried no body: read back at the id its Location gave, else found by the hash. */
async function storedCopy(
  options: AuditPushOptions,
  event: AuditEvent & { id: string },
  how: AuditCreate,
  id: string | null,
): Promise<Resource | null | Failure> {
  if (id === null) return findEvent(options, event, how);
  const read = await options.writer.read('AuditEvent', id, options.signal);
  if (read.kind === 'found') return read.resource;
  return read.kind === 'gone' ? null : failureOf(read);
}

type Failure = { message: string; retryAfterMs?: number };
const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && 'message' in value && !('resourceType' in value);

/** The portal's copy of the record: by its id, the row's hash, or where the portal gave ids of its own, by the hash tag. */
async function findEvent(
  options: AuditPushOptions,
  event: AuditEvent & { id: string },
  how: AuditCreate,
): Promise<Resource | null | Failure> {
  const byId = await options.writer.read('AuditEvent', event.id, options.signal);
  if (byId.kind === 'found') return byId.resource;
  if (byId.kind !== 'gone') return failureOf(byId);
  if (how === 'put') return null;
  const tagged = await options.writer.findByTag(
    'AuditEvent',
    { system: AUDIT_HASH_TAG_SYSTEM, code: event.id },
    options.signal,
  );
  // Refused (no tag search there): not findable, so sent; a lost answer may then leave a second copy.
  if (!Array.isArray(tagged)) return tagged.kind === 'park' ? null : failureOf(tagged);
  return tagged[0] ?? null;
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
