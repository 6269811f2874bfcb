import type { Communication, Extension, Task } from '@medplum/fhirtypes';
import { TASK_POOL_EXT } from '../fhir/codes';
import type { StaffAction } from '../../shared/staff-actions';
import type { AppliedAction } from './apply-action';
import { clientKey, createUrn } from './client-keys';

/** A claimed item remembers its pool, so it can go back there (R4's Task.owner holds one reference). */
export function keepPool(task: Task): void {
  const owner = task.owner?.reference;
  if (owner?.startsWith('CareTeam/') !== true) return;
  const others: Extension[] = (task.extension ?? []).filter((e) => e.url !== TASK_POOL_EXT);
  task.extension = [...others, { url: TASK_POOL_EXT, valueReference: { reference: owner } }];
}

export function addNote(task: Task, action: StaffAction, text: string): void {
  task.note = [...(task.note ?? []), { authorReference: { reference: action.actor }, time: action.at, text }];
}

/**
 * A staff message to the patient, created with the action: in the item's thread when it has one,
 * about what the Task focuses on otherwise (a renewal's prescription). Listed in the Task's output.
 */
export function addPatientReply(
  task: Task,
  action: StaffAction,
  creates: AppliedAction['creates'],
  text: string,
  inResponseTo?: string,
): void {
  const fullUrl = createUrn(action.uuid, creates.length);
  const focus = task.focus?.reference;
  const thread = focus?.startsWith('Communication/') === true ? task.focus : undefined;
  const about = focus !== undefined && thread === undefined ? task.focus : undefined;
  const reply: Communication = {
    resourceType: 'Communication',
    identifier: [clientKey(action.uuid)],
    status: 'completed',
    ...(thread === undefined ? {} : { partOf: [thread] }),
    ...(inResponseTo === undefined ? {} : { inResponseTo: [{ reference: `Communication/${inResponseTo}` }] }),
    ...(task.for?.reference === undefined
      ? {}
      : { subject: { reference: task.for.reference }, recipient: [{ reference: task.for.reference }] }),
    ...(about === undefined ? {} : { about: [about] }),
    sender: { reference: action.actor },
    sent: action.at,
    payload: [{ contentString: text }],
  };
  creates.push({ fullUrl, resource: reply });
  task.output = [...(task.output ?? []), { type: { text: 'reply' }, valueReference: { reference: fullUrl } }];
}

/** The item is finished: completed, its execution period closed at the decision's time. */
export function complete(task: Task, action: StaffAction): void {
  task.status = 'completed';
  task.executionPeriod = { ...task.executionPeriod, end: action.at };
}
