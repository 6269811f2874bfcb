import { isDeepStrictEqual } from 'node:util';
import type { Coding, Resource } from '@medplum/fhirtypes';
import { PRESCRIBER_ROLE_CODE } from '../../domain/fhir/codes';
import type { WriteRule } from '../rules';
import { forbidden, holdsRole, nameOf } from './staff-identity';

/*
 * Writes that belong to a role on the roster, judged for the acting staff member (the access
 * token's Practitioner, or X-Practitioner without sign-in). A write naming nobody is the portal's
 * own (its seed, live mode, code calling the store) and is not bound by these; with sign-in
 * required every request names someone, so they bind every client.
 */

const ROSTER = new Set(['Practitioner', 'PractitionerRole', 'CareTeam', 'Organization']);

/**
 * The roster is the portal administrators': staff read it, and their roles and pools come from it,
 * so one who could write it could make herself a PCM (a PractitionerRole coded pcm) or a pool's lead.
 */
export const rosterIsReadOnlyToStaff: WriteRule = ({ previous, next, actor }) => {
  const resource = next ?? previous;
  if (actor === undefined || resource === undefined || !ROSTER.has(resource.resourceType)) return;
  throw forbidden(
    `${nameOf(resource)} is part of the clinic roster (Practitioner, PractitionerRole, CareTeam, Organization), which only the portal's administrators change: ${actor} may read it, not write it.`,
  );
};

/**
 * A prescription is a prescriber's order: creating one, changing it in any way (drug, dose,
 * refills, status) and retracting it are the PCM's, whoever signed it first. Not only activation:
 * a nurse once changed an active order's drug to "Oxycodone 30 mg, 11 refills" under the PCM's name.
 */
export const prescriptionsByPrescribers: WriteRule = ({ previous, next, actor }, context) => {
  const resource = next ?? previous;
  if (actor === undefined || resource?.resourceType !== 'MedicationRequest') return;
  if (holdsRole(actor, PRESCRIBER_ROLE_CODE, context)) return;
  const verb = previous === undefined ? 'create' : next === undefined ? 'delete' : 'change';
  throw forbidden(
    `Only a prescriber (PCM) may ${verb} a MedicationRequest: ${actor} is not one, so ${nameOf(resource)} stays as it was.`,
  );
};

const RESULT_TYPES = new Set(['DiagnosticReport', 'Observation']);

/** A result's security labels as a set: order and repeats say nothing. */
function labelsOf(resource: Resource | undefined): string[] {
  const labels: Coding[] = resource?.meta?.security ?? [];
  return [...new Set(labels.map((label) => `${label.system ?? ''}|${label.code ?? ''}`))].sort();
}

/**
 * Whether the patient sees a result is the provider's decision, and a result's content and
 * security labels carry it: taking the hold label (NOPAT) off releases it, and a result created
 * without one is released at once (the patient's "New Result" notice follows). Staff desks only
 * ever change labels; so any staff write to a DiagnosticReport or Observation (create, change,
 * delete) is a provider's (PCM's). Otherwise a nurse could publish a held result by posting an
 * unlabelled copy of it.
 */
export const resultLabelsByProviders: WriteRule = ({ previous, next, actor }, context) => {
  const resource = next ?? previous;
  if (actor === undefined || resource === undefined || !RESULT_TYPES.has(resource.resourceType)) return;
  if (holdsRole(actor, PRESCRIBER_ROLE_CODE, context)) return;
  const labelsChanged = !isDeepStrictEqual(labelsOf(previous), labelsOf(next));
  throw forbidden(
    labelsChanged || previous === undefined
      ? `Only a provider (PCM) may release a result to the patient or hold it: ${actor} may not change the security labels of ${nameOf(resource)}.`
      : `Only a provider (PCM) may change or remove a result: ${actor} may not write ${nameOf(resource)}.`,
  );
};
