import type { MedicationRequest, Organization } from '@medplum/fhirtypes';
import { MEDICATION_REQUEST_CATEGORY, RX_NUMBER_SYSTEM, RXNORM, UCUM } from '../domain/fhir/codes';
import { ACUTE_REASONS } from './conditions';
import { DAY, iso } from './clinic-clock';
import type { MedicationTemplate } from './formulary';
import type { ConditionModel, MedModel, PatientModel } from './model';
import type { Random } from './random';
import { frozen, ref, sharedBy } from './sink';
import type { Sink } from './sink';
import { EXPRESS_SCRIPTS_ID, PHARMACY_ID } from './staff';
import type { StaffMember } from './staff';

const YEAR_OF_VALIDITY = 365 * DAY;

// Shared by every prescription of a drug (see frozen() for why).
const OUTPATIENT = frozen([
  { coding: [{ system: MEDICATION_REQUEST_CATEGORY, code: 'outpatient', display: 'Outpatient' }] },
]);
const MAIL_ORDER = frozen(ref<Organization>('Organization', EXPRESS_SCRIPTS_ID, 'Express Scripts'));
const CLINIC_PHARMACY = frozen(ref<Organization>('Organization', PHARMACY_ID, 'Harbor Point Clinic Pharmacy'));
const DRUG = sharedBy((t: MedicationTemplate) => ({
  concept:
    t.rxnorm === undefined
      ? { text: t.name }
      : { coding: [{ system: RXNORM, code: t.rxnorm, display: t.name }], text: t.name },
  dosage: [{ text: t.dosage }],
  quantity: { value: t.quantity, unit: t.unit },
  supply: { value: t.supplyDays, unit: 'days', system: UCUM, code: 'd' },
}));

/**
 * A prescription as the portal reports it. `numberOfRepeatsAllowed` carries the refills still
 * remaining, so a prescription written long enough ago has used its refills, and one older than its
 * validity has expired: the two reasons a patient needs a renewal rather than a refill. Fills come
 * every `fillPace` from `writtenAt`; the latest is published as a MedicationDispense (dispenses.ts).
 */
export function prescribe(
  rnd: Random,
  sink: Sink,
  spec: {
    id: string;
    patient: PatientModel;
    template: MedicationTemplate;
    writtenAt: number;
    now: number;
    prescriber: StaffMember;
    condition: ConditionModel | null;
    /** A renewal: full refills from `writtenAt`, pointing at the prescription it replaces. */
    renews?: MedModel;
  },
): MedModel {
  const { template: t, writtenAt, now } = spec;
  const authorised = t.controlled === true || t.acute === true ? 0 : t.supplyDays >= 84 ? 3 : 11;
  // People refill a little late, so fills stretch beyond the nominal supply.
  const pace = t.supplyDays * DAY * (1 + rnd.next() * 0.3);
  const used = spec.renews === undefined ? Math.floor((now - writtenAt) / pace) : 0;
  const refillsLeft = Math.max(0, authorised - used);
  const validUntil = writtenAt + (t.controlled === true ? 90 * DAY : t.acute === true ? 30 * DAY : YEAR_OF_VALIDITY);
  const viaMailOrder =
    spec.renews?.viaMailOrder ?? (t.controlled !== true && t.acute !== true && t.supplyDays >= 84 && rnd.chance(0.6));
  const rxNumber = String(rnd.int(1_000_000, 9_999_999));
  const reason = spec.condition;
  const resource: MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: spec.id,
    identifier: [{ system: RX_NUMBER_SYSTEM, value: rxNumber }],
    status: t.acute === true && validUntil < now ? 'completed' : 'active',
    intent: 'order',
    category: OUTPATIENT,
    medicationCodeableConcept: DRUG(t).concept,
    subject: spec.patient.ref,
    authoredOn: iso(writtenAt),
    requester: spec.prescriber.ref,
  };
  if (reason === null) resource.reasonCode = [{ text: rnd.pick(ACUTE_REASONS[t.key] ?? ['Acute illness']) }];
  else resource.reasonReference = [ref('Condition', reason.id, reason.template.text)];
  if (spec.renews !== undefined) resource.priorPrescription = ref('MedicationRequest', spec.renews.id);
  const drug = DRUG(t);
  resource.dosageInstruction = drug.dosage;
  resource.dispenseRequest = {
    validityPeriod: { start: iso(writtenAt), end: iso(validUntil) },
    numberOfRepeatsAllowed: refillsLeft,
    quantity: drug.quantity,
    expectedSupplyDuration: drug.supply,
    performer: viaMailOrder ? MAIL_ORDER : CLINIC_PHARMACY,
  };
  sink.add(resource, writtenAt);
  return {
    id: spec.id,
    template: t,
    resource,
    writtenAt,
    refillsLeft,
    validUntil,
    refillsAuthorised: authorised,
    fillPace: pace,
    prescriber: spec.prescriber,
    condition: spec.condition,
    rxNumber,
    viaMailOrder,
  };
}

/** Out of refills or past its validity: the patient needs the PCM, not the pharmacy. */
export const needsRenewal = (m: MedModel, at: number): boolean => m.refillsLeft === 0 || m.validUntil < at;

/** Refills left and still valid: the pharmacy (or Express Scripts) can fill it without the PCM. */
export const canRefill = (m: MedModel, at: number): boolean =>
  m.refillsLeft > 0 && m.validUntil > at && m.writtenAt < at && m.template.acute !== true;

/** A maintenance prescription the patient is still taking, whatever its refill state. */
export const isMaintenance = (m: MedModel): boolean => m.template.acute !== true && m.resource.status === 'active';
