import type { Communication, Extension, Resource, Task } from '@medplum/fhirtypes';
import { CLIENT_ID_SYSTEM, LAST_CLIENT_ACTION_EXT, TASK_POOL_EXT } from '../fhir/codes';
import type { ActionKind, ActionPayload, StaffAction } from '../../shared/staff-actions';

export interface AppliedAction {
  /** The Task as the action leaves it (the input is not modified). */
  task: Task;
  /** Resources the action creates, each with the action's UUID as identifier and a `urn:uuid:` fullUrl. */
  creates: { fullUrl: string; resource: Resource }[];
}

const CLOSED = new Set(['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error']);

/** Thrown when the action makes no sense on this Task (e.g. claiming a closed item). */
export class ActionNotApplicableError extends Error {
  override name = 'ActionNotApplicableError';
}

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
  const apply = APPLIERS[action.kind] as (t: Task, p: ActionPayload, a: StaffAction, c: typeof creates) => void;
  apply(next, action.payload, action, creates);
  next.extension = [
    ...(next.extension ?? []).filter((e) => e.url !== LAST_CLIENT_ACTION_EXT),
    { url: LAST_CLIENT_ACTION_EXT, valueString: `urn:uuid:${action.uuid}` },
  ];
  next.lastModified = action.at;
  return { task: next, creates };
}

/** The UUID of the last action the Task says was applied to it. */
export function lastClientAction(task: Task): string | undefined {
  const value = task.extension?.find((e) => e.url === LAST_CLIENT_ACTION_EXT)?.valueString;
  return value?.startsWith('urn:uuid:') === true ? value.slice('urn:uuid:'.length) : undefined;
}

type Applier<K extends ActionKind> = (
  task: Task,
  payload: ActionPayload<K>,
  action: StaffAction,
  creates: AppliedAction['creates'],
) => void;

const APPLIERS: { [K in ActionKind]: Applier<K> } = {
  claim: (task, _payload, action) => {
    keepPool(task);
    task.owner = { reference: action.actor };
    task.status = 'accepted';
  },
  assign: (task, { to }) => {
    keepPool(task);
    task.owner = { reference: to };
    if (task.status === 'requested') task.status = 'accepted';
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
    const fullUrl = `urn:uuid:${action.uuid}`;
    const thread = task.focus?.reference?.startsWith('Communication/') === true ? task.focus : undefined;
    const reply: Communication = {
      resourceType: 'Communication',
      identifier: [{ system: CLIENT_ID_SYSTEM, value: fullUrl }],
      status: 'completed',
      ...(thread === undefined ? {} : { partOf: [thread] }),
      ...(inResponseTo === undefined ? {} : { inResponseTo: [{ reference: `Communication/${inResponseTo}` }] }),
      ...(task.for?.reference === undefined
        ? {}
        : { subject: { reference: task.for.reference }, recipient: [{ reference: task.for.reference }] }),
      sender: { reference: action.actor },
      sent: action.at,
      payload: [{ contentString: text }],
    };
    creates.push({ fullUrl, resource: reply });
    task.output = [...(task.output ?? []), { type: { text: 'reply' }, valueReference: { reference: fullUrl } }];
    if (task.status === 'requested' || task.status === 'accepted') task.status = 'in-progress';
  },
  done: (task, _payload, action) => {
    task.status = 'completed';
    task.executionPeriod = { ...task.executionPeriod, end: action.at };
  },
};

/** A claimed item remembers its pool, so it can go back there (R4's Task.owner holds one reference). */
function keepPool(task: Task): void {
  const owner = task.owner?.reference;
  if (owner?.startsWith('CareTeam/') !== true) return;
  const others: Extension[] = (task.extension ?? []).filter((e) => e.url !== TASK_POOL_EXT);
  task.extension = [...others, { url: TASK_POOL_EXT, valueReference: { reference: owner } }];
}

function addNote(task: Task, action: StaffAction, text: string): void {
  task.note = [...(task.note ?? []), { authorReference: { reference: action.actor }, time: action.at, text }];
}
