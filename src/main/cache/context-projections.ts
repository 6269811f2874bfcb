import type { AllergyIntolerance, Appointment, CodeableConcept, Condition, Encounter } from '@medplum/fhirtypes';
import type { AllergyTable, ProblemTable, VisitTable } from '../db/schema';
import { parseReference, toMillis } from './fhir-read';
import type { Row } from './projections';

/** The chart beside an item: allergies, problems and visits. Pure, like projections.ts. */

const conceptText = (concept: CodeableConcept | undefined): string | null =>
  concept?.text ?? concept?.coding?.find((c) => c.display !== undefined)?.display ?? null;

const statusCode = (concept: CodeableConcept | undefined): string | null => concept?.coding?.[0]?.code ?? null;

export function allergyRow(a: AllergyIntolerance & { id: string }): Row<AllergyTable> {
  return {
    id: a.id,
    patient_id: parseReference(a.patient)?.id ?? null,
    substance: conceptText(a.code) ?? 'Unnamed substance',
    criticality: a.criticality ?? null,
    reaction: a.reaction?.[0]?.manifestation[0]?.text ?? conceptText(a.reaction?.[0]?.manifestation[0]),
    clinical_status: statusCode(a.clinicalStatus),
  };
}

export function problemRow(c: Condition & { id: string }): Row<ProblemTable> {
  return {
    id: c.id,
    patient_id: parseReference(c.subject)?.id ?? null,
    name: conceptText(c.code) ?? 'Unnamed problem',
    clinical_status: statusCode(c.clinicalStatus),
    onset: c.onsetDateTime ?? c.onsetString ?? null,
  };
}

/** A past (or current) visit. */
export function encounterVisitRow(e: Encounter & { id: string }): Row<VisitTable> {
  const subject = parseReference(e.subject);
  return {
    id: e.id,
    resource_type: 'Encounter',
    patient_id: subject?.type === 'Patient' ? subject.id : null,
    start_at: toMillis(e.period?.start),
    status: e.status,
    description: e.type?.[0]?.text ?? conceptText(e.type?.[0]),
    clinician: e.participant?.find((p) => p.individual?.display !== undefined)?.individual?.display ?? null,
  };
}

/** A booked visit: the patient and the clinician are both participants. */
export function appointmentVisitRow(a: Appointment & { id: string }): Row<VisitTable> {
  const actorOf = (type: string) => a.participant.find((p) => parseReference(p.actor)?.type === type)?.actor;
  return {
    id: a.id,
    resource_type: 'Appointment',
    patient_id: parseReference(actorOf('Patient'))?.id ?? null,
    start_at: toMillis(a.start),
    status: a.status,
    description: a.description ?? a.serviceType?.[0]?.text ?? conceptText(a.serviceType?.[0]),
    clinician: actorOf('Practitioner')?.display ?? null,
  };
}
