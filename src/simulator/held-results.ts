import type { Resource } from '@medplum/fhirtypes';
import { NO_PATIENT_ACCESS, SECURITY_LABEL_SYSTEM } from '../domain/fhir/codes';

/** A result (DiagnosticReport or Observation) the provider holds from the patient: labelled NOPAT. */
export function isHeldFromPatient(resource: Resource): boolean {
  return (resource.meta?.security ?? []).some(
    (s) => s.system === SECURITY_LABEL_SYSTEM && s.code === NO_PATIENT_ACCESS,
  );
}
