import type { Encounter, MedicationRequest } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { RXNORM } from '../../domain/fhir/codes';
import type { RenewalInput } from '../../domain/renewals/evaluate';
import { classifyMedication } from '../../domain/renewals/medication-classes';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import type { DB } from '../db/schema';
import type { PriorPrescription } from '../../shared/renewals';
import { PRESCRIBER_ROLE } from './prescribers';

/** Visits that did not happen are not "seen". */
const NOT_HELD = ['planned', 'cancelled', 'entered-in-error', 'unknown'];
/** Enough of a patient's recent encounters to find the last one with a PCM. */
const VISITS_LOOKED_AT = 40;
/** Enough results of the class's tests for "the latest decides". */
const RESULTS_LOOKED_AT = 30;

export interface RenewalFacts {
  prior: PriorPrescription;
  /** What the protocol judges (the pure domain's input). */
  input: RenewalInput;
  resource: MedicationRequest;
}

const MAIL_ORDER = /express scripts|home delivery|mail[- ]order/i;

const epoch = (iso: string | undefined): number | null => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * Everything the readiness card needs about one renewal request, read from the cache: the prior
 * prescription, its last fill, the patient's last visit with a PCM, the results of the tests the
 * drug's class is monitored by, and the allergy list. Null when the prescription is not cached.
 */
export async function loadRenewalFacts(
  db: Kysely<DB>,
  medicationRequestId: string,
  protocol: RenewalProtocol,
): Promise<RenewalFacts | null> {
  const stored = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'MedicationRequest')
    .where('id', '=', medicationRequestId)
    .executeTakeFirst();
  if (stored === undefined) return null;
  const resource = JSON.parse(stored.json) as MedicationRequest;
  const concept = resource.medicationCodeableConcept;
  const name = concept?.text ?? concept?.coding?.[0]?.display ?? 'Unnamed medication';
  const rxnorm = concept?.coding?.find((c) => c.system === RXNORM)?.code;
  const patientId = /^Patient\/(.+)$/.exec(resource.subject.reference ?? '')?.[1] ?? null;
  const identity = { name, ...(rxnorm === undefined ? {} : { rxnorm }) };
  const loinc = [...new Set(protocol.classes[classifyMedication(identity)].labs.flatMap((l) => l.loinc))];

  const [lastFill, requester, observations, lastVisit, allergies] = await Promise.all([
    db
      .selectFrom('medication_dispense')
      .select((eb) => eb.fn.max('handed_over_at').as('at'))
      .where('prescription_id', '=', medicationRequestId)
      .executeTakeFirst(),
    requesterName(db, resource),
    patientId === null || loinc.length === 0
      ? []
      : db
          .selectFrom('observation')
          .select(['code', 'name', 'value_text', 'effective_at'])
          .where('patient_id', '=', patientId)
          .where('code', 'in', loinc)
          .where('effective_at', 'is not', null)
          .orderBy('effective_at', 'desc')
          .limit(RESULTS_LOOKED_AT)
          .execute(),
    patientId === null ? null : lastVisitWithPcm(db, patientId),
    patientId === null
      ? []
      : db
          .selectFrom('allergy')
          .select('substance')
          .where('patient_id', '=', patientId)
          .where((eb) => eb.or([eb('clinical_status', 'is', null), eb('clinical_status', '=', 'active')]))
          .execute(),
  ]);

  const dispense = resource.dispenseRequest;
  const validUntil = epoch(dispense?.validityPeriod?.end);
  const pharmacy = dispense?.performer?.display ?? null;
  const lastFilledAt = lastFill?.at ?? null;
  const prior: PriorPrescription = {
    id: medicationRequestId,
    medication: name,
    rxnorm: rxnorm ?? null,
    dosage:
      resource.dosageInstruction
        ?.map((d) => d.text)
        .filter((t) => t !== undefined)
        .join('; ') || null,
    quantity:
      dispense?.quantity?.value === undefined
        ? null
        : { value: dispense.quantity.value, unit: dispense.quantity.unit ?? dispense.quantity.code ?? 'units' },
    supplyDays: dispense?.expectedSupplyDuration?.value ?? null,
    refillsLeft: dispense?.numberOfRepeatsAllowed ?? null,
    validUntil,
    writtenAt: epoch(resource.authoredOn),
    lastFilledAt,
    prescriber: requester,
    pharmacy,
    mailOrder: pharmacy !== null && MAIL_ORDER.test(pharmacy),
    status: resource.status,
  };
  const input: RenewalInput = {
    medication: {
      name,
      ...(rxnorm === undefined ? {} : { rxnorm }),
      // No count means no refills known: a renewal, which is the safe reading for the PCM's queue.
      refillsLeft: prior.refillsLeft ?? 0,
      // No validity end: treat as expired at once (a renewal), never as a refill to wave through.
      validUntil: validUntil ?? 0,
      ...(lastFilledAt === null ? {} : { lastFilled: lastFilledAt }),
    },
    lastVisit,
    observations: observations.map((o) => ({
      loinc: o.code ?? '',
      name: o.name,
      value: o.value_text ?? '',
      at: o.effective_at ?? 0,
    })),
    allergies,
  };
  return { prior, input, resource };
}

async function requesterName(db: Kysely<DB>, resource: MedicationRequest): Promise<string | null> {
  if (resource.requester?.display !== undefined) return resource.requester.display;
  const id = /^Practitioner\/(.+)$/.exec(resource.requester?.reference ?? '')?.[1];
  if (id === undefined) return null;
  const row = await db.selectFrom('practitioner').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? null;
}

/**
 * The patient's latest encounter that took place with a PCM (a primary performer or any
 * participant holding the pcm role): "seen by the PCM" is about the prescriber's own follow-up,
 * not a visit to the lab or the pharmacy.
 */
async function lastVisitWithPcm(db: Kysely<DB>, patientId: string): Promise<RenewalInput['lastVisit']> {
  const [visits, pcms] = await Promise.all([
    db
      .selectFrom('visit')
      .innerJoin('fhir_resource', 'fhir_resource.rid', 'visit.rid')
      .select(['visit.start_at', 'fhir_resource.json'])
      .where('visit.patient_id', '=', patientId)
      .where('visit.resource_type', '=', 'Encounter')
      .where('visit.start_at', 'is not', null)
      .where((eb) => eb.or([eb('visit.status', 'is', null), eb('visit.status', 'not in', NOT_HELD)]))
      .orderBy('visit.start_at', 'desc')
      .limit(VISITS_LOOKED_AT)
      .execute(),
    db.selectFrom('practitioner_role').select('practitioner_id').where('role', '=', PRESCRIBER_ROLE).execute(),
  ]);
  const isPcm = new Set(pcms.map((p) => `Practitioner/${p.practitioner_id ?? ''}`));
  for (const visit of visits) {
    const encounter = JSON.parse(visit.json) as Encounter;
    const pcm = encounter.participant?.find((p) => isPcm.has(p.individual?.reference ?? ''));
    if (pcm !== undefined && visit.start_at !== null) {
      return { at: visit.start_at, ...(pcm.individual?.display === undefined ? {} : { with: pcm.individual.display }) };
    }
  }
  return null;
}
