import type { CareTeam, Organization, Practitioner, PractitionerRole, Reference } from '@medplum/fhirtypes';
import { TRICARE_CONTRACTORS } from '../shared/tricare-contractors';
import { ORGANIZATION_TYPE, POOL_LEAD_CODE, STAFF_ROLE_SYSTEM } from '../domain/fhir/codes';
import { frozen, ref, sharedBy } from './sink';
import type { Sink } from './sink';
import { DEFAULT_ACCESS_POLICY } from '../domain/access/access-policy';
import type { AccessPolicy } from '../domain/access/access-policy';

/** The facility, its pools and its people. Ids are stable: the cache, tests and e2e name them. */
export const CLINIC_NAME = 'Harbor Point Branch Health Clinic';
export const CLINIC_TIME_ZONE = 'America/New_York';
export const MTF_ID = 'mtf-harbor-point';
export const PHARMACY_ID = 'pharmacy-harbor-point';
export const EXPRESS_SCRIPTS_ID = 'org-express-scripts';

export type PoolKey = 'nursing' | 'pcm-blue' | 'pcm-gold' | 'pharmacy' | 'referrals' | 'front-desk' | 'records';
export type PcmTeam = 'pcm-blue' | 'pcm-gold';
export type Region = 'East' | 'West';
export type StaffRole = 'nurse' | 'pcm' | 'pharmacist' | 'clerk' | 'auditor';

export const POOLS: readonly { key: PoolKey; name: string }[] = [
  { key: 'nursing', name: 'Nursing Team' },
  { key: 'pcm-blue', name: 'PCM Team Blue' },
  { key: 'pcm-gold', name: 'PCM Team Gold' },
  { key: 'pharmacy', name: 'Pharmacy' },
  { key: 'referrals', name: 'Referral Management' },
  { key: 'front-desk', name: 'Front Desk / Appointments' },
  { key: 'records', name: 'Records' },
];

/** Who leads each pool: overdue items escalate to them. */
export const POOL_LEADS: Readonly<Record<PoolKey, string>> = {
  nursing: 'rn-harper',
  'pcm-blue': 'pcm-reyes',
  'pcm-gold': 'pcm-mbeki',
  pharmacy: 'rph-castillo',
  referrals: 'clerk-nakamura',
  'front-desk': 'clerk-fontaine',
  records: 'clerk-haddad',
};

/**
 * The demo desk's access policy (the embedded portal's clinic, when no access-policy.json says
 * otherwise): the nursing lead the demo signs in as supervises the clinic, so the demo shows every
 * pool and view; everyone else signing in to the demo has the least-privilege default.
 */
export const DEMO_ACCESS_POLICY: AccessPolicy = Object.freeze({
  ...DEFAULT_ACCESS_POLICY,
  supervisors: [POOL_LEADS.nursing],
});

export const poolId = (key: PoolKey): string => `pool-${key}`;
export const poolName = (key: PoolKey): string => POOLS.find((p) => p.key === key)?.name ?? key;
/** The one (frozen) reference to each pool, shared by every Task and message in it. */
export const poolRef = sharedBy<PoolKey, Reference<CareTeam>>((key) => ref('CareTeam', poolId(key), poolName(key)));

export interface StaffMember {
  id: string;
  given: string;
  family: string;
  role: StaffRole;
  /** MD, DO, PA-C, NP, RN, PharmD: what goes after the name. */
  credential?: string;
  pools: readonly PoolKey[];
  /** As the inbox and the patient see the name. */
  display: string;
  /** The one (frozen) reference every resource naming this person shares. */
  ref: Reference<Practitioner>;
}

const member = (
  id: string,
  given: string,
  family: string,
  role: StaffRole,
  pools: PoolKey[],
  credential?: string,
): StaffMember => {
  const physician = credential === 'MD' || credential === 'DO';
  const display = physician
    ? `Dr. ${given} ${family}`
    : credential === undefined
      ? `${given} ${family}`
      : `${given} ${family}, ${credential}`;
  const ref = frozen<Reference<Practitioner>>({ reference: `Practitioner/${id}`, display });
  return { id, given, family, role, pools, display, ref, ...(credential === undefined ? {} : { credential }) };
};

export const STAFF: readonly StaffMember[] = [
  member('rn-harper', 'Dana', 'Harper', 'nurse', ['nursing'], 'RN'),
  member('rn-osei', 'Kwame', 'Osei', 'nurse', ['nursing', 'pcm-blue'], 'RN'),
  member('rn-lindqvist', 'Erin', 'Lindqvist', 'nurse', ['nursing', 'pcm-gold'], 'RN'),
  member('rn-delgado', 'Marisa', 'Delgado', 'nurse', ['nursing'], 'RN'),
  member('rn-whitaker', 'Jonah', 'Whitaker', 'nurse', ['nursing'], 'RN'),
  member('pcm-reyes', 'Alicia', 'Reyes', 'pcm', ['pcm-blue'], 'MD'),
  member('pcm-tanaka', 'Ken', 'Tanaka', 'pcm', ['pcm-blue'], 'MD'),
  member('pcm-whitfield', 'Laura', 'Whitfield', 'pcm', ['pcm-blue'], 'PA-C'),
  member('pcm-mbeki', 'Naledi', 'Mbeki', 'pcm', ['pcm-gold'], 'DO'),
  member('pcm-obrien', 'Sean', "O'Brien", 'pcm', ['pcm-gold'], 'MD'),
  member('pcm-park', 'Grace', 'Park', 'pcm', ['pcm-gold'], 'NP'),
  member('rph-castillo', 'Marisol', 'Castillo', 'pharmacist', ['pharmacy'], 'PharmD'),
  member('rph-adeyemi', 'Tunde', 'Adeyemi', 'pharmacist', ['pharmacy'], 'PharmD'),
  member('clerk-ward', 'Terrence', 'Ward', 'clerk', ['front-desk', 'records']),
  member('clerk-nakamura', 'Yui', 'Nakamura', 'clerk', ['referrals', 'front-desk']),
  member('clerk-bianchi', 'Paolo', 'Bianchi', 'clerk', ['referrals']),
  member('clerk-fontaine', 'Renee', 'Fontaine', 'clerk', ['front-desk']),
  member('clerk-haddad', 'Samira', 'Haddad', 'clerk', ['records']),
  // In no pool: the clinic's compliance officer, who reads the portal's audit trail and works no items.
  member('audit-morrow', 'Celia', 'Morrow', 'auditor', []),
];

