import type { Patient } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { addressName, naturalOrder } from '../../shared/quick-texts';
import type { GreetingStyle } from '../../shared/quick-texts';
import type { DB, MedicationRequestRow } from '../db/schema';
import type {
  BeneficiaryCategory,
  MedicationSummary,
  PatientContext,
  ResultSummary,
  VisitSummary,
} from '../../shared/work-item';

const RECENT_RESULTS = 5;
/** Condition.clinicalStatus codes that mean the problem is current. */
const ACTIVE_PROBLEM = ['active', 'recurrence', 'relapse'];
/** Visits that did not happen are not the "last visit". */
const NOT_HELD = ['cancelled', 'noshow', 'entered-in-error'];

export const toMedication = (m: MedicationRequestRow): MedicationSummary => ({
  id: m.id,
  medication: m.medication,
  dosage: m.dosage,
  status: m.status,
  refillsAllowed: m.refills_allowed,
  validUntil: m.valid_until,
});

export async function medicationById(db: Kysely<DB>, id: string): Promise<MedicationSummary | null> {
  const row = await db.selectFrom('medication_request').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toMedication(row);
}

export async function resultById(db: Kysely<DB>, id: string): Promise<ResultSummary | null> {
  const report = await db.selectFrom('diagnostic_report').selectAll().where('id', '=', id).executeTakeFirst();
  if (report === undefined) return null;
  const observations = await db
    .selectFrom('report_result')
    .innerJoin('observation', 'observation.id', 'report_result.observation_id')
    .select(['observation.name', 'observation.value_text', 'observation.flag'])
    .where('report_result.report_id', '=', id)
    .orderBy('report_result.position')
    .execute();
  return {
    id: report.id,
    name: report.name,
    issuedAt: report.issued_at,
    held: report.held === 1,
    observations: observations.map((o) => ({ name: o.name, value: o.value_text ?? '', flag: o.flag })),
  };
}

type VisitRow = { id: string; resource_type: 'Encounter' | 'Appointment'; start_at: number | null } & {
  description: string | null;
  clinician: string | null;
};

const toVisit = (v: VisitRow | undefined): VisitSummary | null =>
  v === undefined
    ? null
    : { id: v.id, kind: v.resource_type, startAt: v.start_at, description: v.description, clinician: v.clinician };

/** What a nurse wants beside the message without leaving the inbox: the chart's essentials. */
export async function patientContext(db: Kysely<DB>, patientId: string, now: number): Promise<PatientContext | null> {
  const patient = await db.selectFrom('patient').selectAll().where('id', '=', patientId).executeTakeFirst();
  if (patient === undefined) return null;
  const [meds, allergies, problems, reports, lastVisit, nextVisit] = await Promise.all([
    db
      .selectFrom('medication_request')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('status', '=', 'active')
      .orderBy('medication')
      .execute(),
    db
      .selectFrom('allergy')
      .select(['id', 'substance', 'criticality', 'reaction'])
      .where('patient_id', '=', patientId)
      .where((eb) => eb.or([eb('clinical_status', 'is', null), eb('clinical_status', '=', 'active')]))
      .orderBy('substance')
      .execute(),
    db
      .selectFrom('problem')
      .select(['id', 'name', 'onset'])
      .where('patient_id', '=', patientId)
      .where('clinical_status', 'in', ACTIVE_PROBLEM)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('diagnostic_report')
      .select('id')
      .where('patient_id', '=', patientId)
      .orderBy('issued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(RECENT_RESULTS)
      .execute(),
    db
      .selectFrom('visit')
      .select(['id', 'resource_type', 'start_at', 'description', 'clinician'])
      .where('patient_id', '=', patientId)
      .where('start_at', '<=', now)
      .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'not in', NOT_HELD)]))
      .orderBy('start_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('visit')
      .select(['id', 'resource_type', 'start_at', 'description', 'clinician'])
      .where('patient_id', '=', patientId)
      .where('resource_type', '=', 'Appointment')
      .where('status', '=', 'booked')
      .where('start_at', '>', now)
      .orderBy('start_at')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const recentResults = await Promise.all(reports.map((r) => resultById(db, r.id)));
  return {
    id: patient.id,
    name: patient.display_name,
    birthDate: patient.birth_date,
    gender: patient.gender,
    beneficiaryCategory: patient.beneficiary_category as BeneficiaryCategory | null,
    region: patient.region,
    activeMedications: meds.map(toMedication),
    allergies,
    problems,
    recentResults: recentResults.filter((r): r is ResultSummary => r !== null),
    lastVisit: toVisit(lastVisit),
    nextVisit: toVisit(nextVisit),
  };
}

/**
 * The patient's name as a quick text's greeting uses it (`{patientName}`), in the clinic's style:
 * from the Patient resource the cache keeps as the portal sent it (its official name's parts and
 * gender), else the Task's display in natural order ("Baker, Andre" → "Andre Baker").
 */
export async function greetingName(
  db: Kysely<DB>,
  patientId: string | null,
  display: string | null,
  style: GreetingStyle,
): Promise<string | null> {
  const stored =
    patientId === null
      ? undefined
      : await db
          .selectFrom('fhir_resource')
          .select('json')
          .where('resource_type', '=', 'Patient')
          .where('id', '=', patientId)
          .executeTakeFirst();
  const patient = stored === undefined ? null : (JSON.parse(stored.json) as Patient);
  const name = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
  const addressed =
    name === undefined
      ? null
      : addressName(
          {
            given: name.given ?? [],
            family: name.family ?? null,
            prefix: name.prefix ?? [],
            text: name.text ?? null,
            gender: patient?.gender ?? null,
          },
          style,
        );
  if (addressed !== null) return addressed;
  return display === null || display.trim() === '' ? null : naturalOrder(display);
}
