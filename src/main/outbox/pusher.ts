import type { Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction } from '../../domain/outbox/apply-action';
import type { DB } from '../db/schema';
import { staffActionOf } from './action-row';
import { actionTransaction } from './action-transaction';
import { PENDING_STATES, SENDABLE_STATES } from './pending';
import { afterRefusal, resolveConflict, retractOrphans } from './portal-refusal';
import type { WriteOutcome } from './fhir-writer';
import { afterUnauthorized, handleReadFailure, park, requeue, retryLater } from './push-steps';
import type { ActionRow, PushOptions, PushSummary, StepEnd } from './push-steps';
import { refusalReason, sendResourcePatches } from './resource-patches';
import { settleAction } from './settle-action';
import { createdBy } from './what-landed';

export type { PushOptions, PushSummary } from './push-steps';

/**
 * Drains the outbox once: for each work item whose oldest unconfirmed action is due, sends its
 * actions in order until one must wait (a retry later, or a person). Every state change is
 * committed before the next request, and what may already have landed is read back before a
 * resend (the Task's last-client-action marker and history, the creates by their key), so a crash
 * or a lost answer at any point costs requests, never a duplicate.
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
    .where('a.state', 'in', SENDABLE_STATES)
    .where('a.next_attempt_at', '<=', nowMs)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox_action as b')
            .select('b.action_id')
            .whereRef('b.work_item_id', '=', 'a.work_item_id')
            .whereRef('b.action_id', '<', 'a.action_id')
            .where('b.state', 'in', PENDING_STATES),
        ),
      ),
    )
    .orderBy('a.action_id');
  if (workItemId !== undefined) query = query.where('a.work_item_id', '=', workItemId);
  return query.execute();
}

async function pushAction(options: PushOptions, row: ActionRow, summary: PushSummary): Promise<StepEnd> {
  const { db, writer } = options;
  const now = options.now ?? Date.now;
  // Marked before the request: after a crash, "sending" means "may have landed", and the resend
  // below is built to find that out rather than do it twice.
  const marked = await db
    .updateTable('outbox_action')
    .set({ state: 'sending', attempts: row.attempts + 1, updated_at: now() })
    .where('action_id', '=', row.action_id)
    // A person may have discarded it since it was picked: then it must not go out.
    .where('state', 'in', SENDABLE_STATES)
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) === 0) return 'next';
  const action = staffActionOf(row);
  const base = JSON.parse(row.base_json) as Task & { id: string };

  let applied;
  try {
    applied = applyAction(base, action);
  } catch (error) {
    if (!(error instanceof ActionNotApplicableError)) throw error;
    return park(options, row, `The portal's copy no longer allows this: ${error.message}.`, summary);
  }
  if (options.taskWrite === 'refuse') {
    return park(options, row, REFUSE_TO_WRITE, summary);
  }
  // Sent before without a clear end (an answer lost after the portal committed, a crash, a refusal
  // that may have followed a partial commit), or retried by a person after any of those: what
  // landed is read back before anything goes again, so a server that ignores If-Match or
  // If-None-Exist is never sent the same change twice. A decision that creates or changes other
  // resources reads the Task first as well: on a server that is not all-or-nothing they would land
  // even where the Task's version guard then refuses the rest.
  const sentBefore = row.attempts > 0 || row.last_error !== null;
  let found: Resource[] = [];
  if (sentBefore || applied.creates.length > 0 || applied.patches.length > 0) {
    const current = await writer.readTask(row.work_item_id, options.signal);
    if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
    if (current.task.meta?.versionId !== row.base_version) {
      return resolveConflict(options, row, action, base, summary, current.task);
    }
    if (sentBefore) {
      const created = await createdBy(writer, row.client_uuid, action, base, options.signal);
      if (!Array.isArray(created)) return handleReadFailure(options, row, created, summary);
      found = created;
    }
  }
  summary.sent++;
  let patched: Resource[] = [];
  if (applied.patches.length > 0) {
    const sent = await sendResourcePatches(options, row, action, applied.patches, summary);
    // Stopped, or put back to be sent again at once (a renewed sign-in).
    if (!Array.isArray(sent)) return sent;
    patched = sent;
  }
  // Once a release's labels are off, a refusal of the rest is not "nothing happened".
  const changedElsewhere =
    patched.length > 0 ? (PATCHES_LANDED[action.kind] ?? 'Part of this decision took effect') : null;
  const bundle = actionTransaction(base, row.base_version, applied, row.client_uuid, found, options.taskWrite);
  const outcome = await writer.transaction(bundle, action.actor, options.signal);
  const unsupported = patchUnsupported(outcome, (bundle.entry ?? []).length - 1);
  if (unsupported !== null && (options.taskWrite ?? 'patch') === 'patch' && options.onPatchUnsupported !== undefined) {
    // Nothing of the Task changed; what the transaction may have created is found by the resend.
    options.onPatchUnsupported(unsupported);
    await requeue(db, row, `The portal does not take a JSON Patch of the Task (${unsupported})`, 0, now());
    summary.retrying++;
    return 'stop';
  }
  switch (outcome.kind) {
    case 'ok': {
      const resources = (outcome.bundle.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
      // The item's own Task, not one the action created (a critical result's call item).
      const task = resources.find((r): r is Task => r.resourceType === 'Task' && r.id === row.work_item_id);
      if (task === undefined) return retryLater(options, row, 'the portal confirmed without the Task', summary);
      await settleAction(db, row, task, [...found, ...patched, ...resources.filter((r) => r !== task)], now(), {
        derivation: options.derivation,
      });
      summary.synced++;
      return 'next';
    }
    case 'partial':
      // Part committed, part refused: what the portal now holds decides, not the answer.
      return afterRefusal(options, row, action, base, summary, refusalReason(outcome.refused), changedElsewhere);
    case 'conflict':
      return resolveConflict(options, row, action, base, summary);
    case 'park':
      // A failed `test` of the version guard is how a server that ignores If-Match says "changed".
      return afterRefusal(options, row, action, base, summary, outcome.reason, changedElsewhere);
    case 'unauthorized':
      return afterUnauthorized(options, row, outcome.reason, summary);
    case 'gone': {
      // The item went; what the transaction created before the Task entry failed must not stay live.
      await retractOrphans(options, row, action, base, base);
      return park(options, row, `The item was removed at the portal (${outcome.reason}).`, summary);
    }
    case 'retry':
      return retryLater(options, row, outcome.reason, summary, outcome.retryAfterMs);
  }
}

/** Why the portal refused the Task's entry (at `taskIndex`) as a request it does not do; null when it did not. */
function patchUnsupported(outcome: WriteOutcome, taskIndex: number): string | null {
  if (outcome.kind === 'park') return outcome.unsupported === true ? outcome.reason : null;
  if (outcome.kind !== 'partial') return null;
  const task = outcome.refused.find((r) => r.index === taskIndex)?.outcome;
  return task?.kind === 'park' && task.unsupported === true ? task.reason : null;
}

/** What a decision's changes to other resources did, where the portal then refused the rest of it. */
const PATCHES_LANDED: Partial<Record<StaffAction['kind'], string>> = {
  release: 'The result is now visible to the patient',
};

const REFUSE_TO_WRITE =
  "Not sent: the portal offers neither JSON Patch nor a checked update (its CapabilityStatement states no PATCH and no 'versioned-update' for Task), so a change could overwrite a colleague's newer one unseen. Ask IT to check the portal (triage-desk portal check).";
