import { isDeepStrictEqual } from 'node:util';
import type { DiagnosticReport, MedicationRequest, Observation, Resource, Task } from '@medplum/fhirtypes';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM, WORK_TYPE_SYSTEM } from '../domain/fhir/codes';
import { FhirError } from './errors';
import { forEachReference, parseLocalReference } from './fhir-references';
import { isSupportedType } from './supported-types';

/** One write as the rules see it. Create: no `previous`; delete: no `next`. */
export interface ResourceChange {
  previous?: Resource;
  next?: Resource;
  /**
   * `Practitioner/<id>` of the staff member acting, from the `X-Practitioner` header until the
   * SMART auth issue puts the token's fhirUser here.
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

/** A Practitioner (by local reference) with an active PractitionerRole coded pcm. */
const holdsPcmRole = (reference: string | undefined, context: RuleContext): boolean => {
  const ref = reference === undefined ? undefined : parseLocalReference(reference);
  return ref?.type === 'Practitioner' && context.rolesOf(ref.id).includes('pcm');
};

/**
 * Only a PCM signs prescriptions: a MedicationRequest that becomes active (created active, turned
 * active, or given another requester while active) needs a requester who holds the pcm role, and
 * so does the acting practitioner when one is named.
 */
export const activeMedicationRequestNeedsPcm: WriteRule = ({ previous, next, actor }, context) => {
  if (next?.resourceType !== 'MedicationRequest' || next.status !== 'active') return;
  const before = previous as MedicationRequest | undefined;
  if (before?.status === 'active' && before.requester?.reference === next.requester?.reference) return;
  const isPcm = (reference: string | undefined) => holdsPcmRole(reference, context);
  if (!isPcm(next.requester?.reference)) {
    throw new FhirError(
      403,
      'forbidden',
      'Only a PCM may issue an active MedicationRequest: its requester must be a Practitioner with the pcm role.',
    );
  }
  if (actor !== undefined && !isPcm(actor)) {
    throw new FhirError(403, 'forbidden', `${actor} is not a PCM and may not issue an active MedicationRequest.`);
  }
};

const isRenewalRequest = (task: Task): boolean =>
  task.code?.coding?.some((c) => c.system === WORK_TYPE_SYSTEM && c.code === 'renewal-request') === true;

/**
 * Denying a renewal is the prescriber's decision: a renewal-request Task may move to rejected only
 * with a PCM acting. A nurse prepares ("pends") the renewal for the PCM instead.
 */
export const renewalDenialNeedsPcm: WriteRule = ({ previous, next, actor }, context) => {
  if (next?.resourceType !== 'Task' || next.status !== 'rejected' || !isRenewalRequest(next)) return;
  if ((previous as Task | undefined)?.status === 'rejected') return;
  if (!holdsPcmRole(actor, context)) {
    throw new FhirError(
      403,
      'forbidden',
      actor === undefined
        ? 'Only a PCM may deny a renewal request: name the acting PCM (X-Practitioner).'
        : `${actor} is not a PCM and may not deny a renewal request.`,
    );
  }
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

export function isHeldFromPatient(resource: Resource): boolean {
  return (resource.meta?.security ?? []).some(
    (s) => s.system === SECURITY_LABEL_SYSTEM && s.code === NO_PATIENT_ACCESS,
  );
}

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

/** portal-api.md: a rejected Task carries its statusReason, and so does a held one. */
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

/** Checked at each write, in order. */
export const WRITE_RULES: readonly WriteRule[] = [
  activeMedicationRequestNeedsPcm,
  renewalContinuesAPrescription,
  renewalDenialNeedsPcm,
  releasedResultStaysReleased,
  closedTaskStaysClosed,
  taskRejectionOrHoldNeedsReason,
  taskOwnerIsPoolOrStaff,
  auditEventIsWriteOnce,
];

/** Checked when the write scope (a single write or a whole transaction) is about to commit. */
export const DEFERRED_RULES: readonly WriteRule[] = [referencesResolve];
