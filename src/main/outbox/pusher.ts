import type { Bundle, BundleEntry, Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { createPatch } from 'rfc6902';
import type { StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction, lastClientAction } from '../../domain/outbox/apply-action';
import { changedFields, overlappingFields } from '../../domain/outbox/conflicts';
import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import { staffActionOf } from './action-row';
import { conflictFieldLabel } from './conflict-words';
import type { FhirWriter, WriteOutcome } from './fhir-writer';
import type { PortalPushOptions } from './portal-push-options';
import { settleAction } from './settle-action';

export interface PushOptions extends PortalPushOptions {
  /** Work items sent in parallel; each item's own actions always go one after another, in order. */
  concurrency?: number;
  /** Gets a fresh access token after a 401; true when it did (the action is then sent once more). */
  refreshAuth?: () => Promise<boolean>;
  /** What the rebuilt local copies are derived with (the built-in defaults when absent). */
  derivation?: DerivationConfig;
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

type ActionRow = Awaited<ReturnType<typeof headsReady>>[number];

/**
 * Drains the outbox once: for each work item whose oldest unconfirmed action is due, sends its
 * actions in order until one must wait (a retry later, or a person). Every state change is
 * committed before the next request, and a resend of anything that may already have landed is
 * recognised (the create's If-None-Exist, the Task's last-client-action marker), so a crash or a
 * lost answer at any point costs a request, never a duplicate.
 */
export async function pushOutbox(options: PushOptions): Promise<PushSummary> {
  const summary: PushSummary = { sent: 0, synced: 0, retrying: 0, parked: 0, conflicts: 0, rebased: 0 };
  const now = options.now ?? Date.now;
  const items = [...new Set((await headsReady(options.db, now())).map((r) => r.work_item_id))];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    for (let item = items.shift(); item !== undefined; item = items.shift()) {
      await drainItem(options, item, summary);
    }
  });
  await Promise.all(workers);
  return summary;
}

async function drainItem(options: PushOptions, workItemId: string, summary: PushSummary): Promise<void> {
  const now = options.now ?? Date.now;
  for (;;) {
    options.signal?.throwIfAborted();
    const head = (await headsReady(options.db, now(), workItemId))[0];
    if (head === undefined) return;
    const next = await pushAction(options, head, summary);
    if (next === 'stop') return;
  }
}

/** Each item's oldest unconfirmed action, when it may be sent now (not waiting for a person or a retry). */
async function headsReady(db: Kysely<DB>, nowMs: number, workItemId?: string) {
  let query = db
    .selectFrom('outbox_action as a')
    .selectAll('a')
    .where('a.state', 'in', ['queued', 'sending'])
    .where('a.next_attempt_at', '<=', nowMs)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox_action as b')
            .select('b.action_id')
            .whereRef('b.work_item_id', '=', 'a.work_item_id')
            .whereRef('b.action_id', '<', 'a.action_id')
            .where('b.state', 'in', ['queued', 'sending', 'parked', 'conflict']),
        ),
      ),
    )
    .orderBy('a.action_id');
  if (workItemId !== undefined) query = query.where('a.work_item_id', '=', workItemId);
  return query.execute();
}

const staffAction = staffActionOf;

