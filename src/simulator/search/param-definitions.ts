import { SUPPORTED_TYPES } from '../supported-types';
import type { SupportedType } from '../supported-types';

export type IndexedParamType = 'token' | 'reference' | 'string';

export interface SearchParamDefinition {
  name: string;
  type: IndexedParamType;
  /** Dotted path from the resource root; arrays are walked at every step. */
  path: string;
  /**
   * Reference params only: the types the reference may name. A reference to another type is not
   * indexed under this name (R4's `Task.for.where(resolve() is Patient)` for `patient`), and a bare
   * id in a search expands to these types. Omitted means any supported type.
   */
  targets?: readonly SupportedType[];
}

const identifier: SearchParamDefinition = { name: 'identifier', type: 'token', path: 'identifier' };
const status: SearchParamDefinition = { name: 'status', type: 'token', path: 'status' };
const subject: SearchParamDefinition = { name: 'subject', type: 'reference', path: 'subject' };
const patientOf = (path: string): SearchParamDefinition => ({
  name: 'patient',
  type: 'reference',
  path,
  targets: ['Patient'],
});

/**
 * The indexed search parameters per type: what sync, the inbox and the outbox's conditional create
 * (`identifier`) need, with R4's names and paths. `_id` and `_lastUpdated` work on every type and
 * are read from the resource table itself, so they are not listed here.
 */
export const SEARCH_PARAMS: Readonly<Record<SupportedType, readonly SearchParamDefinition[]>> = {
  AllergyIntolerance: [identifier, patientOf('patient')],
  Appointment: [
    identifier,
    status,
    patientOf('participant.actor'),
    { name: 'actor', type: 'reference', path: 'participant.actor' },
  ],
  AuditEvent: [
    { name: 'entity', type: 'reference', path: 'entity.what' },
    // R4's `agent` (AuditEvent.agent.who): an auditor's "what did this person do", and
    // `audit verify --portal`'s newest record of a person.
    { name: 'agent', type: 'reference', path: 'agent.who' },
  ],
  CareTeam: [identifier, { name: 'name', type: 'string', path: 'name' }, status],
  Communication: [
    identifier,
    status,
    { name: 'category', type: 'token', path: 'category' },
    { name: 'part-of', type: 'reference', path: 'partOf' },
    subject,
    patientOf('subject'),
    { name: 'recipient', type: 'reference', path: 'recipient' },
    { name: 'sender', type: 'reference', path: 'sender' },
  ],
  Condition: [identifier, subject, patientOf('subject')],
  DiagnosticReport: [identifier, status, subject, patientOf('subject')],
  Encounter: [identifier, status, subject, patientOf('subject')],
  MedicationDispense: [
    identifier,
    status,
    subject,
    patientOf('subject'),
    { name: 'prescription', type: 'reference', path: 'authorizingPrescription', targets: ['MedicationRequest'] },
  ],
  MedicationRequest: [identifier, status, subject, patientOf('subject')],
  Observation: [identifier, status, subject, patientOf('subject')],
  Organization: [identifier],
  Patient: [identifier],
  Practitioner: [identifier],
  PractitionerRole: [
    identifier,
    { name: 'practitioner', type: 'reference', path: 'practitioner', targets: ['Practitioner'] },
    { name: 'role', type: 'token', path: 'code' },
  ],
  Provenance: [{ name: 'target', type: 'reference', path: 'target' }],
  ServiceRequest: [identifier, status, subject, patientOf('subject')],
  Task: [
    identifier,
    status,
    { name: 'code', type: 'token', path: 'code' },
    { name: 'owner', type: 'reference', path: 'owner' },
    { name: 'patient', type: 'reference', path: 'for', targets: ['Patient'] },
    { name: 'subject', type: 'reference', path: 'for' },
    { name: 'focus', type: 'reference', path: 'focus' },
  ],
};

export function findParam(type: SupportedType, name: string): SearchParamDefinition | undefined {
  return SEARCH_PARAMS[type].find((p) => p.name === name);
}

export function targetTypesOf(param: SearchParamDefinition): readonly SupportedType[] {
  return param.targets ?? SUPPORTED_TYPES;
}
