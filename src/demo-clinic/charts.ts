import type {
  AllergyIntolerance,
  Appointment,
  CodeableConcept,
  Condition,
  Encounter,
  EncounterParticipant,
  Organization,
} from '@medplum/fhirtypes';
import {
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  APPOINTMENT_TYPE,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
  ENCOUNTER_CLASS,
  ICD10_CM,
  PARTICIPATION_TYPE,
  SNOMED,
} from '../domain/fhir/codes';
import type { ClinicClock } from './clinic-clock';
import { DAY, MINUTE, iso } from './clinic-clock';
import { CONDITIONS } from './conditions';
import type { ConditionTemplate } from './conditions';
import { FORMULARY, medicationTemplate, suitsPatient } from './formulary';
import type { AllergyClass } from './formulary';
import { prescribe } from './medications';
import { ageAt, nextSerial } from './model';
import type { AppointmentModel, ConditionModel, PatientModel } from './model';
import type { Random } from './random';
import { frozen, ref, sharedBy } from './sink';
import type { Sink } from './sink';
import { MTF_ID, pcmsOf } from './staff';
import type { StaffMember } from './staff';

/**
 * What is on a patient's chart before any portal traffic: allergies, the problem list with the
 * prescriptions that treat it, past visits and, for some, a booked appointment.
 */
export function addChart(rnd: Random, sink: Sink, clock: ClinicClock, p: PatientModel, now: number): void {
  addAllergies(rnd, sink, p, now);
  addProblemsAndMeds(rnd, sink, p, now);
  addEncounters(rnd, sink, clock, p, now);
  if (rnd.chance(0.25)) {
    const day = clock.local(now).day + rnd.int(1, 28);
    bookAppointment(rnd, sink, clock, p, {
      id: `appt-${p.id}-${nextSerial(p)}`,
      createdAt: now - rnd.int(1, 30) * DAY,
      day,
      reason: visitReason(rnd, p),
    });
  }
}

interface AllergySpec {
  text: string;
  snomed?: string;
  allergyClass: AllergyClass;
  category: 'medication' | 'food' | 'environment';
  type: 'allergy' | 'intolerance';
  reactions: readonly string[];
  criticality: 'low' | 'high';
  minAge: number;
}

const ALLERGIES: readonly AllergySpec[] = [
  {
    text: 'Penicillin',
    snomed: '373270004',
    allergyClass: 'penicillin',
    category: 'medication',
    type: 'allergy',
    reactions: ['Hives', 'Rash', 'Swelling of lips'],
    criticality: 'high',
    minAge: 0,
  },
  {
    text: 'Amoxicillin',
    snomed: '372687004',
    allergyClass: 'penicillin',
    category: 'medication',
    type: 'allergy',
    reactions: ['Rash', 'Hives'],
    criticality: 'low',
    minAge: 0,
  },
  {
    text: 'Sulfa antibiotics',
    allergyClass: 'sulfa',
    category: 'medication',
    type: 'allergy',
    reactions: ['Rash', 'Itching'],
    criticality: 'low',
    minAge: 0,
  },
  {
    text: 'Ibuprofen',
    snomed: '387207008',
    allergyClass: 'nsaid',
    category: 'medication',
    type: 'allergy',
    reactions: ['Hives', 'Facial swelling'],
    criticality: 'high',
    minAge: 5,
  },
  {
    text: 'Codeine',
    snomed: '387494007',
    allergyClass: 'opioid',
    category: 'medication',
    type: 'intolerance',
    reactions: ['Nausea and vomiting', 'Itching'],
    criticality: 'low',
    minAge: 12,
  },
  {
    text: 'Peanut',
    snomed: '762952008',
    allergyClass: 'food',
    category: 'food',
    type: 'allergy',
    reactions: ['Hives', 'Throat swelling', 'Anaphylaxis'],
    criticality: 'high',
    minAge: 1,
  },
  {
    text: 'Eggs',
    snomed: '102263004',
    allergyClass: 'food',
    category: 'food',
    type: 'allergy',
    reactions: ['Hives', 'Vomiting'],
    criticality: 'low',
    minAge: 1,
  },
  {
    text: 'Shellfish',
    allergyClass: 'food',
    category: 'food',
    type: 'allergy',
    reactions: ['Hives', 'Lip swelling'],
    criticality: 'high',
    minAge: 8,
  },
  {
    text: 'Latex',
    snomed: '111088007',
    allergyClass: 'environment',
    category: 'environment',
    type: 'allergy',
    reactions: ['Contact dermatitis', 'Itching'],
    criticality: 'low',
    minAge: 18,
  },
  {
    text: 'Bee venom',
    snomed: '288328004',
    allergyClass: 'environment',
    category: 'environment',
    type: 'allergy',
    reactions: ['Swelling at the sting site', 'Anaphylaxis'],
    criticality: 'high',
    minAge: 3,
  },
];

