import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM, STAFF_ROLE_SYSTEM, WORK_TYPE_SYSTEM } from '../../domain/fhir/codes';

const HOLD = { security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] };

/** A Practitioner and their PractitionerRole coded `role` (STAFF_ROLE_SYSTEM): one person on the roster. */
export function staffMember(
  id: string,
  family: string,
  role: string,
  lastUpdated = '2026-11-20T10:00:00.000Z',
): Resource[] {
  return [
    { resourceType: 'Practitioner', id, name: [{ family }], meta: { lastUpdated } },
    {
      resourceType: 'PractitionerRole',
      id: `role-${id}`,
      active: true,
      practitioner: { reference: `Practitioner/${id}` },
      code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: role }] }],
      meta: { lastUpdated },
    },
  ];
}

/**
 * A small clinic of our own (the demo generator is someone else's moving target): a nurse and a
 * PCM, one pool, two patients, a message thread, a prescription, a held lab report, three Tasks.
 */
export function smallClinic(): Resource[] {
  const t = '2026-11-20T10:00:00.000Z';
  return [
    { resourceType: 'Organization', id: 'clinic', name: 'Harbor Point Clinic', meta: { lastUpdated: t } },
    ...staffMember('rn-harper', 'Harper', 'nurse', t),
    ...staffMember('pcm-reyes', 'Reyes', 'pcm', t),
    {
      resourceType: 'CareTeam',
      id: 'pool-nursing',
      status: 'active',
      name: 'Nursing Team',
      participant: [{ member: { reference: 'Practitioner/rn-harper' } }],
      meta: { lastUpdated: t },
    },
    { resourceType: 'Patient', id: 'pat-1', name: [{ family: 'Nguyen', given: ['Ana'] }], meta: { lastUpdated: t } },
    { resourceType: 'Patient', id: 'pat-2', name: [{ family: 'Okafor', given: ['Ben'] }], meta: { lastUpdated: t } },
    {
      resourceType: 'Communication',
      id: 'thread-1',
      status: 'in-progress',
      subject: { reference: 'Patient/pat-1' },
      sender: { reference: 'Patient/pat-1' },
      recipient: [{ reference: 'CareTeam/pool-nursing' }],
      topic: { text: 'Rash after new medication' },
      meta: { lastUpdated: '2026-11-21T09:00:00.000Z' },
    },
    {
      resourceType: 'Communication',
      id: 'msg-1',
      status: 'completed',
      partOf: [{ reference: 'Communication/thread-1' }],
      subject: { reference: 'Patient/pat-1' },
      sender: { reference: 'Patient/pat-1' },
      recipient: [{ reference: 'CareTeam/pool-nursing' }],
      sent: '2026-11-21T08:59:00.000Z',
      payload: [{ contentString: 'I have a rash since Tuesday.' }],
      meta: { lastUpdated: '2026-11-21T09:00:00.000Z' },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'rx-1',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/pat-2' },
      requester: { reference: 'Practitioner/pcm-reyes' },
      medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' },
      meta: { lastUpdated: '2026-11-01T12:00:00.000Z' },
    },
    {
      resourceType: 'Observation',
      id: 'obs-1',
      status: 'final',
      code: { text: 'Potassium' },
      subject: { reference: 'Patient/pat-2' },
      valueQuantity: { value: 4.1, unit: 'mmol/L' },
      meta: { ...HOLD, lastUpdated: '2026-11-22T07:00:00.000Z' },
    },
    {
      resourceType: 'DiagnosticReport',
      id: 'dr-1',
      status: 'final',
      code: { text: 'Basic metabolic panel' },
      subject: { reference: 'Patient/pat-2' },
      result: [{ reference: 'Observation/obs-1' }],
      meta: { ...HOLD, lastUpdated: '2026-11-22T07:00:00.000Z' },
    },
    task('task-1', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1', '2026-11-21T09:00:00.000Z'),
    task('task-2', 'renewal-request', 'Patient/pat-2', 'MedicationRequest/rx-1', '2026-11-21T10:00:00.000Z'),
    task('task-3', 'result-release', 'Patient/pat-2', 'DiagnosticReport/dr-1', '2026-11-22T07:00:00.000Z'),
  ];
}

export function task(id: string, workType: string, patient: string, focus: string, lastUpdated?: string): Resource {
  return {
    resourceType: 'Task',
    id,
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: WORK_TYPE_SYSTEM, code: workType }] },
    focus: { reference: focus },
    for: { reference: patient },
    owner: { reference: 'CareTeam/pool-nursing' },
    authoredOn: lastUpdated ?? '2026-11-21T09:00:00.000Z',
    ...(lastUpdated === undefined ? {} : { meta: { lastUpdated } }),
  };
}

/**
 * `n` resources shaped like a portal's bulk (patients, message threads, Tasks) with distinct
 * lastUpdated values spread over a month, for seed and paging timings.
 */
export function bulkClinic(n: number): Resource[] {
  const out = smallClinic();
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  let i = 0;
  while (out.length < n) {
    i++;
    const at = (k: number) => new Date(start + i * 60_000 + k).toISOString();
    const patient = `Patient/bulk-${i}`;
    out.push({
      resourceType: 'Patient',
      id: `bulk-${i}`,
      name: [{ family: `Family${i}` }],
      meta: { lastUpdated: at(0) },
    });
    out.push({
      resourceType: 'Communication',
      id: `bulk-thread-${i}`,
      status: 'in-progress',
      subject: { reference: patient },
      sender: { reference: patient },
      recipient: [{ reference: 'CareTeam/pool-nursing' }],
      meta: { lastUpdated: at(1) },
    });
    out.push(
      task(
        `bulk-task-${i}`,
        i % 3 === 0 ? 'renewal-request' : 'respond-to-message',
        patient,
        `Communication/bulk-thread-${i}`,
        at(2),
      ),
    );
  }
  return out.slice(0, n);
}

/** A desk's audit record of a read, by `who`, about `patient`. */
export function auditEventBy(
  who: AuditEvent['agent'][number]['who'],
  patient = 'Patient/pat-1',
  id?: string,
): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    ...(id === undefined ? {} : { id }),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
    action: 'R',
    recorded: '2026-11-22T08:00:00.000Z',
    outcome: '0',
    agent: [{ who, requestor: true }],
    source: { observer: { display: 'Triage Desk workstation' } },
    entity: [{ what: { reference: patient } }],
  };
}
