import type { CareTeam, Communication, Task } from '@medplum/fhirtypes';
import { EMERGENCY_ACK_EXT, WORK_TYPE_SYSTEM } from '../../../domain/fhir/codes';

/** Small FHIR builders for the cache's tests: a patient's thread and the Task that points at it. */

const meta = (version = '1') => ({ versionId: version, lastUpdated: `2026-11-20T1${version}:00:00.000Z` });

export function patientMessage(
  id: string,
  body: string,
  options: { thread?: string; sent?: string; topic?: string; version?: string } = {},
): Communication {
  return {
    resourceType: 'Communication',
    id,
    meta: meta(options.version),
    status: 'completed',
    subject: { reference: 'Patient/pat-1', display: 'Doe, Jane' },
    sender: { reference: 'Patient/pat-1', display: 'Doe, Jane' },
    sent: options.sent ?? '2026-11-20T14:00:00Z',
    received: options.sent ?? '2026-11-20T14:00:00Z',
    topic: { text: options.topic ?? 'Question' },
    payload: [{ contentString: body }],
    ...(options.thread === undefined ? {} : { partOf: [{ reference: `Communication/${options.thread}` }] }),
  };
}

export function staffMessage(id: string, thread: string, body: string, sent = '2026-11-20T15:00:00Z'): Communication {
  return {
    resourceType: 'Communication',
    id,
    meta: meta(),
    status: 'completed',
    subject: { reference: 'Patient/pat-1' },
    sender: { reference: 'Practitioner/rn-harper', display: 'Dana Harper, RN' },
    sent,
    partOf: [{ reference: `Communication/${thread}` }],
    payload: [{ contentString: body }],
  };
}

export function threadTask(id: string, thread: string, overrides: Partial<Task> = {}): Task {
  return {
    resourceType: 'Task',
    id,
    meta: meta(),
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: WORK_TYPE_SYSTEM, code: 'respond-to-message' }] },
    description: 'Question about my medicine',
    for: { reference: 'Patient/pat-1', display: 'Doe, Jane' },
    owner: { reference: 'CareTeam/pool-nursing', display: 'Nursing Team' },
    focus: { reference: `Communication/${thread}` },
    authoredOn: '2026-11-20T14:00:00Z',
    ...overrides,
  };
}

export const acknowledgement = (at: string, how: 'reply' | 'call', display?: string): Task['extension'] => [
  {
    url: EMERGENCY_ACK_EXT,
    extension: [
      {
        url: 'by',
        valueReference: { reference: 'Practitioner/rn-harper', ...(display === undefined ? {} : { display }) },
      },
      { url: 'at', valueDateTime: at },
      { url: 'how', valueCode: how },
      { url: 'note', valueString: 'Called the patient; she is going to the ER.' },
    ],
  },
];

export function careTeam(id: string, participant: CareTeam['participant']): CareTeam {
  return { resourceType: 'CareTeam', id, meta: meta(), status: 'active', name: 'Nursing Team', participant };
}