// Shared by every chart entry of their kind (see frozen() for why).
const active = frozen({ coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] });
const confirmed = frozen({ coding: [{ system: ALLERGY_VERIFICATION, code: 'confirmed' }] });
const NKDA = frozen({
  coding: [{ system: SNOMED, code: '409137002', display: 'No known drug allergy' }],
  text: 'NKDA',
});
const ALLERGEN = sharedBy<AllergySpec, CodeableConcept>((a) =>
  a.snomed === undefined
    ? { text: a.text }
    : { coding: [{ system: SNOMED, code: a.snomed, display: a.text }], text: a.text },
);
const PROBLEM_ACTIVE = frozen({ coding: [{ system: CONDITION_CLINICAL, code: 'active' }] });
const PROBLEM_CONFIRMED = frozen({ coding: [{ system: CONDITION_VERIFICATION, code: 'confirmed' }] });
const PROBLEM_LIST = frozen([
  { coding: [{ system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] },
]);
const PROBLEM = sharedBy<ConditionTemplate, CodeableConcept>((c) => ({
  coding:
    c.snomed === undefined
      ? [{ system: ICD10_CM, code: c.icd10, display: c.text }]
      : [
          { system: SNOMED, code: c.snomed, display: c.text },
          { system: ICD10_CM, code: c.icd10, display: c.text },
        ],
  text: c.text,
}));
const AMBULATORY = frozen({ system: ENCOUNTER_CLASS, code: 'AMB', display: 'ambulatory' });
const SEEN_BY = sharedBy<StaffMember, EncounterParticipant[]>((pcm) => [
  {
    type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'PPRF', display: 'primary performer' }] }],
    individual: pcm.ref,
  },
]);
const THE_MTF = frozen(ref<Organization>('Organization', MTF_ID));

function addAllergies(rnd: Random, sink: Sink, p: PatientModel, now: number): void {
  const roll = rnd.next();
  const recordedAt = now - rnd.int(60, 900) * DAY;
  const recorded = Math.max(recordedAt, p.birthMs + DAY);
  if (roll < 0.4) {
    sink.add<AllergyIntolerance>(
      {
        resourceType: 'AllergyIntolerance',
        id: `allergy-${p.id}-${nextSerial(p)}`,
        clinicalStatus: active,
        verificationStatus: confirmed,
        code: NKDA,
        patient: p.ref,
        recordedDate: iso(recorded),
      },
      recorded,
    );
    return;
  }
  if (roll > 0.68) return; // nothing recorded either way, as on many real charts
  const fitting = ALLERGIES.filter((a) => a.minAge <= p.age);
  const count = rnd.chance(0.75) ? 1 : 2;
  for (let i = 0; i < count; i++) {
    const a = rnd.pick(fitting);
    if (p.allergies.includes(a.allergyClass) && a.allergyClass !== 'food' && a.allergyClass !== 'environment') continue;
    p.allergies.push(a.allergyClass);
    sink.add<AllergyIntolerance>(
      {
        resourceType: 'AllergyIntolerance',
        id: `allergy-${p.id}-${nextSerial(p)}`,
        clinicalStatus: active,
        verificationStatus: confirmed,
        type: a.type,
        category: [a.category],
        criticality: a.criticality,
        code: ALLERGEN(a),
        patient: p.ref,
        recordedDate: iso(recorded),
        reaction: [
          { manifestation: [{ text: rnd.pick(a.reactions) }], severity: a.criticality === 'high' ? 'severe' : 'mild' },
        ],
      },
      recorded,
    );
  }
}

