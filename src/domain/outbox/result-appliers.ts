import type { Coding, Task } from '@medplum/fhirtypes';
import {
  BUSINESS_STATUS_SYSTEM,
  HOLD_REASON_SYSTEM,
  HOLD_REVIEW_EXT,
  NO_PATIENT_ACCESS,
  SECURITY_LABEL_SYSTEM,
  TASK_POOL_EXT,
  WORK_TYPE_SYSTEM,
} from '../fhir/codes';
import type { StaffAction } from '../../shared/staff-actions';
import { HOLD_REASON_CODES, HOLD_REASONS } from '../results/hold-reasons';
import type { AppliedAction, Applier, ResourcePatch } from './apply-action';
import { ActionNotApplicableError } from './not-applicable';
import { clientKey, createUrn } from './client-keys';
import { addNote, addPatientReply, complete } from './task-edits';

const isHold = (label: { system?: string; code?: string }): boolean =>
  label.system === SECURITY_LABEL_SYSTEM && label.code === NO_PATIENT_ACCESS;

/**
 * The patch that takes the hold label off one resource, guarded by a test of its labels as the
 * decision saw them; null when it is not held (released already, or never labelled).
 */
function unlabel(
  type: string,
  id: string,
  security: readonly { system?: string; code?: string }[],
): ResourcePatch | null {
  if (!security.some(isHold)) return null;
  const rest = security.filter((label) => !isHold(label));
  return {
    type,
    id,
    operations: [
      { op: 'test', path: '/meta/security', value: security },
      rest.length === 0
        ? { op: 'remove', path: '/meta/security' }
        : { op: 'replace', path: '/meta/security', value: rest },
    ],
    done: (resource) => !(resource.meta?.security ?? []).some(isHold),
    undone:
      type === 'DiagnosticReport'
        ? 'the report is still hidden from the patient'
        : 'values of the report are still hidden from the patient',
  };
}

/** The urgent "call the patient" item a critical result's decision creates, in the pool main chose. */
function addCallTask(
  task: Task,
  action: StaffAction,
  creates: AppliedAction['creates'],
  call: { pool: string; reason: string },
): void {
  const pool = { reference: call.pool };
  creates.push({
    fullUrl: createUrn(action.uuid, creates.length),
    resource: {
      resourceType: 'Task',
      // The action's key like any other it creates: the portal's If-None-Exist is per type.
      identifier: [clientKey(action.uuid)],
      status: 'requested',
      intent: 'order',
      priority: 'urgent',
      code: { coding: [{ system: WORK_TYPE_SYSTEM, code: 'patient-call', display: 'Call patient' }] },
      description: 'Call the patient: critical result',
      ...(task.focus === undefined ? {} : { focus: task.focus }),
      ...(task.for === undefined ? {} : { for: task.for }),
      ...(task.id === undefined ? {} : { partOf: [{ reference: `Task/${task.id}` }] }),
      authoredOn: action.at,
      lastModified: action.at,
      requester: { reference: action.actor },
      owner: pool,
      extension: [{ url: TASK_POOL_EXT, valueReference: pool }],
      note: [{ authorReference: { reference: action.actor }, time: action.at, text: call.reason }],
    },
  });
}

/** Release and hold: the provider's two decisions on a result awaiting release. */
export const RESULT_APPLIERS: { release: Applier<'release'>; hold: Applier<'hold'> } = {
  release: (task, { comment, labels, callPatient }, action, creates, patches) => {
    if (task.focus?.reference?.startsWith('DiagnosticReport/') !== true) {
      throw new ActionNotApplicableError('the item is not about a result');
    }
    if (labels === undefined) throw new ActionNotApplicableError("the result's hold labels are not known");
    for (const { type, id, security } of labels) {
      const patch = unlabel(type, id, security);
      if (patch !== null) patches.push(patch);
    }
    if (comment !== undefined) addPatientReply(task, action, creates, comment);
    if (callPatient !== undefined) addCallTask(task, action, creates, callPatient);
    delete task.statusReason;
    task.extension = task.extension?.filter((e) => e.url !== HOLD_REVIEW_EXT);
    task.businessStatus = {
      coding: [{ system: BUSINESS_STATUS_SYSTEM, code: 'released', display: 'Released to patient' }],
      text: 'Released to patient',
    };
    complete(task, action);
  },
  hold: (task, { reason, note, reviewOn, callPatient }, action, creates) => {
    // Main checked the reason against today; here an unknown one cannot be written at all.
    const code = HOLD_REASON_CODES.find((c) => c === reason);
    if (code === undefined) throw new ActionNotApplicableError(`"${reason}" is not a documented reason to hold`);
    const { label, rule } = HOLD_REASONS[code];
    const coding: Coding = { system: HOLD_REASON_SYSTEM, code, display: label };
    task.status = 'on-hold';
    task.statusReason = { coding: [coding], text: `${label} (${rule})` };
    task.extension = [
      ...(task.extension ?? []).filter((e) => e.url !== HOLD_REVIEW_EXT),
      { url: HOLD_REVIEW_EXT, valueDate: reviewOn },
    ];
    task.businessStatus = {
      coding: [{ system: BUSINESS_STATUS_SYSTEM, code: 'held', display: 'Held from patient' }],
      text: 'Held from patient',
    };
    addNote(task, action, `Held until review on ${reviewOn} — ${label}: ${note}`);
    // Holding a critical result from the portal is not holding it from the patient's care.
    if (callPatient !== undefined) addCallTask(task, action, creates, callPatient);
  },
};
