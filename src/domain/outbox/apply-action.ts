import type { Resource, Task } from '@medplum/fhirtypes';
import type { Operation } from 'rfc6902';
import { EMERGENCY_ACK_EXT, LAST_CLIENT_ACTION_EXT, TASK_POOL_EXT } from '../fhir/codes';
import { markedUuid } from './client-keys';
import { ActionNotApplicableError } from './not-applicable';
import { RENEWAL_APPLIERS } from './renewal-appliers';
import { RESULT_APPLIERS } from './result-appliers';
import { addNote, addPatientReply, complete, keepPool } from './task-edits';
import type { ActionKind, ActionPayload, StaffAction } from '../../shared/staff-actions';

export interface AppliedAction {
  /** The Task as the action leaves it (the input is not modified). */
  task: Task;
  /** Resources the action creates, each with the action's key as identifier and a fullUrl of its own (client-keys.ts). */
  creates: { fullUrl: string; resource: Resource }[];
  /**
   * Changes to other existing resources (a result's hold label), as JSON Patch documents that
   * start with `test` operations: they carry no version, so the portal applies them only to a copy
   * that still holds what the decision saw, whatever else was amended meanwhile.
   */
  patches: ResourcePatch[];
}

export interface ResourcePatch {
  type: string;
  id: string;
  operations: Operation[];
  /**
   * Whether the resource as the portal has it now holds what the patch is for (a result with no
   * hold label is released, whoever released it). How a refused or repeated patch is judged, on
   * any server, without trusting its answer.
   */
  done: (resource: Resource) => boolean;
  /** What is still so while it is not done, in words for the person told ("the report is still hidden from the patient"). */
  undone: string;
}

const CLOSED = new Set(['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error']);

export { ActionNotApplicableError };

/**
 * A staff action applied to a Task: pure, and the same function for the local copy (at once) and
 * for the portal's current version (when sending, and again after a non-overlapping change by
 * someone else). Every action stamps the Task with its UUID so a retry can see it already landed.
 */
export function applyAction(task: Task, action: StaffAction): AppliedAction {
  if (task.status !== undefined && CLOSED.has(task.status)) {
    throw new ActionNotApplicableError(`the item is already ${task.status}`);
  }
  const next: Task = structuredClone(task);
  const creates: AppliedAction['creates'] = [];
  const patches: ResourcePatch[] = [];
  const apply = APPLIERS[action.kind] as (
    t: Task,
    p: ActionPayload,
    a: StaffAction,
    c: typeof creates,
    patches: ResourcePatch[],
  ) => void;
  apply(next, action.payload, action, creates, patches);
  next.extension = [
    ...(next.extension ?? []).filter((e) => e.url !== LAST_CLIENT_ACTION_EXT),
    // The bare UUID: a `urn:uuid:` here would be rewritten by a server resolving references (client-keys.ts).
    { url: LAST_CLIENT_ACTION_EXT, valueString: action.uuid },
  ];
  next.lastModified = action.at;
  return { task: next, creates, patches };
}

/** The UUID of the last action the Task says was applied to it. */
export function lastClientAction(task: Task): string | undefined {
  return markedUuid(task.extension?.find((e) => e.url === LAST_CLIENT_ACTION_EXT)?.valueString);
}

export type Applier<K extends ActionKind> = (
  task: Task,
  payload: ActionPayload<K>,
  action: StaffAction,
  creates: AppliedAction['creates'],
  patches: ResourcePatch[],
) => void;

const APPLIERS: { [K in ActionKind]: Applier<K> } = {
  claim: (task, _payload, action) => {
    keepPool(task);
    task.owner = { reference: action.actor };
    task.status = 'accepted';
  },
  assign: (task, { to, reason }, action) => {
    keepPool(task);
    task.owner = { reference: to };
    if (task.status === 'requested') task.status = 'accepted';
    if (reason !== undefined) addNote(task, action, `Assigned: ${reason}`);
  },
  route: (task, { pool, reason }, action) => {
    task.owner = { reference: pool };
    task.extension = (task.extension ?? []).filter((e) => e.url !== TASK_POOL_EXT);
    task.status = 'requested';
    addNote(task, action, `Routed: ${reason}`);
  },
  priority: (task, { priority }) => {
    task.priority = priority;
  },
  note: (task, { text }, action) => {
    addNote(task, action, text);
  },
  reply: (task, { text, inResponseTo }, action, creates) => {
    addPatientReply(task, action, creates, text, inResponseTo);
    if (task.status === 'requested' || task.status === 'accepted') task.status = 'in-progress';
  },
  done: (task, _payload, action) => {
    complete(task, action);
  },
  acknowledge: (task, { how, note }, action) => {
    // The first acknowledgement is the record (who dealt with the emergency, and how soon); one
    // made on another desk before it saw that still lands, as its note. See conflicts.ts.
    if (emergencyAcknowledgement(task) === undefined) {
      task.extension = [
        ...(task.extension ?? []),
        {
          url: EMERGENCY_ACK_EXT,
          extension: [
            { url: 'by', valueReference: { reference: action.actor } },
            { url: 'at', valueDateTime: action.at },
            { url: 'how', valueCode: how },
            { url: 'note', valueString: note },
          ],
        },
      ];
    }
    // Staff on the portal read Task.note, not this project's extensions.
    addNote(task, action, `${ACK_NOTE_PREFIX[how]}: ${note}`);
  },
  ...RENEWAL_APPLIERS,
  ...RESULT_APPLIERS,
};

const ACK_NOTE_PREFIX = {
  reply: 'Emergency acknowledged — 911/988 reply sent',
  call: 'Emergency acknowledged — call made',
} as const;

export interface EmergencyAcknowledgement {
  /** `Practitioner/…` who acknowledged. */
  by: string | undefined;
  at: string | undefined;
  how: 'reply' | 'call' | undefined;
  note: string | undefined;
}

/** The Task's emergency acknowledgement (EMERGENCY_ACK_EXT), if it carries one. */
export function emergencyAcknowledgement(task: Task): EmergencyAcknowledgement | undefined {
  const ext = task.extension?.find((e) => e.url === EMERGENCY_ACK_EXT);
  if (ext === undefined) return undefined;
  const part = (url: string) => ext.extension?.find((e) => e.url === url);
  const how = part('how')?.valueCode;
  return {
    by: part('by')?.valueReference?.reference,
    at: part('at')?.valueDateTime,
    how: how === 'reply' || how === 'call' ? how : undefined,
    note: part('note')?.valueString,
  };
}
