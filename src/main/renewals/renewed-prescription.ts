import type { MedicationRequest, PractitionerRole, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { RXNORM } from '../../domain/fhir/codes';
import type { DB } from '../db/schema';
import type { RenewedPrescription } from '../../shared/staff-actions';

/** A renewal the desk cannot write, in words the PCM can act on. */
export class RenewalNotPossibleError extends Error {
  override name = 'RenewalNotPossibleError';
}

/**
 * The drug and the pharmacy of a renewal: the drug from the prescription the Task focuses on, the
 * pharmacy the clinic's own (docs/portal.md, Mapping: a renewal is sent to the clinic pharmacy, even when
 * the old one was filled by mail order). Read in the recording transaction, from the cache.
 */
export async function renewedPrescriptionFor(db: Kysely<DB>, task: Task): Promise<RenewedPrescription> {
  const id = /^MedicationRequest\/(.+)$/.exec(task.focus?.reference ?? '')?.[1];
  if (id === undefined) throw new RenewalNotPossibleError('This item is not about a prescription.');
  const stored = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'MedicationRequest')
    .where('id', '=', id)
    .executeTakeFirst();
  if (stored === undefined) {
    throw new RenewalNotPossibleError('The prescription to renew is not in the local cache yet: sync, then try again.');
  }
  const prior = JSON.parse(stored.json) as MedicationRequest;
  const concept = prior.medicationCodeableConcept;
  const text = concept?.text ?? concept?.coding?.[0]?.display;
  if (text === undefined) throw new RenewalNotPossibleError('The prescription names no medication to renew.');
  const rxnorm = concept?.coding?.find((c) => c.system === RXNORM)?.code;
  const pharmacy = await clinicPharmacy(db);
  if (pharmacy === null) {
    throw new RenewalNotPossibleError(
      'No clinic pharmacy is on the roster (no pharmacist with an organization), so the renewal has nowhere to go.',
    );
  }
  const supplyDays = prior.dispenseRequest?.expectedSupplyDuration?.value;
  return {
    medication: { text, ...(rxnorm === undefined ? {} : { rxnorm }) },
    pharmacy,
    ...(supplyDays === undefined ? {} : { supplyDays }),
  };
}

/** The organization the clinic's pharmacists work for, as the roster (PractitionerRole) names it. */
async function clinicPharmacy(db: Kysely<DB>): Promise<RenewedPrescription['pharmacy'] | null> {
  const roles = await db
    .selectFrom('practitioner_role')
    .innerJoin('fhir_resource', 'fhir_resource.rid', 'practitioner_role.rid')
    .select('fhir_resource.json')
    .where('practitioner_role.role', '=', 'pharmacist')
    .orderBy('practitioner_role.id')
    .execute();
  for (const row of roles) {
    const organization = (JSON.parse(row.json) as PractitionerRole).organization;
    if (organization?.reference?.startsWith('Organization/') === true) {
      return {
        reference: organization.reference,
        ...(organization.display === undefined ? {} : { display: organization.display }),
      };
    }
  }
  return null;
}
