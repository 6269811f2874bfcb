import type { Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction } from '../../domain/outbox/apply-action';
import type { ResourcePatch } from '../../domain/outbox/apply-action';
import { changedFields, overlappingFields } from '../../domain/outbox/conflicts';
import { retraction } from '../../domain/outbox/retraction';
import { backoffDelay, DEFAULT_BACKOFF } from '../../domain/sync/backoff';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import { staffActionOf } from './action-row';
import { conflictFieldLabel } from './conflict-words';
import { actionTransaction, resourcePatchTransaction } from './action-transaction';
import type { TaskWrite } from './action-transaction';
import type { RefusedEntry, WriteOutcome } from './fhir-writer';
import type { PortalPushOptions } from './portal-push-options';
import { deletePlaceholders } from './placeholders';
import { rebuildLocalCopy, settleAction } from './settle-action';
import { createdBy, isOutcome, landedVersion, missingCreates, undonePatches } from './what-landed';

export interface PushOptions extends PortalPushOptions {
  /** Work items sent in parallel; each item's own actions always go one after another, in order. */
  concurrency?: number;
  /** Gets a fresh access token after a 401; true when it did (the action is then sent once more). */
  refreshAuth?: () => Promise<boolean>;
  /** What the rebuilt local copies are derived with (the built-in defaults when absent). */
  derivation?: DerivationConfig;
  /** How Task changes are written (taskWriteFor the portal's capabilities); JSON Patch by default. */
  taskWrite?: TaskWrite;
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
  // Sent before without a clear end (an answer lost after the portal committed, a crash, a refusal
  // that may have followed a partial commit): what landed is read back before anything goes again,
  // so a server that ignores If-Match or If-None-Exist is never sent the same change twice.
  // So is a decision that creates or changes other resources: on a server that is not
  // all-or-nothing they would land even where the Task's version guard then refuses the rest.
  let found: Resource[] = [];
  if (row.attempts > 0 || applied.creates.length > 0 || applied.patches.length > 0) {
    const current = await writer.readTask(row.work_item_id, options.signal);
    if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
    if (current.task.meta?.versionId !== row.base_version) {
      return resolveConflict(options, row, action, base, summary, current.task);
    }
    if (row.attempts > 0) {
      const created = await createdBy(writer, row.client_uuid, action, base, options.signal);
      if (!Array.isArray(created)) return handleReadFailure(options, row, created, summary);
      found = created;
    }
  }
  summary.sent++;
  if (applied.patches.length > 0) {
    const patched = await sendResourcePatches(options, row, action, applied.patches, summary);
    // Stopped, or put back to be sent again at once (a renewed sign-in).
    if (!Array.isArray(patched)) return patched;
    found = [...found, ...patched];
  }
  const bundle = actionTransaction(base, row.base_version, applied, row.client_uuid, found, options.taskWrite);
  const outcome = await writer.transaction(bundle, action.actor, options.signal);
  switch (outcome.kind) {
    case 'ok': {
      const resources = (outcome.bundle.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
      // The item's own Task, not one the action created (a critical result's call item).
      const task = resources.find((r): r is Task => r.resourceType === 'Task' && r.id === row.work_item_id);
      if (task === undefined) return retryLater(options, row, 'the portal confirmed without the Task', summary);
      await settleAction(db, row, task, [...found, ...resources.filter((r) => r !== task)], now(), {
        derivation: options.derivation,
      });
      summary.synced++;
      return 'next';
    }
    case 'partial':
      // Part committed, part refused: what the portal now holds decides, not the answer.
      return afterRefusal(options, row, action, base, summary, refusalReason(outcome.refused));
    case 'conflict':
      return resolveConflict(options, row, action, base, summary);
    case 'park':
      // A failed `test` of the version guard is how a server that ignores If-Match says "changed".
      return afterRefusal(options, row, action, base, summary, outcome.reason);
    case 'unauthorized':
      return afterUnauthorized(options, row, outcome.reason, summary);
    case 'gone':
      await park(db, row, `The item was removed at the portal (${outcome.reason}).`, now());
      summary.parked++;
      return 'stop';
    case 'retry':
      return retryLater(options, row, outcome.reason, summary, outcome.retryAfterMs);
  }
}

/**
 * The decision's changes to other resources, before the Task is touched. Refused, they are judged
 * by what the portal's copies now hold: done already (an earlier attempt, or someone else did the
 * same) lets the rest go; not done stops the action with the words of what is still so, and
 * nothing else is sent (no comment to the patient about a result they cannot see).
 */
async function sendResourcePatches(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  patches: readonly ResourcePatch[],
  summary: PushSummary,
): Promise<Resource[] | 'next' | 'stop'> {
  const outcome = await options.writer.transaction(resourcePatchTransaction(patches), action.actor, options.signal);
  // The patched copies, so the cache holds them as the portal does once the action settles.
  if (outcome.kind === 'ok')
    return (outcome.bundle.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
  if (outcome.kind === 'retry') return retryLater(options, row, outcome.reason, summary, outcome.retryAfterMs);
  if (outcome.kind === 'unauthorized') return afterUnauthorized(options, row, outcome.reason, summary);
  const undone = await undonePatches(options.writer, patches, options.signal);
  if (!Array.isArray(undone)) return handleReadFailure(options, row, undone, summary);
  // Done already (an earlier attempt, or someone did the same): the sync brings those copies in.
  if (undone.length === 0) return [];
  const reason = outcome.kind === 'partial' ? refusalReason(outcome.refused) : outcome.reason;
  // The first says most (a result's patches list the report before its values).
  const still = undone[0]?.undone ?? 'it did not take effect';
  await refuse(
    options,
    row,
    `${capitalised(ACTION_WORDS[action.kind] ?? 'this decision')} failed at the portal: ${still} (${reason}). Nothing else was sent.`,
    JSON.parse(row.base_json) as Task,
  );
  summary.parked++;
  return 'stop';
}

/** How the desk names a decision that did not go through, where the kind matters to the reader. */
const ACTION_WORDS: Partial<Record<StaffAction['kind'], string>> = { release: 'the release' };

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function refusalReason(refused: readonly RefusedEntry[]): string {
  return refused.map(({ index, outcome }) => `entry ${index + 1}: ${outcome.reason}`).join('; ');
}

/**
 * The portal refused all or part of the action. If the Task is still the version the action saw,
 * nothing of it landed: the action is refused, for a person to look at. If the Task moved, this
 * action landed (whole or in part) or someone else changed it: the conflict path tells which.
 */
async function afterRefusal(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  summary: PushSummary,
  reason: string,
): Promise<'next' | 'stop'> {
  const current = await options.writer.readTask(row.work_item_id, options.signal);
  if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
  if (current.task.meta?.versionId !== row.base_version) {
    return resolveConflict(options, row, action, base, summary, current.task);
  }
  // A server that is not all-or-nothing may have kept what the action created before it refused.
  const retracted = await retractOrphans(options, row, action, base);
  if (retracted !== null) return handleReadFailure(options, row, retracted, summary);
  await refuse(options, row, `The portal refused this action: ${reason}`, current.task);
  summary.parked++;
  return 'stop';
}

/**
 * Parks an action the portal refused with nothing of it landed, and shows the item as the portal
 * has it (open, in its queue) with the reason, rather than as decided: a release that did not
 * happen must not look released. A person retries or discards it from the item or the queue.
 */
async function refuse(options: PushOptions, row: ActionRow, reason: string, portalTask: Task): Promise<void> {
  const now = (options.now ?? Date.now)();
  await options.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox_action')
      .set({ state: 'parked', refused: 1, last_error: reason, updated_at: now })
      .where('action_id', '=', row.action_id)
      .execute();
    // No reply or prescription of it shows either: none reached the portal.
    await deletePlaceholders(trx, row.client_uuid);
    await rebuildLocalCopy(trx, row.work_item_id, portalTask, options.derivation);
  });
}

