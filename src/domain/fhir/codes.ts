/**
 * The code systems and extensions this project defines on top of FHIR R4 (see
 * shared/docs/portal-api.md). One place, so the simulator, the sync and the cache agree on spelling.
 */
const BASE = 'http://triage-desk.local/fhir';

export const WORK_TYPE_SYSTEM = `${BASE}/CodeSystem/work-type`;
export const STAFF_ROLE_SYSTEM = `${BASE}/CodeSystem/staff-role`;
export const BENEFICIARY_CATEGORY_EXT = `${BASE}/StructureDefinition/beneficiary-category`;
export const TRICARE_REGION_EXT = `${BASE}/StructureDefinition/tricare-region`;
/** The pool a claimed Task belongs to: R4 Task.owner then names the person, so the pool goes here. */
export const TASK_POOL_EXT = `${BASE}/StructureDefinition/task-pool`;
export const CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';
/** v3-ActCode "no patient access": on a DiagnosticReport while the provider holds it. */
export const SECURITY_LABEL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const NO_PATIENT_ACCESS = 'NOPAT';
export const LOINC = 'http://loinc.org';
