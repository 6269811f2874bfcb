/**
 * The resource types this portal serves: the ones docs/portal.md maps inbox concepts to, plus the
 * referrals (ServiceRequest) and appointments the demo clinic's messages are about, and the
 * pharmacy's fills (MedicationDispense) a renewal looks at. Anything else
 * is answered 404 not-supported, and the CapabilityStatement lists exactly these.
 */
export const SUPPORTED_TYPES = [
  'AllergyIntolerance',
  'Appointment',
  'AuditEvent',
  'CareTeam',
  'Communication',
  'Condition',
  'DiagnosticReport',
  'Encounter',
  'MedicationDispense',
  'MedicationRequest',
  'Observation',
  'Organization',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Provenance',
  'ServiceRequest',
  'Task',
] as const;

export type SupportedType = (typeof SUPPORTED_TYPES)[number];

const SUPPORTED = new Set<string>(SUPPORTED_TYPES);

export function isSupportedType(type: string): type is SupportedType {
  return SUPPORTED.has(type);
}

/** R4 id: 1–64 of letters, digits, '-' and '.'. */
export const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