/**
 * What the action created at the portal although its Task change did not land (a server that
 * commits a transaction's creates one by one, then refuses the Task's stale version): a second
 * prescription or a reply the decision never completed. Each is marked entered-in-error and its key
 * renamed, so it is neither active nor found by a later resend, which makes its own if a person
 * applies the decision after all. Null when nothing is left over (or all is retracted).
 */
async function retractOrphans(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
): Promise<WriteOutcome | null> {
  const orphans = await createdBy(options.writer, row.client_uuid, action, base, options.signal);
  if (!Array.isArray(orphans)) return orphans;
  const patches = orphans.flatMap((resource) => {
    const ops = retraction(resource, row.client_uuid);
    return ops === null ? [] : [{ type: resource.resourceType, id: resource.id ?? '', operations: ops }];
  });
  if (patches.length === 0) return null;
  const outcome = await options.writer.transaction(
    resourcePatchTransaction(patches.map((p) => ({ ...p, done: () => false, undone: '' }))),
    action.actor,
    options.signal,
  );
  return outcome.kind === 'ok' ? null : outcome.kind === 'partial' ? (outcome.refused[0]?.outcome ?? null) : outcome;
}

async function afterUnauthorized(
  options: PushOptions,
  row: ActionRow,
  reason: string,
  summary: PushSummary,
): Promise<'next' | 'stop'> {
  const now = options.now ?? Date.now;
  const firstTime = row.last_error?.startsWith('HTTP 401') !== true;
  if (firstTime && options.refreshAuth !== undefined && (await options.refreshAuth())) {
    await requeue(options.db, row, reason, 0, now());
    return 'next';
  }
  await park(options.db, row, `The portal refused the session (${reason}). Sign in again, then retry.`, now());
  summary.parked++;
  return 'stop';
}

