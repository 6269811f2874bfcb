import type { MedicationDispense } from '@medplum/fhirtypes';
import { HOUR, iso, MINUTE } from './clinic-clock';
import type { MedModel, PatientModel } from './model';
import { idSeed, seededRandom } from './random';
import { frozen, ref } from './sink';
import type { Sink } from './sink';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
// Shared by every dispense of its kind (see frozen() for why).
const FIRST_FILL = frozen({ coding: [{ system: ACT_CODE, code: 'FF', display: 'First Fill' }] });
const REFILL = frozen({ coding: [{ system: ACT_CODE, code: 'RF', display: 'Refill' }] });

/**
 * When the latest fill of a prescription was handed over, or null when it has not been filled yet.
 * Fills come every `fillPace` after a pickup delay (days for mail order), one per refill used, and
 * stop at the prescription's expiry and at the renewal that replaced it.
 */
function lastFill(med: MedModel, seed: number, now: number): { at: number; fill: number } | null {
  const rnd = seededRandom(idSeed(seed, `fill-${med.id}`));
  const delay = med.viaMailOrder ? rnd.int(3 * 24, 7 * 24) * HOUR : rnd.int(2, 48) * HOUR;
  const replaced = med.resource.status === 'completed' && med.template.acute !== true;
  const until = Math.min(now, med.validUntil, replaced ? Date.parse(med.resource.meta?.lastUpdated ?? '') : now);
  const first = med.writtenAt + delay;
  if (!(first <= until)) return null;
  const fill = Math.max(
    0,
    Math.min(med.refillsAuthorised - med.refillsLeft, Math.floor((until - first) / med.fillPace)),
  );
  return { at: first + Math.floor((fill * med.fillPace) / MINUTE) * MINUTE, fill };
}

/**
 * The pharmacy's record of each prescription's latest fill, which a renewal checks (is the patient
 * taking it?). Added after the rest of the clinic, from streams seeded by the prescription's id,
 * so the other resources come out exactly as before.
 */
export function addLastFills(
  sink: Sink,
  prescriptions: readonly { patient: PatientModel; med: MedModel }[],
  seed: number,
  now: number,
): void {
  for (const { patient, med } of prescriptions) {
    const last = lastFill(med, seed, now);
    if (last === null) continue;
    const order = med.resource;
    const dispense: MedicationDispense = {
      resourceType: 'MedicationDispense',
      id: `fill-${med.id}`,
      status: 'completed',
      type: last.fill === 0 ? FIRST_FILL : REFILL,
      medicationCodeableConcept: order.medicationCodeableConcept,
      subject: patient.ref,
      authorizingPrescription: [ref('MedicationRequest', med.id)],
      whenHandedOver: iso(last.at),
    };
    const supply = order.dispenseRequest;
    if (supply?.quantity !== undefined) dispense.quantity = supply.quantity;
    if (supply?.expectedSupplyDuration !== undefined) dispense.daysSupply = supply.expectedSupplyDuration;
    if (supply?.performer !== undefined) dispense.performer = [{ actor: supply.performer }];
    sink.add(dispense, last.at);
  }
}
