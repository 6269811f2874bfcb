import type { Task } from '@medplum/fhirtypes';
import type { Kysely, Selectable } from 'kysely';
import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB, OutboxActionTable } from '../db/schema';
import type { TaskWrite } from './action-transaction';
import type { WriteOutcome } from './fhir-writer';
import { deletePlaceholders } from './placeholders';
import type { PortalPushOptions } from './portal-push-options';
import { rebuildLocalCopy } from './settle-action';

/*
 * What one push of one action ends in, shared by the pusher and the paths that judge a refusal or
 * a conflict: each ends by writing the row's next state, committed before anything else is sent.
 */

export interface PushOptions extends PortalPushOptions {
  /** Work items sent in parallel; each item's own actions always go one after another, in order. */
  concurrency?: number;
  /** Gets a fresh access token after a 401; true when it did (the action is then sent once more). */
  refreshAuth?: () => Promise<boolean>;
  /** What the rebuilt local copies are derived with (the built-in defaults when absent). */
  derivation?: DerivationConfig;
  /** How Task changes are written (taskWriteFor the portal's capabilities); JSON Patch by default. */
  taskWrite?: TaskWrite;
  /**
   * Told when the portal refused a Task's JSON Patch as something it does not do, whatever its
   * CapabilityStatement says: the action is put back, to go again the way the caller then chooses.
   */
  onPatchUnsupported?: (reason: string) => void;
}

export interface PushSummary {
  sent: number;
  synced: number;
  retrying: number;
  parked: number;
  conflicts: number;
  /** Sent again on top of someone else's non-overlapping change. */
  rebased: number;
}

export type ActionRow = Selectable<OutboxActionTable>;

/** 'next': the item's next action may go now; 'stop': the item waits (a retry later, or a person). */
export type StepEnd = 'next' | 'stop';

const nowOf = (options: PushOptions) => (options.now ?? Date.now)();

export async function park(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  summary: PushSummary,
): Promise<'stop'> {
  await options.db
    .updateTable('outbox_action')
    .set({ state: 'parked', last_error: reason, updated_at: nowOf(options) })
    .where('action_id', '=', row.action_id)
    .execute();
  summary.parked++;
  return 'stop';
}

/**
 * Parks an action the portal refused with nothing of it landed, and shows the item as the portal
 * has it (open, in its queue) with the reason, rather than as decided: a release that did not
 * happen must not look released. A person retries or discards it from the item or the queue.
 */
export async function refuse(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  portalTask: Task,
  summary: PushSummary,
): Promise<'stop'> {
  await options.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox_action')
      .set({ state: 'parked', refused: 1, last_error: reason, updated_at: nowOf(options) })
      .where('action_id', '=', row.action_id)
      .execute();
    // No reply or prescription of it shows either: none reached the portal.
    await deletePlaceholders(trx, row.client_uuid);
    await rebuildLocalCopy(trx, row.work_item_id, portalTask, options.derivation);
  });
  summary.parked++;
  return 'stop';
}

export async function requeue(
  db: Kysely<DB>,
  row: ActionRow,
  reason: string,
  at: number,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('outbox_action')
    .set({ state: 'queued', last_error: reason, next_attempt_at: at, updated_at: nowMs })
    .where('action_id', '=', row.action_id)
    .execute();
}

export async function retryLater(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  summary: PushSummary,
  retryAfterMs?: number,
): Promise<'stop'> {
  const delay = backoffDelay(
    row.attempts,
    options.random ?? Math.random,
    options.backoff ?? DEFAULT_BACKOFF,
    retryAfterMs,
  );
  await requeue(options.db, row, reason, nowOf(options) + delay, nowOf(options));
  summary.retrying++;
  return 'stop';
}

/** A read needed to judge the action failed: gone parks it, a refusal parks it with `what`, the rest retries. */
export async function handleReadFailure(
  options: PushOptions,
  row: ActionRow,
  outcome: WriteOutcome,
  summary: PushSummary,
  what = "Could not check the portal's copy",
): Promise<'stop'> {
  if (outcome.kind === 'gone')
    return park(options, row, `The item was removed at the portal (${outcome.reason}).`, summary);
  if (outcome.kind === 'park' || outcome.kind === 'unauthorized') {
    return park(options, row, `${what}: ${outcome.reason}`, summary);
  }
  return retryLater(options, row, outcome.kind === 'retry' ? outcome.reason : 'unexpected answer', summary);
}

export async function afterUnauthorized(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  summary: PushSummary,
): Promise<StepEnd> {
  const firstTime = row.last_error?.startsWith('HTTP 401') !== true;
  if (firstTime && options.refreshAuth !== undefined && (await options.refreshAuth())) {
    await requeue(options.db, row, reason, 0, nowOf(options));
    return 'next';
  }
  return park(options, row, `The portal refused the session (${reason}). Sign in again, then retry.`, summary);
}
