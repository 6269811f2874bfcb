import { isDeepStrictEqual } from 'node:util';
import type { DiagnosticReport, MedicationRequest, Observation, Resource, Task } from '@medplum/fhirtypes';
import { PRESCRIBER_ROLE_CODE } from '../domain/fhir/codes';
import { auditEventsAsOneself, sentMessagesStayTheSenders, staffWriteInTheirOwnName } from './access/own-name-rules';
import {
  prescriptionsByPrescribers,
  resultLabelsByProviders,
  rosterIsReadOnlyToStaff,
} from './access/role-write-rules';
import { decisionsByPrescribers } from './access/task-decisions';
import { FhirError } from './errors';
import { forEachReference, parseLocalReference } from './fhir-references';
import { isHeldFromPatient } from './held-results';
import { isSupportedType } from './supported-types';

/** One write as the rules see it. Create: no `previous`; delete: no `next`. */
export interface ResourceChange {
  previous?: Resource;
  next?: Resource;
  /**
   * `Practitioner/<id>` of the staff member acting: the access token's fhirUser when sign-in is
   * required (the bearer guard overwrites any header), else the optional `X-Practitioner` header.
   * Undefined for the portal's own writes (seed, live mode, code calling the store), which the
   * staff rules (access/) do not bind.
   */
  actor?: string;
}

export interface RuleContext {
  /** The live resource, or undefined when missing or deleted. */
  live(type: string, id: string): Resource | undefined;
  /** Staff-role codes (STAFF_ROLE_SYSTEM) from the practitioner's active PractitionerRoles. */
  rolesOf(practitionerId: string): readonly string[];
}

export type WriteRule = (change: ResourceChange, context: RuleContext) => void;

const businessRule = (message: string): FhirError => new FhirError(422, 'business-rule', message);

/**
 * An active prescription is signed by a prescriber: a MedicationRequest that becomes active
 * (created active, turned active, or given another requester while active) names as requester a
 * Practitioner holding the pcm role, whoever writes it, the portal's own code included. Who may
 * write one at all is prescriptionsByPrescribers (access/role-write-rules.ts).
 */
export const activeMedicationRequestNeedsPcm: WriteRule = ({ previous, next }, context) => {
  if (next?.resourceType !== 'MedicationRequest' || next.status !== 'active') return;
  const before = previous as MedicationRequest | undefined;
  if (before?.status === 'active' && before.requester?.reference === next.requester?.reference) return;
  const requester = next.requester?.reference;
  const ref = requester === undefined ? undefined : parseLocalReference(requester);
  if (ref?.type === 'Practitioner' && context.rolesOf(ref.id).includes(PRESCRIBER_ROLE_CODE)) return;
  throw new FhirError(
    403,
    'forbidden',
    'Only a PCM may issue an active MedicationRequest: its requester must be a Practitioner with the pcm role.',
  );
};

const NOT_RENEWABLE: Readonly<Record<string, string>> = {
  cancelled: 'was cancelled',
  'entered-in-error': 'was entered in error',
  stopped: 'was stopped',
};

/**
 * A renewal continues a prescription: `priorPrescription` must name a MedicationRequest of the same
 * patient that was really in force (not cancelled, stopped or entered in error). One not on this
 * portal is left to referencesResolve, which refuses it when the whole write is done.
 */
export const renewalContinuesAPrescription: WriteRule = ({ previous, next }, context) => {
  if (next?.resourceType !== 'MedicationRequest' || next.priorPrescription?.reference === undefined) return;
  const reference = next.priorPrescription.reference;
  if ((previous as MedicationRequest | undefined)?.priorPrescription?.reference === reference) return;
  const ref = parseLocalReference(reference);
  if (ref === undefined) return;
  if (ref.type !== 'MedicationRequest') {
    throw businessRule(`priorPrescription must name a MedicationRequest, not ${reference}.`);
  }
  const prior = context.live(ref.type, ref.id) as MedicationRequest | undefined;
  if (prior === undefined) return;
  const name = `MedicationRequest/${ref.id}`;
  const patientOf = (r: MedicationRequest) => {
    const subject = r.subject.reference === undefined ? undefined : parseLocalReference(r.subject.reference);
    return subject === undefined ? r.subject.reference : `${subject.type}/${subject.id}`;
  };
  if (patientOf(prior) !== patientOf(next)) {
    throw businessRule(
      `${name} is for ${patientOf(prior) ?? 'no patient'}, not ${patientOf(next) ?? 'no patient'}: it cannot be renewed for another patient.`,
    );
  }
  const why = NOT_RENEWABLE[prior.status];
  if (why !== undefined) throw businessRule(`${name} ${why}: it cannot be renewed.`);
};

/**
 * A result the patient has seen cannot be taken back: once a report (or one of its observations)
 * is without the NOPAT label, the label may not be put back on.
 */