function addProblemsAndMeds(rnd: Random, sink: Sink, p: PatientModel, now: number): void {
  const prescribed = new Set<string>();
  for (const c of CONDITIONS) {
    if (!rnd.chance(c.prevalence(p.age, p.gender, p.category))) continue;
    // Not before the patient was a few months old, and never after now (a baby's chart is young).
    const earliest = p.birthMs + Math.min(180 * DAY, (now - p.birthMs) / 2);
    const onset = Math.floor(Math.min(now - DAY, Math.max(earliest, now - rnd.int(90, 3650) * DAY)));
    const condition: ConditionModel = { id: `cond-${p.id}-${nextSerial(p)}`, template: c };
    p.conditions.push(condition);
    sink.add<Condition>(
      {
        resourceType: 'Condition',
        id: condition.id,
        clinicalStatus: PROBLEM_ACTIVE,
        verificationStatus: PROBLEM_CONFIRMED,
        category: PROBLEM_LIST,
        code: PROBLEM(c),
        subject: p.ref,
        onsetDateTime: iso(onset),
        recordedDate: iso(onset),
        recorder: p.pcm.ref,
      },
      onset,
    );
    // A controlled drug is rewritten every month; a maintenance drug was last written some time in
    // the past 16 months, which is what leaves some out of refills and some expired.
    const fits = (key: string, at: number) =>
      !prescribed.has(key) && suitsPatient(medicationTemplate(key), ageAt(p, at), p.gender, p.allergies);
    const writtenFor = (key: string) => {
      const t = medicationTemplate(key);
      const at = t.controlled === true ? now - rnd.int(3, 45) * DAY : now - rnd.int(20, 480) * DAY;
      // Not before the problem, nor before the patient was old enough for the drug.
      return Math.max(at, onset, p.birthMs + (t.minAge * 365.25 + 30) * DAY);
    };
    const regimens = c.regimens.filter((r) => r.every((key) => fits(key, now)));
    if (regimens.length === 0) continue;
    for (const key of rnd.pick(regimens)) {
      const writtenAt = writtenFor(key);
      if (writtenAt > now - DAY || !fits(key, writtenAt)) continue;
      prescribed.add(key);
      p.meds.push(
        prescribe(rnd, sink, {
          id: `rx-${p.id}-${nextSerial(p)}`,
          patient: p,
          template: medicationTemplate(key),
          writtenAt,
          now,
          prescriber: rnd.chance(0.8) ? p.pcm : rnd.pick(pcmsOf(p.team)),
          condition,
        }),
      );
    }
  }
  // A past course of something short (an antibiotic, a muscle relaxant) on some charts.
  if (rnd.chance(0.12)) {
    const writtenAt = now - rnd.int(10, 300) * DAY;
    const acute = FORMULARY.filter(
      (t) => t.acute === true && suitsPatient(t, ageAt(p, writtenAt), p.gender, p.allergies),
    );
    if (acute.length > 0 && writtenAt > p.birthMs) {
      p.meds.push(
        prescribe(rnd, sink, {
          id: `rx-${p.id}-${nextSerial(p)}`,
          patient: p,
          template: rnd.pick(acute),
          writtenAt,
          now,
          prescriber: p.pcm,
          condition: null,
        }),
      );
    }
  }
}

const VISIT_TYPES = {
  checkup: { code: '185349003', display: 'Encounter for check up' },
  followUp: { code: '390906007', display: 'Follow-up encounter' },
  wellChild: { code: '410620009', display: 'Well child visit' },
  symptom: { code: '185345009', display: 'Encounter for symptom' },
} as const;