async function pushAction(options: PushOptions, row: ActionRow, summary: PushSummary): Promise<'next' | 'stop'> {
  const { db, writer } = options;
  const now = options.now ?? Date.now;
  // Marked before the request: after a crash, "sending" means "may have landed", and the resend
  // below is built to find that out rather than do it twice.
  const marked = await db
    .updateTable('outbox_action')
    .set({ state: 'sending', attempts: row.attempts + 1, updated_at: now() })
    .where('action_id', '=', row.action_id)
    // A person may have discarded it since it was picked: then it must not go out.
    .where('state', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) === 0) return 'next';
  const action = staffAction(row);
  const base = JSON.parse(row.base_json) as Task & { id: string };
  let applied;
  try {
    applied = applyAction(base, action);
  } catch (error) {
    if (!(error instanceof ActionNotApplicableError)) throw error;
    await park(db, row, `The portal's copy no longer allows this: ${error.message}.`, now());
    summary.parked++;
    return 'stop';
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...applied.creates.map(({ fullUrl, resource }): BundleEntry => ({
        fullUrl,
        resource,
        request: {
          method: 'POST',
          url: resource.resourceType,
          ifNoneExist: `identifier=urn:ietf:rfc:3986|urn:uuid:${action.uuid}`,
        },
      })),
      {
        resource: {
          resourceType: 'Binary',
          contentType: 'application/json-patch+json',
          data: Buffer.from(JSON.stringify(createPatch(base, applied.task))).toString('base64'),
        },
        request: { method: 'PATCH', url: `Task/${base.id}`, ifMatch: `W/"${row.base_version}"` },
      },
      // After the Task's: a resend of a decision that landed meets the Task's version first (a
      // conflict the landed check recognises), not a failed test on a label already removed.
      ...applied.patches.map(({ type, id, operations }): BundleEntry => ({
        resource: {
          resourceType: 'Binary',
          contentType: 'application/json-patch+json',
          data: Buffer.from(JSON.stringify(operations)).toString('base64'),
        },
        request: { method: 'PATCH', url: `${type}/${id}` },
      })),
    ],
  };
  summary.sent++;
  const outcome = await writer.transaction(bundle, action.actor, options.signal);
  switch (outcome.kind) {
    case 'ok': {
      const resources = (outcome.bundle.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
      // The item's own Task, not one the action created (a critical result's call item).
      const task = resources.find((r): r is Task => r.resourceType === 'Task' && r.id === row.work_item_id);
      if (task === undefined) return retryLater(options, row, 'the portal confirmed without the Task', summary);
      await settleAction(
        db,
        row,
        task,
        resources.filter((r) => r !== task),
        now(),
        { derivation: options.derivation },
      );
      summary.synced++;
      return 'next';
    }
    case 'conflict':
      return resolveConflict(options, row, action, base, summary);
    case 'unauthorized': {
      const firstTime = row.last_error?.startsWith('HTTP 401') !== true;
      if (firstTime && options.refreshAuth !== undefined && (await options.refreshAuth())) {
        await requeue(db, row, outcome.reason, 0, now());
        return 'next';
      }
      await park(db, row, `The portal refused the session (${outcome.reason}). Sign in again, then retry.`, now());
      summary.parked++;
      return 'stop';
    }
    case 'gone':
      await park(db, row, `The item was removed at the portal (${outcome.reason}).`, now());
      summary.parked++;
      return 'stop';
    case 'park':
      await park(db, row, `The portal refused this action: ${outcome.reason}`, now());
      summary.parked++;
      return 'stop';
    case 'retry':
      return retryLater(options, row, outcome.reason, summary, outcome.retryAfterMs);
  }
}

/**
 * 412/409: did this very action land already (a lost answer), did someone else change something
 * this action does not touch (send it again on their version), or did both change the same thing
 * (a person decides)? Never a blind overwrite.
 */
async function resolveConflict(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  summary: PushSummary,
): Promise<'next' | 'stop'> {
  const { db, writer } = options;
  const now = options.now ?? Date.now;
  const current = await writer.readTask(row.work_item_id, options.signal);
  if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
  const landed = await landedVersion(writer, row, current.task, options.signal);
  if (landed !== null && isOutcome(landed)) return handleReadFailure(options, row, landed, summary);
  if (landed !== null) {
    const created = await createdBy(writer, row, action, base, options.signal);
    if (!Array.isArray(created)) return handleReadFailure(options, row, created, summary);
    await settleAction(db, row, current.task, created, now(), { landed, derivation: options.derivation });
    summary.synced++;
    return 'next';
  }
  const theirs = changedFields(base, current.task);
  const overlap = clashWith(base, current.task, theirs, action);
  if (overlap.length > 0) {
    await db
      .updateTable('outbox_action')
      .set({
        state: 'conflict',
        theirs_json: JSON.stringify(current.task),
        conflict_fields: JSON.stringify(overlap),
        last_error: `Changed at the portal by someone else: ${overlap.map(conflictFieldLabel).join(', ')}`,
        updated_at: now(),
      })
      .where('action_id', '=', row.action_id)
      .execute();
    summary.conflicts++;
    return 'stop';
  }
  // The item's later actions that built on the same version take the other person's change in
  // too, unless they touch what it changed: those keep their base, so that when their turn comes
  // they are checked against it rather than sent on top of it (settleAction moves only the rest).
  const later = await db
    .selectFrom('outbox_action')
    .selectAll()
    .where('work_item_id', '=', row.work_item_id)
    .where('action_id', '>', row.action_id)
    .where('state', 'in', ['queued', 'sending'])
    .where('base_version', '=', row.base_version)
    .execute();
  const absorbed = later
    .filter((l) => clashWith(JSON.parse(l.base_json) as Task, current.task, theirs, staffAction(l)).length === 0)
    .map((l) => l.action_id);
  await db
    .updateTable('outbox_action')
    .set({
      state: 'queued',
      base_version: current.task.meta?.versionId ?? row.base_version,
      base_json: JSON.stringify(current.task),
      next_attempt_at: 0,
      updated_at: now(),
    })
    .where('action_id', 'in', [row.action_id, ...absorbed])
    .execute();
  summary.rebased++;
  return 'next';
}

