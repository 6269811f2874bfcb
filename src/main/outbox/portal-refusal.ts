import type { Resource, Task } from '@medplum/fhirtypes';
import type { StaffAction } from '../../shared/staff-actions';
import { ActionNotApplicableError, applyAction } from '../../domain/outbox/apply-action';
import { changedFields, overlappingFields } from '../../domain/outbox/conflicts';
import { retraction } from '../../domain/outbox/retraction';
import { staffActionOf } from './action-row';
import { resourcePatchTransaction } from './action-transaction';
import { conflictFieldLabel } from './conflict-words';
import type { WriteOutcome } from './fhir-writer';
import { SENDABLE_STATES } from './pending';
import { handleReadFailure, park, refuse } from './push-steps';
import type { ActionRow, PushOptions, PushSummary, StepEnd } from './push-steps';
import { settleAction } from './settle-action';
import { createdBy, isOutcome, landedVersion, missingCreates } from './what-landed';

/*
 * After the portal said no (412/409, a failed version test, a refused entry) or a resend found the
 * Task moved: what the portal now holds decides, never the answer alone.
 */

const RETRACTION_FAILED = 'A prescription or message this decision created could not be withdrawn at the portal';

/**
 * The portal refused all or part of the action. If the Task is still the version the action saw,
 * nothing of its Task change landed: refused, for a person to look at, with anything the portal
 * kept of it withdrawn. If the Task moved, this action landed or someone else changed it: the
 * conflict path tells which. `changedElsewhere` names what of the decision did land before (a
 * release's labels): the decision is then no longer "nothing happened" and is not shown as undone.
 */
export async function afterRefusal(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  summary: PushSummary,
  reason: string,
  changedElsewhere: string | null = null,
): Promise<StepEnd> {
  const current = await options.writer.readTask(row.work_item_id, options.signal);
  if (current.kind !== 'task') return handleReadFailure(options, row, current, summary);
  if (current.task.meta?.versionId !== row.base_version) {
    return resolveConflict(options, row, action, base, summary, current.task);
  }
  // A server that is not all-or-nothing may have kept what the action created before it refused.
  const retracted = await retractOrphans(options, row, action, base, current.task);
  if (retracted !== null) return handleReadFailure(options, row, retracted, summary, RETRACTION_FAILED);
  if (changedElsewhere !== null) {
    return park(
      options,
      row,
      `${changedElsewhere}, but the portal refused the rest (${reason}): the item was not completed and nothing was sent to the patient. Try again, or finish it at the portal.`,
      summary,
    );
  }
  return refuse(options, row, `The portal refused this action: ${reason}`, current.task, summary);
}

/**
 * 412/409, a failed version test, or a Task found moved before a resend: did this very action
 * land already (a lost answer), did someone else change something this action does not touch
 * (send it again on their version), or did both change the same thing (a person decides)? Never
 * a blind overwrite, and never a guess: where the portal keeps no history to tell whether a
 * decision that creates something landed, a person looks.
 */
export async function resolveConflict(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  summary: PushSummary,
  known?: Task,
): Promise<StepEnd> {
  const { db, writer } = options;
  const now = options.now ?? Date.now;
  let current = known;
  if (current === undefined) {
    const read = await writer.readTask(row.work_item_id, options.signal);
    if (read.kind !== 'task') return handleReadFailure(options, row, read, summary);
    current = read.task;
  }
  const landed = await landedVersion(writer, row.work_item_id, row.client_uuid, current, options.signal);
  if (landed !== null && landed !== 'unknown' && isOutcome(landed)) {
    return handleReadFailure(options, row, landed, summary);
  }
  const created = await createdBy(writer, row.client_uuid, action, base, options.signal);
  if (!Array.isArray(created)) return handleReadFailure(options, row, created, summary);
  if (landed === 'unknown' && created.length > 0) {
    return park(
      options,
      row,
      'The portal keeps no history of this item, so whether this decision reached it cannot be told: what it created is there, and the item has changed since. Check the item at the portal, then discard or retry.',
      summary,
    );
  }
  if (landed !== null && landed !== 'unknown') {
    // A server that is not all-or-nothing may have changed the Task and refused a create: never
    // marked synced while the portal lacks part of it.
    const missing = missingCreates(action, base, created);
    if (missing.length > 0) {
      return park(
        options,
        row,
        `Only part of this action reached the portal: the item changed, but no ${missing.join(' or ')} was created. Check the item at the portal.`,
        summary,
      );
    }
    await settleAction(db, row, current, created, now(), { landed, derivation: options.derivation });
    summary.synced++;
    return 'next';
  }
  const theirs = changedFields(base, current);
  const overlap = clashWith(base, current, theirs, action);
  if (overlap.length > 0) {
    // Waiting for a person: nothing this action made may stay live meanwhile (a second prescription).
    const retracted = await retractOrphans(options, row, action, base, current);
    if (retracted !== null) return handleReadFailure(options, row, retracted, summary, RETRACTION_FAILED);
    await db
      .updateTable('outbox_action')
      .set({
        state: 'conflict',
        theirs_json: JSON.stringify(current),
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
    .where('state', 'in', SENDABLE_STATES)
    .where('base_version', '=', row.base_version)
    .execute();
  const absorbed = later
    .filter((l) => clashWith(JSON.parse(l.base_json) as Task, current, theirs, staffActionOf(l)).length === 0)
    .map((l) => l.action_id);
  await db
    .updateTable('outbox_action')
    .set({
      state: 'queued',
      base_version: current.meta?.versionId ?? row.base_version,
      base_json: JSON.stringify(current),
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

/**
 * What the action created at the portal although its Task change did not land (a server that
 * commits a transaction's creates one by one, then refuses the Task's stale version): a second
 * prescription or a reply the decision never completed. Each is marked entered-in-error and its key
 * renamed, so it is neither active nor found by a later resend, which makes its own if a person
 * applies the decision after all. Never one the Task points at: that one belongs to the item.
 * Null when nothing is left over (or all is withdrawn).
 */
export async function retractOrphans(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  base: Task,
  current: Task,
): Promise<WriteOutcome | null> {
  const found = await createdBy(options.writer, row.client_uuid, action, base, options.signal);
  if (!Array.isArray(found)) return found;
  const referenced = new Set((current.output ?? []).map((o) => o.valueReference?.reference).filter(Boolean));
  const patches = found
    .filter((resource: Resource) => !referenced.has(`${resource.resourceType}/${resource.id ?? ''}`))
    .flatMap((resource) => {
      const operations = retraction(resource, row.client_uuid);
      return operations === null ? [] : [{ type: resource.resourceType, id: resource.id ?? '', operations }];
    });
  if (patches.length === 0) return null;
  const outcome = await options.writer.transaction(resourcePatchTransaction(patches), action.actor, options.signal);
  if (outcome.kind === 'ok') return null;
  return outcome.kind === 'partial' ? (outcome.refused[0]?.outcome ?? null) : outcome;
}