function addEncounters(rnd: Random, sink: Sink, clock: ClinicClock, p: PatientModel, now: number): void {
  const count = rnd.int(1, 4);
  for (let i = 0; i < count; i++) {
    const day = clock.local(now).day - rnd.int(3, 700);
    const start = clinicSlot(rnd, clock, day);
    if (start < p.birthMs + 3 * DAY) continue;
    const age = ageAt(p, start);
    const condition = p.conditions.length > 0 && rnd.chance(0.5) ? rnd.pick(p.conditions) : null;
    const [type, text] =
      age < 18 && rnd.chance(0.6)
        ? [VISIT_TYPES.wellChild, 'Well-child visit']
        : p.category === 'ADSM' && rnd.chance(0.35)
          ? [VISIT_TYPES.checkup, 'Periodic Health Assessment']
          : condition !== null
            ? [VISIT_TYPES.followUp, `Follow-up: ${condition.template.text}`]
            : rnd.chance(0.3)
              ? [VISIT_TYPES.checkup, 'Annual physical']
              : [VISIT_TYPES.symptom, 'Acute visit'];
    const end = start + rnd.pick([20, 30, 40]) * MINUTE;
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: `enc-${p.id}-${nextSerial(p)}`,
      status: 'finished',
      class: AMBULATORY,
      type: [{ coding: [{ system: SNOMED, code: type.code, display: type.display }], text }],
      subject: p.ref,
      participant: SEEN_BY(p.pcm),
      period: { start: iso(start), end: iso(end) },
    };
    if (condition !== null) encounter.reasonReference = [ref('Condition', condition.id, condition.template.text)];
    encounter.serviceProvider = THE_MTF;
    sink.add(encounter, end);
  }
}

/** A 20-minute slot in clinic hours on a local day, moved off the weekend. */
export function clinicSlot(rnd: Random, clock: ClinicClock, day: number): number {
  let d = day;
  while ((d + 4) % 7 === 0 || (d + 4) % 7 === 6) d++;
  return clock.atLocal(d, 7 * 60 + 40 + 20 * rnd.int(0, 24));
}

export function visitReason(rnd: Random, p: PatientModel): string {
  if (p.age < 18) return rnd.pick(['Well-child check', 'Sports physical', 'Follow-up']);
  if (p.conditions.length > 0 && rnd.chance(0.6)) return `Follow-up: ${rnd.pick(p.conditions).template.plain}`;
  return p.category === 'ADSM' ? rnd.pick(['Periodic Health Assessment', 'Acute visit']) : 'Annual physical';
}

/** A booked visit with the patient's PCM; the front-desk work and the live messages refer to these. */
export function bookAppointment(
  rnd: Random,
  sink: Sink,
  clock: ClinicClock,
  p: PatientModel,
  spec: { id: string; createdAt: number; day: number; reason: string },
  remember = true,
): AppointmentModel {
  const start = clinicSlot(rnd, clock, spec.day);
  const minutes = spec.reason.startsWith('Periodic') || spec.reason.includes('physical') ? 40 : 20;
  const resource = sink.add<Appointment>(
    {
      resourceType: 'Appointment',
      id: spec.id,
      status: 'booked',
      serviceType: [{ text: 'Primary care' }],
      appointmentType: {
        coding: [
          spec.reason.startsWith('Follow-up')
            ? { system: APPOINTMENT_TYPE, code: 'FOLLOWUP', display: 'A follow up visit from a previous appointment' }
            : { system: APPOINTMENT_TYPE, code: 'ROUTINE', display: 'Routine appointment' },
        ],
      },
      description: spec.reason,
      start: iso(start),
      end: iso(start + minutes * MINUTE),
      minutesDuration: minutes,
      created: iso(spec.createdAt),
      participant: [
        { actor: p.ref, required: 'required', status: 'accepted' },
        { actor: p.pcm.ref, required: 'required', status: 'accepted' },
      ],
    },
    spec.createdAt,
  );
  const model: AppointmentModel = { id: spec.id, start, reason: spec.reason, resource };
  if (remember) p.appointments.push(model);
  return model;
}