export const pcmsOf = (team: PcmTeam): StaffMember[] => STAFF.filter((s) => s.role === 'pcm' && s.pools.includes(team));
export const membersOf = (pool: PoolKey): StaffMember[] => STAFF.filter((s) => s.pools.includes(pool));
export const teamOf = (pcm: StaffMember): PcmTeam => (pcm.pools.includes('pcm-gold') ? 'pcm-gold' : 'pcm-blue');

/** The civilian network each TRICARE region's contractor manages. */
export const CONTRACTORS: Readonly<Record<Region, { id: string; name: string; site: string }>> = {
  East: { id: 'org-humana-military', ...TRICARE_CONTRACTORS.East },
  West: { id: 'org-triwest', ...TRICARE_CONTRACTORS.West },
};

const ROLE_DISPLAY: Record<StaffRole, string> = {
  nurse: 'Nurse',
  pcm: 'Primary care manager',
  pharmacist: 'Pharmacist',
  clerk: 'Clerk',
  auditor: 'Auditor',
};

const POOL_LEAD_ROLE = frozen({ coding: [{ system: STAFF_ROLE_SYSTEM, code: POOL_LEAD_CODE, display: 'Pool lead' }] });

/** The MTF, its pharmacy, the outside organisations patients deal with, the pools and the staff. */
export function addFacility(sink: Sink, at: number): void {
  const provider = { coding: [{ system: ORGANIZATION_TYPE, code: 'prov', display: 'Healthcare Provider' }] };
  sink.add<Organization>(
    {
      resourceType: 'Organization',
      id: MTF_ID,
      active: true,
      name: CLINIC_NAME,
      type: [{ ...provider, text: 'Military Treatment Facility' }],
      telecom: [{ system: 'phone', value: '555-0100', use: 'work' }],
    },
    at,
  );
  sink.add<Organization>(
    {
      resourceType: 'Organization',
      id: PHARMACY_ID,
      active: true,
      name: 'Harbor Point Clinic Pharmacy',
      type: [{ ...provider, text: 'MTF pharmacy' }],
      partOf: ref('Organization', MTF_ID, CLINIC_NAME),
      telecom: [{ system: 'phone', value: '555-0140', use: 'work' }],
    },
    at,
  );
  sink.add<Organization>(
    {
      resourceType: 'Organization',
      id: EXPRESS_SCRIPTS_ID,
      active: true,
      name: 'Express Scripts (TRICARE Pharmacy Home Delivery)',
      type: [{ ...provider, text: 'Mail-order pharmacy' }],
      telecom: [{ system: 'url', value: 'https://www.express-scripts.com/TRICARE' }],
    },
    at,
  );
  for (const contractor of Object.values(CONTRACTORS)) {
    sink.add<Organization>(
      {
        resourceType: 'Organization',
        id: contractor.id,
        active: true,
        name: contractor.name,
        type: [{ coding: [{ system: ORGANIZATION_TYPE, code: 'pay', display: 'Payer' }], text: 'TRICARE contractor' }],
        telecom: [{ system: 'url', value: `https://www.${contractor.site.toLowerCase()}` }],
      },
      at,
    );
  }
  for (const s of STAFF) {
    sink.add<Practitioner>(
      {
        resourceType: 'Practitioner',
        id: s.id,
        active: true,
        name: [
          {
            family: s.family,
            given: [s.given],
            ...(s.display.startsWith('Dr.') ? { prefix: ['Dr.'] } : {}),
            ...(s.credential === undefined ? {} : { suffix: [s.credential] }),
          },
        ],
      },
      at,
    );
    sink.add<PractitionerRole>(
      {
        resourceType: 'PractitionerRole',
        id: `role-${s.id}`,
        active: true,
        practitioner: ref('Practitioner', s.id, s.display),
        organization: s.role === 'pharmacist' ? ref('Organization', PHARMACY_ID) : ref('Organization', MTF_ID),
        code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: s.role, display: ROLE_DISPLAY[s.role] }] }],
      },
      at,
    );
  }
  for (const pool of POOLS) {
    sink.add<CareTeam>(
      {
        resourceType: 'CareTeam',
        id: poolId(pool.key),
        status: 'active',
        name: pool.name,
        managingOrganization: [ref('Organization', MTF_ID)],
        participant: membersOf(pool.key).map((s) => ({
          member: ref('Practitioner', s.id, s.display),
          ...(POOL_LEADS[pool.key] === s.id ? { role: [POOL_LEAD_ROLE] } : {}),
        })),
      },
      at,
    );
  }
}