/** The elements an action changes that someone else changed too (`theirs`: from `base` to `current`). */
function clashWith(base: Task, current: Task, theirs: ReturnType<typeof changedFields>, action: StaffAction): string[] {
  try {
    applyAction(current, action);
    return overlappingFields(changedFields(base, applyAction(base, action).task), theirs);
  } catch (error) {
    if (!(error instanceof ActionNotApplicableError)) throw error;
    return ['status'];
  }
}

const isOutcome = (value: Task | WriteOutcome): value is WriteOutcome => 'kind' in value;

/**
 * The portal's version this very action made, if it landed already (its answer was lost); null
 * when it did not. A failed history read is an outcome to retry on: guessing "not landed" would
 * send the action again on top of itself.
 */
async function landedVersion(
  writer: FhirWriter,
  row: ActionRow,
  current: Task,
  signal?: AbortSignal,
): Promise<Task | WriteOutcome | null> {
  if (lastClientAction(current) === row.client_uuid) return current;
  // Someone may have changed the Task after this action landed: look through its versions.
  const history = await writer.taskHistory(row.work_item_id, signal);
  if (history === null) return null;
  if (!Array.isArray(history)) return history;
  // Newest first; the oldest carrying the marker is the one the action made.
  return history.findLast((version) => lastClientAction(version) === row.client_uuid) ?? null;
}

/** The resources a landed action created, found by its UUID (its answer was lost). */
async function createdBy(
  writer: FhirWriter,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  signal?: AbortSignal,
): Promise<Resource[] | WriteOutcome> {
  const found: Resource[] = [];
  for (const { resource } of applyAction(base, action).creates) {
    const matches = await writer.findByIdentifier(resource.resourceType, row.client_uuid, signal);
    if (!Array.isArray(matches)) return matches;
    found.push(...matches);
  }
  return found;
}

async function handleReadFailure(
  options: PushOptions,
  row: ActionRow,
  outcome: WriteOutcome,
  summary: PushSummary,
): Promise<'stop'> {
  const now = options.now ?? Date.now;
  if (outcome.kind === 'gone') {
    await park(options.db, row, `The item was removed at the portal (${outcome.reason}).`, now());
    summary.parked++;
    return 'stop';
  }
  if (outcome.kind === 'park' || outcome.kind === 'unauthorized') {
    await park(options.db, row, `Could not check the portal's copy: ${outcome.reason}`, now());
    summary.parked++;
    return 'stop';
  }
  return retryLater(options, row, outcome.kind === 'retry' ? outcome.reason : 'unexpected answer', summary);
}

async function retryLater(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  summary: PushSummary,
  retryAfterMs?: number,
): Promise<'stop'> {
  const now = options.now ?? Date.now;
  const delay = backoffDelay(
    row.attempts,
    options.random ?? Math.random,
    options.backoff ?? DEFAULT_BACKOFF,
    retryAfterMs,
  );
  await requeue(options.db, row, reason, now() + delay, now());
  summary.retrying++;
  return 'stop';
}

async function requeue(db: Kysely<DB>, row: ActionRow, reason: string, at: number, nowMs: number): Promise<void> {
  await db
    .updateTable('outbox_action')
    .set({ state: 'queued', last_error: reason, next_attempt_at: at, updated_at: nowMs })
    .where('action_id', '=', row.action_id)
    .execute();
}

async function park(db: Kysely<DB>, row: ActionRow, reason: string, nowMs: number): Promise<void> {
  await db
    .updateTable('outbox_action')
    .set({ state: 'parked', last_error: reason, updated_at: nowMs })
    .where('action_id', '=', row.action_id)
    .execute();
}
