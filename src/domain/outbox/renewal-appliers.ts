import type { MedicationRequest, Task } from '@medplum/fhirtypes';
import { BUSINESS_STATUS_SYSTEM, MEDICATION_REQUEST_CATEGORY, PENDED_RENEWAL_EXT, RXNORM, UCUM } from '../fhir/codes';
import type { PrescriptionTerms } from '../../shared/staff-actions';
import { ActionNotApplicableError } from './not-applicable';
import type { Applier } from './apply-action';
import { clientKey, createUrn } from './client-keys';
import { addNote, addPatientReply, complete, keepPool } from './task-edits';

const DAY_MS = 86_400_000;

type RenewalKind = 'renew' | 'deny' | 'pend' | 'redirect-refill';

function businessStatus(task: Task, code: string, text: string): void {
  task.businessStatus = { coding: [{ system: BUSINESS_STATUS_SYSTEM, code, display: text }], text };
}

function priorPrescription(task: Task): string {
  const focus = task.focus?.reference;
  if (focus?.startsWith('MedicationRequest/') !== true) {
    throw new ActionNotApplicableError('the item is not about a prescription');
  }
  return focus;
}

/** "90 tablet, 3 refills, valid 365 days: Take 1 tablet by mouth daily." */
export function describeTerms(terms: PrescriptionTerms): string {
  const refills = terms.repeats === 1 ? '1 refill' : `${terms.repeats} refills`;
  return `${terms.quantity} ${terms.unit}, ${refills}, valid ${terms.validityDays} days: ${terms.dosage}`;
}

/** The renewal decisions. Approve and deny close the Task; pend hands it, prepared, to a PCM. */
export const RENEWAL_APPLIERS: { [K in RenewalKind]: Applier<K> } = {
  renew: (task, { terms, changed, note, prescription }, action, creates) => {
    const prior = priorPrescription(task);
    if (prescription === undefined) throw new ActionNotApplicableError("the prescription's drug is not known");
    const patient = task.for?.reference;
    if (patient === undefined) throw new ActionNotApplicableError('the item names no patient');
    const fullUrl = createUrn(action.uuid, creates.length);
    const { medication, pharmacy, supplyDays } = prescription;
    const renewed: MedicationRequest = {
      resourceType: 'MedicationRequest',
      identifier: [clientKey(action.uuid)],
      status: 'active',
      intent: 'order',
      category: [{ coding: [{ system: MEDICATION_REQUEST_CATEGORY, code: 'outpatient', display: 'Outpatient' }] }],
      medicationCodeableConcept: {
        ...(medication.rxnorm === undefined
          ? {}
          : { coding: [{ system: RXNORM, code: medication.rxnorm, display: medication.text }] }),
        text: medication.text,
      },
      subject: { reference: patient },
      authoredOn: action.at,
      requester: { reference: action.actor },
      priorPrescription: { reference: prior },
      dosageInstruction: [{ text: terms.dosage }],
      dispenseRequest: {
        validityPeriod: {
          start: action.at,
          end: new Date(Date.parse(action.at) + terms.validityDays * DAY_MS).toISOString(),
        },
        numberOfRepeatsAllowed: terms.repeats,
        quantity: { value: terms.quantity, unit: terms.unit },
        ...(supplyDays === undefined
          ? {}
          : { expectedSupplyDuration: { value: supplyDays, unit: 'days', system: UCUM, code: 'd' } }),
        performer: pharmacy,
      },
      ...(note === undefined
        ? {}
        : { note: [{ authorReference: { reference: action.actor }, time: action.at, text: note }] }),
    };
    creates.push({ fullUrl, resource: renewed });
    task.output = [
      ...(task.output ?? []),
      { type: { text: 'Renewed prescription' }, valueReference: { reference: fullUrl } },
    ];
    businessStatus(task, changed ? 'renewed-with-changes' : 'renewed', changed ? 'Renewed with changes' : 'Renewed');
    addNote(task, action, `${changed ? 'Renewed with changes' : 'Renewed'}: ${describeTerms(terms)}`);
    complete(task, action);
  },
  deny: (task, { reason, reply }, action, creates) => {
    addPatientReply(task, action, creates, reply);
    task.status = 'rejected';
    task.statusReason = { text: reason };
    task.executionPeriod = { ...task.executionPeriod, end: action.at };
    businessStatus(task, 'denied', 'Renewal denied');
  },
  pend: (task, { terms, note, to }, action) => {
    task.extension = [
      ...(task.extension ?? []).filter((e) => e.url !== PENDED_RENEWAL_EXT),
      {
        url: PENDED_RENEWAL_EXT,
        extension: [
          { url: 'by', valueReference: { reference: action.actor } },
          { url: 'at', valueDateTime: action.at },
          { url: 'note', valueString: note },
          { url: 'terms', valueString: JSON.stringify(terms) },
        ],
      },
    ];
    if (to !== undefined) {
      keepPool(task);
      task.owner = { reference: to };
      if (task.status === 'requested') task.status = 'accepted';
    }
    businessStatus(task, 'pended', 'Pended for PCM');
    // Staff on the portal read Task.note, not this project's extensions.
    addNote(task, action, `Pended for PCM (${describeTerms(terms)}): ${note}`);
  },
  'redirect-refill': (task, { text }, action, creates) => {
    addPatientReply(task, action, creates, text);
    businessStatus(task, 'refill-redirected', 'Refill: pointed to the pharmacy');
    complete(task, action);
  },
};

export interface PendedRenewal {
  by: string | undefined;
  at: string | undefined;
  note: string | undefined;
  /** The proposed terms as the nurse wrote them; undefined if unreadable. */
  terms: unknown;
}

/** The renewal a nurse prepared on this Task (PENDED_RENEWAL_EXT), if any. */
export function pendedRenewal(task: Task): PendedRenewal | undefined {
  const ext = task.extension?.find((e) => e.url === PENDED_RENEWAL_EXT);
  if (ext === undefined) return undefined;
  const part = (url: string) => ext.extension?.find((e) => e.url === url);
  let terms: unknown;
  try {
    terms = JSON.parse(part('terms')?.valueString ?? 'null');
  } catch {
    terms = undefined;
  }
  return {
    by: part('by')?.valueReference?.reference,
    at: part('at')?.valueDateTime,
    note: part('note')?.valueString,
    terms,
  };
}
