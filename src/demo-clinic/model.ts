import type {
  Appointment,
  DiagnosticReport,
  MedicationRequest,
  Observation,
  Patient,
  Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { BeneficiaryCategory } from '../shared/work-item';
import type { ConditionTemplate } from './conditions';
import type { AllergyClass, MedicationTemplate } from './formulary';
import type { PcmTeam, Region, StaffMember } from './staff';

/**
 * The generator's own view of the clinic: who the patients are and what is on their charts. The
 * FHIR resources are written from it; live messages are composed from it after the clinic exists.
 */
export interface PatientModel {
  id: string;
  given: string;
  family: string;
  /** "Family, Given", as the cache shows a patient. */
  display: string;
  /** The one (frozen) reference every resource about the patient shares. */
  ref: Reference<Patient>;
  gender: 'female' | 'male';
  birthMs: number;
  /** Whole years at generation time. */
  age: number;
  category: BeneficiaryCategory;
  plan: 'Prime' | 'Select';
  region: Region;
  team: PcmTeam;
  pcm: StaffMember;
  household: Household;
  relation: 'sponsor' | 'spouse' | 'child';
  /** Service members sign off with their rank. */
  rank: string | null;
  /** Some patients write far more than others; their weight when a sender is drawn. */
  activity: number;
  conditions: ConditionModel[];
  meds: MedModel[];
  allergies: AllergyClass[];
  referrals: ReferralModel[];
  appointments: AppointmentModel[];
  /** Results already released to the patient, which they may ask about. */
  released: ReportModel[];
  /** Per-patient id counter for the resources on their chart. */
  serial: number;
}

export interface Household {
  id: string;
  members: PatientModel[];
  phone: string;
}

export interface ConditionModel {
  id: string;
  template: ConditionTemplate;
}

export interface MedModel {
  id: string;
  template: MedicationTemplate;
  resource: MedicationRequest;
  writtenAt: number;
  refillsLeft: number;
  validUntil: number;
  /** Refills the prescriber allowed when writing it (numberOfRepeatsAllowed counts down from here). */
  refillsAuthorised: number;
  /** Time between fills: the supply, stretched by how late this patient tends to refill. */
  fillPace: number;
  prescriber: StaffMember;
  /** The problem it treats; null for a short course. */
  condition: ConditionModel | null;
  rxNumber: string;
  viaMailOrder: boolean;
}

export interface ReferralModel {
  id: string;
  specialty: string;
  number: string;
  authoredAt: number;
  resource: ServiceRequest;
}

export interface AppointmentModel {
  id: string;
  start: number;
  reason: string;
  resource: Appointment;
}

export interface ReportModel {
  id: string;
  name: string;
  /** What a patient calls it ("blood work", "chest X-ray"). */
  plain: string;
  collectedAt: number;
  resource: DiagnosticReport;
  observations: Observation[];
  /** The most notable flagged value, for questions about it. */
  flagged: { analyte: string; value: string; flag: 'H' | 'L' | 'HH' | 'LL' } | null;
  conclusion: string | null;
  severity: 'normal' | 'abnormal' | 'critical';
}

export const ageAt = (p: PatientModel, at: number): number => Math.floor((at - p.birthMs) / (365.25 * 24 * 3_600_000));

export const nextSerial = (p: PatientModel): number => ++p.serial;
