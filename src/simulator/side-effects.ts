import type { Communication, DiagnosticReport, Reference, Resource } from '@medplum/fhirtypes';
import { parseLocalReference } from './fhir-references';
import { isHeldFromPatient } from './held-results';
import type { ResourceChange } from './rules';

export const COMMUNICATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/communication-category';
export const NEW_MESSAGE_TEXT = 'New Secure Message';
export const NEW_RESULT_TEXT = 'New Result';

const STAFF_TYPES = new Set(['Practitioner', 'PractitionerRole', 'CareTeam', 'Organization']);
const SENT_STATUSES = new Set(['in-progress', 'completed']);

function isNotification(communication: Communication): boolean {
  return (communication.category ?? []).some((c) =>
    (c.coding ?? []).some(
      (coding) => coding.system === COMMUNICATION_CATEGORY_SYSTEM && coding.code === 'notification',
    ),
  );
}

function typeOf(reference: Reference | undefined): string | undefined {
  return reference?.reference === undefined ? undefined : parseLocalReference(reference.reference)?.type;
}

/** The portal's "you have something new" message to a patient, as the portal records it. */
export function patientNotification(patient: string, text: string, about: string, sent: string): Communication {
  return {
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ system: COMMUNICATION_CATEGORY_SYSTEM, code: 'notification' }], text: 'Notification' }],
    subject: { reference: patient },
    recipient: [{ reference: patient }],
    about: [{ reference: about }],
    topic: { text },
    sent,
    payload: [{ contentString: text }],
  };
}

/** A staff message to the patient that has just been sent (created sent, or moved out of draft). */
function sentStaffReply(change: ResourceChange): { patient: string; about: string } | undefined {
  const next = change.next;
  if (next?.resourceType !== 'Communication' || isNotification(next) || !SENT_STATUSES.has(next.status))
    return undefined;
  const before = change.previous as Communication | undefined;
  if (before !== undefined && SENT_STATUSES.has(before.status)) return undefined;
  if (!STAFF_TYPES.has(typeOf(next.sender) ?? '')) return undefined;
  const patient = (next.recipient ?? []).find((r) => typeOf(r) === 'Patient')?.reference;
  return patient === undefined ? undefined : { patient, about: `Communication/${next.id ?? ''}` };
}

/** A report that has just become visible to the patient: its NOPAT label removed, or created without one. */
function releasedReport(change: ResourceChange): { patient: string; about: string } | undefined {
  const next = change.next;
  if (next?.resourceType !== 'DiagnosticReport' || isHeldFromPatient(next)) return undefined;
  const before = change.previous as DiagnosticReport | undefined;
  if (before !== undefined && !isHeldFromPatient(before)) return undefined;
  const patient = typeOf(next.subject) === 'Patient' ? next.subject?.reference : undefined;
  return patient === undefined ? undefined : { patient, about: `DiagnosticReport/${next.id ?? ''}` };
}

/**
 * What the portal records because of a write, to be created in the same transaction: the patient
 * would otherwise see a reply or a result without the notification that tells them to look.
 */
export function sideEffectsOf(change: ResourceChange, now: string): Resource[] {
  const out: Resource[] = [];
  const reply = sentStaffReply(change);
  if (reply !== undefined) out.push(patientNotification(reply.patient, NEW_MESSAGE_TEXT, reply.about, now));
  const result = releasedReport(change);
  if (result !== undefined) out.push(patientNotification(result.patient, NEW_RESULT_TEXT, result.about, now));
  return out;
}