/**
 * 412/409, a failed version test, or a Task found moved before a resend: did this very action
 * land already (a lost answer), did someone else change something this action does not touch
 * (send it again on their version), or did both change the same thing (a person decides)? Never
 * a blind overwrite.
 */
async function resolveConflict(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  summary: PushSummary,
  known?: Task,
): Promise<'next' | 'stop'> {
  const { db, writer } = options;
  const now = options.now ?? Date.now;
  let currentTask = known;
  if (currentTask === undefined) {
    const current = await writer.readTask(row.work_item_id, options.signal);
    if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
    currentTask = current.task;
  }
  const landed = await landedVersion(writer, row.work_item_id, row.client_uuid, currentTask, options.signal);
  if (landed !== null && isOutcome(landed)) return handleReadFailure(options, row, landed, summary);
  if (landed !== null) {
    const created = await createdBy(writer, row.client_uuid, action, base, options.signal);
    if (!Array.isArray(created)) return handleReadFailure(options, row, created, summary);
    // A server that is not all-or-nothing may have changed the Task and refused a create: never
    // marked synced while the portal lacks part of it.
    const missing = missingCreates(action, base, created);
    if (missing.length > 0) {
      await park(
        db,
        row,
        `Only part of this action reached the portal: the item changed, but no ${missing.join(' or ')} was created. Check the item at the portal.`,
        now(),
      );
      summary.parked++;
      return 'stop';
    }
    await settleAction(db, row, currentTask, created, now(), { landed, derivation: options.derivation });
    summary.synced++;
    return 'next';
  }
  const current = { task: currentTask };
  const theirs = changedFields(base, current.task);
  const overlap = clashWith(base, current.task, theirs, action);
  if (overlap.length > 0) {
    // Waiting for a person: nothing this action made may stay live meanwhile (a second prescription).
    const retracted = await retractOrphans(options, row, action, base);
    if (retracted !== null) return handleReadFailure(options, row, retracted, summary);
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
