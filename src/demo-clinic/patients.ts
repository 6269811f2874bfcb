import type { Patient } from '@medplum/fhirtypes';
import type { BeneficiaryCategory } from '../shared/work-item';
import {
  BENEFICIARY_CATEGORY_EXT,
  CONTACT_RELATIONSHIP,
  DOD_ID_SYSTEM,
  MRN_SYSTEM,
  PCM_TEAM_EXT,
  TRICARE_PLAN_EXT,
  TRICARE_REGION_EXT,
} from '../domain/fhir/codes';
import { DAY, isoDate } from './clinic-clock';
import type { Household, PatientModel } from './model';
import { FAMILY_NAMES, givenNamesFor, rankFor } from './names';
import { weightedPicker } from './random';
import type { Random } from './random';
import { frozen, ref } from './sink';
import type { Sink } from './sink';
import { MTF_ID, pcmsOf, poolRef } from './staff';
import type { PcmTeam, Region } from './staff';

const YEAR = 365.25 * DAY;

type HouseholdKind = 'ad-single' | 'ad-family' | 'ad-single-parent' | 'retiree' | 'guard-reserve' | 'other';

/**
 * A military clinic's panel is families: young single service members, service members with a
 * spouse and children, retirees and their spouses, a few Guard/Reserve members on TRICARE Reserve
 * Select. Children share the sponsor's family name and a parent writes for them.
 */
const HOUSEHOLDS = weightedPicker<HouseholdKind>([
  ['ad-single', 22],
  ['ad-family', 30],
  ['ad-single-parent', 3],
  ['retiree', 25],
  ['guard-reserve', 12],
  ['other', 8],
]);

interface Draft {
  age: number;
  gender: 'female' | 'male';
  category: BeneficiaryCategory;
  relation: PatientModel['relation'];
  family?: string;
}

export function makePatients(rnd: Random, count: number, now: number, sink: Sink): PatientModel[] {
  const patients: PatientModel[] = [];
  const width = Math.max(4, String(count).length);
  let household = 0;
  while (patients.length < count) {
    household++;
    const drafts = draftHousehold(rnd, HOUSEHOLDS(rnd));
    const kind = drafts[0]?.category ?? 'ADSM';
    // Prime enrollees live near the MTF; only Select beneficiaries of non-active-duty households
    // come from across the regional boundary.
    const region: Region = kind === 'ADSM' || !rnd.chance(0.3) ? 'East' : 'West';
    const team: PcmTeam = rnd.chance(0.5) ? 'pcm-blue' : 'pcm-gold';
    const home: Household = {
      id: `hh-${household}`,
      members: [],
      phone: `(757) 555-01${String(rnd.int(0, 99)).padStart(2, '0')}`,
    };
    const family = rnd.pick(FAMILY_NAMES);
    for (const draft of drafts) {
      if (patients.length >= count) break;
      const index = patients.length + 1;
      const birthMs = now - draft.age * YEAR - rnd.int(40, 360) * DAY;
      const gender = draft.gender;
      const given = rnd.pick(givenNamesFor(new Date(birthMs).getUTCFullYear(), gender));
      const surname = draft.family ?? family;
      const plan = planFor(rnd, draft.category, region);
      const pcm = rnd.pick(pcmsOf(team));
      const id = `pat-${String(index).padStart(width, '0')}`;
      const display = `${surname}, ${given}`;
      const p: PatientModel = {
        id,
        given,
        family: surname,
        display,
        ref: frozen({ reference: `Patient/${id}`, display }),
        gender,
        birthMs,
        age: Math.floor((now - birthMs) / YEAR),
        category: draft.category,
        plan,
        region,
        team,
        pcm,
        household: home,
        relation: draft.relation,
        rank: draft.category === 'ADSM' ? rankFor(draft.age, (r) => rnd.pick(r)) : null,
        activity: rnd.chance(0.12) ? 4 : rnd.chance(0.3) ? 2 : 1,
        conditions: [],
        meds: [],
        allergies: [],
        referrals: [],
        appointments: [],
        released: [],
        serial: 0,
      };
      home.members.push(p);
      patients.push(p);
    }
  }
  for (const p of patients) addPatientResource(rnd, p, now, sink);
  return patients;
}

