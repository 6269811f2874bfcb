/**
 * The code systems and extensions this project defines on top of FHIR R4 (see
 * docs/portal.md). One place, so the simulator, the sync and the cache agree on spelling.
 */
const BASE = 'http://triage-desk.local/fhir';

export const WORK_TYPE_SYSTEM = `${BASE}/CodeSystem/work-type`;
export const STAFF_ROLE_SYSTEM = `${BASE}/CodeSystem/staff-role`;
export const BENEFICIARY_CATEGORY_EXT = `${BASE}/StructureDefinition/beneficiary-category`;
export const TRICARE_REGION_EXT = `${BASE}/StructureDefinition/tricare-region`;
/** valueCode Prime or Select. */
export const TRICARE_PLAN_EXT = `${BASE}/StructureDefinition/tricare-plan`;
/**
 * The PCM team (CareTeam) a patient is enrolled to. Patient.generalPractitioner names the PCM, but R4
 * does not allow a CareTeam there, and the team is what routes the patient's work.
 */
export const PCM_TEAM_EXT = `${BASE}/StructureDefinition/pcm-team`;
/** The pool a claimed Task belongs to: R4 Task.owner then names the person, so the pool goes here. */
export const TASK_POOL_EXT = `${BASE}/StructureDefinition/task-pool`;
/**
 * The identifier system of what a staff action creates, its value the action's bare UUID
 * (src/domain/outbox/client-keys.ts says why it is not a `urn:uuid:`).
 */
export const CLIENT_ACTION_SYSTEM = `${BASE}/NamingSystem/client-action`;
/** The form of earlier versions: system urn:ietf:rfc:3986, value `urn:uuid:<uuid>`; still read, never written. */
export const LEGACY_CLIENT_ID_SYSTEM = 'urn:ietf:rfc:3986';
/** On a Task: the client UUID of the last staff action applied to it, so a retry can tell it already landed. */
export const LAST_CLIENT_ACTION_EXT = `${BASE}/StructureDefinition/last-client-action`;
/**
 * On a Task: someone acknowledged its emergency wording. Sub-extensions `by` (valueReference to the
 * Practitioner), `at` (valueDateTime), `how` (valueCode `reply`: the 911/988 reply was sent, or
 * `call`: a call was made) and `note` (valueString: what was done).
 */
export const EMERGENCY_ACK_EXT = `${BASE}/StructureDefinition/emergency-acknowledgement`;
/**
 * On a renewal Task: a nurse prepared ("pended") the renewal for the PCM. Sub-extensions `by`
 * (valueReference), `at` (valueDateTime), `note` (valueString) and `terms` (valueString: the proposed
 * PrescriptionTerms as JSON, which the PCM's approve form starts from).
 */
export const PENDED_RENEWAL_EXT = `${BASE}/StructureDefinition/pended-renewal`;
/** Task.statusReason of a held result: the documented exception (src/domain/results/hold-reasons.ts). */
export const HOLD_REASON_SYSTEM = `${BASE}/CodeSystem/result-hold-reason`;
/** On a held result's Task: valueDate, when the hold is reviewed (the item comes back then). */
export const HOLD_REVIEW_EXT = `${BASE}/StructureDefinition/hold-review-date`;
/** Task.businessStatus codes this project sets (finer than Task.status, as docs/portal.md allows). */
export const BUSINESS_STATUS_SYSTEM = `${BASE}/CodeSystem/business-status`;
/** On CareTeam.participant.role: this member leads the pool (overdue items escalate to them). */
export const POOL_LEAD_CODE = 'pool-lead';
/** PractitionerRole.code in STAFF_ROLE_SYSTEM of a prescriber: signs prescriptions, decides renewals, releases results. */
export const PRESCRIBER_ROLE_CODE = 'pcm';
/**
 * PractitionerRole.code in STAFF_ROLE_SYSTEM of someone who reviews the audit trail: the portal lets
 * them read everyone's AuditEvents (everyone else reads only their own).
 */
export const AUDITOR_ROLE_CODE = 'auditor';
/** v3-ActCode "no patient access": on a DiagnosticReport while the provider holds it. */
export const SECURITY_LABEL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const NO_PATIENT_ACCESS = 'NOPAT';

/** Identifier systems the demo clinic's portal assigns. */
export const MRN_SYSTEM = `${BASE}/sid/mrn`;
export const DOD_ID_SYSTEM = `${BASE}/sid/dod-id`;
export const RX_NUMBER_SYSTEM = `${BASE}/sid/rx-number`;
/** The civilian-network referral number the regional contractor (Humana Military, TriWest) issues. */
export const REFERRAL_NUMBER_SYSTEM = `${BASE}/sid/referral-number`;

/** Standard terminologies. */
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DIAGNOSTIC_SERVICE_SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
export const MEDICATION_REQUEST_CATEGORY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';
export const ENCOUNTER_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const APPOINTMENT_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0276';
export const CONTACT_RELATIONSHIP = 'http://terminology.hl7.org/CodeSystem/v2-0131';
export const ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
