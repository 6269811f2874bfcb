import type { ServiceRequest } from '@medplum/fhirtypes';
import { REFERRAL_NUMBER_SYSTEM, SNOMED } from '../domain/fhir/codes';
import { iso } from './clinic-clock';
import type { PatientModel, ReferralModel } from './model';
import type { Random } from './random';
import { ref } from './sink';
import type { Sink } from './sink';
import { CONTRACTORS } from './staff';

/**
 * Referrals to the civilian network. The regional contractor (Humana Military in the East,
 * TriWest in the West) approves them and issues the referral number patients quote, so a
 * referral-status question names the contractor of the patient's region.
 */
interface Specialty {
  name: string;
  /** As patients say it. */
  plain: string;
  forConditions: readonly string[];
  minAge: number;
  maxAge?: number;
  sex?: 'female' | 'male';
}

const SPECIALTIES: readonly Specialty[] = [
  {
    name: 'Orthopaedic surgery',
    plain: 'orthopedics',
    forConditions: ['knee-osteoarthritis', 'low-back-pain'],
    minAge: 12,
  },
  {
    name: 'Physical therapy',
    plain: 'physical therapy',
    forConditions: ['low-back-pain', 'knee-osteoarthritis'],
    minAge: 12,
  },
  { name: 'Dermatology', plain: 'dermatology', forConditions: ['atopic-dermatitis'], minAge: 0 },
  { name: 'Cardiology', plain: 'cardiology', forConditions: ['atrial-fibrillation', 'hypertension'], minAge: 30 },
  { name: 'Gastroenterology', plain: 'GI', forConditions: ['gerd'], minAge: 45 },
  {
    name: 'Behavioral health',
    plain: 'behavioral health',
    forConditions: ['depression', 'anxiety', 'ptsd'],
    minAge: 12,
  },
  { name: 'Sleep medicine', plain: 'sleep medicine', forConditions: ['obesity'], minAge: 18 },
  { name: 'Otolaryngology', plain: 'ENT', forConditions: ['allergic-rhinitis'], minAge: 1 },
  { name: 'Allergy and immunology', plain: 'allergy', forConditions: ['allergic-rhinitis', 'asthma'], minAge: 2 },
  { name: 'Podiatry', plain: 'podiatry', forConditions: [], minAge: 18 },
  { name: 'Neurology', plain: 'neurology', forConditions: ['migraine'], minAge: 12 },
  { name: 'Ophthalmology', plain: 'eye clinic', forConditions: ['type-2-diabetes'], minAge: 18 },
  { name: 'Obstetrics and gynecology', plain: 'OB/GYN', forConditions: ['contraception'], minAge: 16, sex: 'female' },
  {
    name: 'Developmental pediatrics',
    plain: 'developmental pediatrics',
    forConditions: ['adhd'],
    minAge: 2,
    maxAge: 17,
  },
  { name: 'Speech therapy', plain: 'speech therapy', forConditions: [], minAge: 2, maxAge: 6 },
];

const SPECIALTY_BY_NAME = new Map(SPECIALTIES.map((s) => [s.name, s]));
export const specialtyPlain = (name: string): string => SPECIALTY_BY_NAME.get(name)?.plain ?? name.toLowerCase();

export function makeReferral(
  rnd: Random,
  sink: Sink,
  spec: { id: string; patient: PatientModel; authoredAt: number },
  remember = true,
): ReferralModel {
  const p = spec.patient;
  const fitting = SPECIALTIES.filter(
    (s) =>
      s.minAge <= p.age && (s.maxAge === undefined || p.age <= s.maxAge) && (s.sex === undefined || s.sex === p.gender),
  );
  const related = fitting.filter((s) => p.conditions.some((c) => s.forConditions.includes(c.template.key)));
  const specialty = related.length > 0 && rnd.chance(0.7) ? rnd.pick(related) : rnd.pick(fitting);
  const condition = p.conditions.find((c) => specialty.forConditions.includes(c.template.key));
  const contractor = CONTRACTORS[p.region];
  const number = `${p.region === 'East' ? 'HM' : 'TW'}${String(rnd.int(100_000_000, 999_999_999))}`;
  const resource = sink.add<ServiceRequest>(
    {
      resourceType: 'ServiceRequest',
      id: spec.id,
      identifier: [
        {
          system: REFERRAL_NUMBER_SYSTEM,
          value: number,
          assigner: ref('Organization', contractor.id, contractor.name),
        },
      ],
      status: 'active',
      intent: 'order',
      category: [{ coding: [{ system: SNOMED, code: '3457005', display: 'Patient referral' }] }],
      priority: rnd.chance(0.15) ? 'urgent' : 'routine',
      code: { text: `Referral to ${specialty.name}` },
      subject: p.ref,
      authoredOn: iso(spec.authoredAt),
      requester: p.pcm.ref,
      performerType: { text: `${specialty.name} (TRICARE network)` },
      ...(condition === undefined
        ? {}
        : { reasonReference: [ref('Condition', condition.id, condition.template.text)] }),
    },
    spec.authoredAt,
  );
  const model: ReferralModel = {
    id: spec.id,
    specialty: specialty.name,
    number,
    authoredAt: spec.authoredAt,
    resource,
  };
  if (remember) p.referrals.push(model);
  return model;
}