export const releasedResultStaysReleased: WriteRule = ({ previous, next }) => {
  if (previous === undefined || next === undefined) return;
  if (next.resourceType !== 'DiagnosticReport' && next.resourceType !== 'Observation') return;
  const before = previous as DiagnosticReport | Observation;
  if (!isHeldFromPatient(before) && isHeldFromPatient(next)) {
    throw businessRule(
      `${next.resourceType}/${next.id ?? ''} is already released to the patient and cannot be held again.`,
    );
  }
};

const CLOSED_TASK_STATUSES = new Set(['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error']);

/**
 * R4's Task state machine ends at completed, cancelled, rejected and failed: such a Task may still
 * be amended, or marked entered-in-error, but not reopened (a new Task is the way to reopen work).
 */
export const closedTaskStaysClosed: WriteRule = ({ previous, next }) => {
  if (previous?.resourceType !== 'Task' || next?.resourceType !== 'Task') return;
  const before = previous.status;
  if (!CLOSED_TASK_STATUSES.has(before) || next.status === before || next.status === 'entered-in-error') return;
  throw businessRule(`Task/${next.id ?? ''} is ${before} and cannot move to ${next.status}.`);
};

/** docs/portal.md, Mapping: a rejected Task carries its statusReason, and so does a held one. */
export const taskRejectionOrHoldNeedsReason: WriteRule = ({ previous, next }) => {
  if (next?.resourceType !== 'Task') return;
  if (next.status !== 'rejected' && next.status !== 'on-hold') return;
  if ((previous as Task | undefined)?.status === next.status) return;
  if (next.statusReason === undefined) {
    throw businessRule(`A Task moving to ${next.status} needs a statusReason.`);
  }
};

const OWNER_TYPES = new Set(['CareTeam', 'Practitioner', 'PractitionerRole']);

/** An item sits in a pool (CareTeam) or with a staff member; R4 forbids Group owners anyway. */
export const taskOwnerIsPoolOrStaff: WriteRule = ({ next }) => {
  if (next?.resourceType !== 'Task' || next.owner?.reference === undefined) return;
  const owner = parseLocalReference(next.owner.reference);
  if (owner === undefined || !OWNER_TYPES.has(owner.type)) {
    throw businessRule(
      `Task.owner must name a CareTeam, Practitioner or PractitionerRole, not ${next.owner.reference}.`,
    );
  }
};

/**
 * Every literal reference to a type this portal holds must name a live resource. Run once per
 * write scope, after all of its writes, so a transaction may reference what it creates later.
 */
export const referencesResolve: WriteRule = ({ next }, context) => {
  // An AuditEvent records the past: the item it names may have been removed since, and refusing
  // the record would stop every audit record after it from reaching the portal.
  if (next === undefined || next.resourceType === 'AuditEvent') return;
  forEachReference(next, ({ reference }) => {
    const ref = parseLocalReference(reference);
    if (ref === undefined || !isSupportedType(ref.type)) return;
    if (context.live(ref.type, ref.id) === undefined) {
      throw new FhirError(
        422,
        'processing',
        `${next.resourceType}${next.id === undefined ? '' : `/${next.id}`} references ${reference}, which does not exist.`,
      );
    }
  });
};

/**
 * An AuditEvent is a record of what happened: once written it is neither changed nor removed. The
 * same content written again (a client resending after a lost answer) is accepted, so a resend
 * cannot fail; different content under an existing id is a conflict.
 */
export const auditEventIsWriteOnce: WriteRule = ({ previous, next }) => {
  if (previous?.resourceType !== 'AuditEvent') return;
  const content = ({ meta: _meta, ...rest }: Resource) => rest;
  if (next !== undefined && isDeepStrictEqual(content(previous), content(next))) return;
  throw new FhirError(
    409,
    'conflict',
    next === undefined
      ? `AuditEvent/${previous.id ?? ''} is an audit record and cannot be deleted.`
      : `AuditEvent/${previous.id ?? ''} already holds a different audit record: audit records cannot be changed.`,
  );
};

/**
 * Checked at each write, in order: who may make it (403) before whether it makes sense (422), so
 * a refusal tells a person that the write is not theirs before it argues about the content.
 */
export const WRITE_RULES: readonly WriteRule[] = [
  rosterIsReadOnlyToStaff,
  prescriptionsByPrescribers,
  resultLabelsByProviders,
  decisionsByPrescribers,
  staffWriteInTheirOwnName,
  sentMessagesStayTheSenders,
  auditEventsAsOneself,
  activeMedicationRequestNeedsPcm,
  renewalContinuesAPrescription,
  releasedResultStaysReleased,
  closedTaskStaysClosed,
  taskRejectionOrHoldNeedsReason,
  taskOwnerIsPoolOrStaff,
  auditEventIsWriteOnce,
];

/** Checked when the write scope (a single write or a whole transaction) is about to commit. */
export const DEFERRED_RULES: readonly WriteRule[] = [referencesResolve];