function draftHousehold(rnd: Random, kind: HouseholdKind): Draft[] {
  const sex = (pMale: number): 'female' | 'male' => (rnd.chance(pMale) ? 'male' : 'female');
  const spouseOf = (sponsor: Draft, category: BeneficiaryCategory): Draft => ({
    age: Math.max(19, sponsor.age + rnd.int(-4, 5)),
    gender: rnd.chance(0.93) ? (sponsor.gender === 'male' ? 'female' : 'male') : sponsor.gender,
    category,
    relation: 'spouse',
    ...(rnd.chance(0.15) ? { family: rnd.pick(FAMILY_NAMES) } : {}),
  });
  const children = (parentAge: number, category: BeneficiaryCategory, max: number, minAge = 0): Draft[] => {
    const oldest = Math.min(22, parentAge - 19);
    if (oldest < minAge) return [];
    return Array.from({ length: rnd.int(0, max) }, () => ({
      age: rnd.int(minAge, oldest),
      gender: sex(0.5),
      category,
      relation: 'child' as const,
    }));
  };
  switch (kind) {
    case 'ad-single':
      return [
        { age: 19 + Math.floor(rnd.next() ** 1.6 * 14), gender: sex(0.8), category: 'ADSM', relation: 'sponsor' },
      ];
    case 'ad-family': {
      const sponsor: Draft = { age: rnd.int(22, 45), gender: sex(0.82), category: 'ADSM', relation: 'sponsor' };
      const spouse = spouseOf(sponsor, 'ADFM');
      return [sponsor, spouse, ...children(Math.min(sponsor.age, spouse.age), 'ADFM', 3)];
    }
    case 'ad-single-parent': {
      const sponsor: Draft = { age: rnd.int(24, 42), gender: sex(0.6), category: 'ADSM', relation: 'sponsor' };
      const kids = children(sponsor.age, 'ADFM', 2);
      return kids.length > 0
        ? [sponsor, ...kids]
        : [sponsor, { age: 4, gender: sex(0.5), category: 'ADFM', relation: 'child' }];
    }
    case 'retiree': {
      const sponsor: Draft = { age: rnd.int(42, 88), gender: sex(0.85), category: 'RET', relation: 'sponsor' };
      const members = [sponsor];
      if (rnd.chance(0.75)) members.push(spouseOf(sponsor, 'RETFM'));
      if (sponsor.age < 58) members.push(...children(sponsor.age, 'RETFM', 2, 8));
      return members;
    }
    case 'guard-reserve':
      return [{ age: rnd.int(19, 55), gender: sex(0.75), category: 'NGR', relation: 'sponsor' }];
    case 'other':
      return [{ age: rnd.int(22, 70), gender: sex(0.5), category: 'OTHER', relation: 'sponsor' }];
  }
}

function planFor(rnd: Random, category: BeneficiaryCategory, region: Region): 'Prime' | 'Select' {
  if (region === 'West') return 'Select';
  switch (category) {
    case 'ADSM':
      return 'Prime';
    case 'ADFM':
      return rnd.chance(0.92) ? 'Prime' : 'Select';
    case 'RET':
    case 'RETFM':
      return rnd.chance(0.6) ? 'Prime' : 'Select';
    case 'NGR':
      return 'Select';
    case 'OTHER':
      return rnd.chance(0.4) ? 'Prime' : 'Select';
  }
}

function addPatientResource(rnd: Random, p: PatientModel, now: number, sink: Sink): void {
  const parent = p.relation === 'child' ? p.household.members.find((m) => m.relation !== 'child') : undefined;
  const registered = Math.max(p.birthMs + 2 * DAY, now - rnd.int(70, 1500) * DAY);
  sink.add<Patient>(
    {
      resourceType: 'Patient',
      id: p.id,
      identifier: [
        { system: MRN_SYSTEM, value: `HP${String(rnd.int(0, 9_999_999)).padStart(7, '0')}` },
        { system: DOD_ID_SYSTEM, value: String(rnd.int(1_000_000_000, 1_999_999_999)) },
      ],
      active: true,
      name: [{ use: 'official', family: p.family, given: [p.given] }],
      gender: p.gender,
      birthDate: isoDate(p.birthMs),
      telecom: [{ system: 'phone', value: p.household.phone, use: 'mobile' }],
      extension: [
        { url: BENEFICIARY_CATEGORY_EXT, valueCode: p.category },
        { url: TRICARE_PLAN_EXT, valueCode: p.plan },
        { url: TRICARE_REGION_EXT, valueCode: p.region },
        { url: PCM_TEAM_EXT, valueReference: poolRef(p.team) },
      ],
      generalPractitioner: [p.pcm.ref],
      managingOrganization: ref('Organization', MTF_ID),
      ...(parent === undefined
        ? {}
        : {
            contact: [
              {
                relationship: [{ coding: [{ system: CONTACT_RELATIONSHIP, code: 'N' }], text: 'Parent' }],
                name: { family: parent.family, given: [parent.given] },
                telecom: [{ system: 'phone', value: p.household.phone }],
              },
            ],
          }),
    },
    registered,
  );
}

/** The adult who writes for a child through proxy access: the patient themself from 18. */
export function senderFor(rnd: Random, p: PatientModel): PatientModel {
  if (p.relation !== 'child' || p.age >= 18) return p;
  const adults = p.household.members.filter((m) => m.relation !== 'child');
  const mothers = adults.filter((m) => m.gender === 'female');
  return rnd.chance(0.65) && mothers.length > 0 ? rnd.pick(mothers) : adults.length > 0 ? rnd.pick(adults) : p;
}
