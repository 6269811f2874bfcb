import type {
  CareTeam,
  Communication,
  DiagnosticReport,
  MedicationRequest,
  Observation,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import type { BeneficiaryCategory, Priority, TaskStatus, WorkType } from '../../shared/work-item';
import {
  BENEFICIARY_CATEGORY_EXT,
  LOINC,
  NO_PATIENT_ACCESS,
  SECURITY_LABEL_SYSTEM,
  STAFF_ROLE_SYSTEM,
  TASK_POOL_EXT,
  TRICARE_REGION_EXT,
  WORK_TYPE_SYSTEM,
} from '../fhir/codes';
import { FAMILY_NAMES, GIVEN_NAMES, LAB_PANELS, MEDICATIONS, MESSAGES, STAFF_REPLIES } from './catalogue';
import type { MedicationTemplate, MessageTemplate } from './catalogue';
import { seededRandom } from './random';
import type { Random } from './random';

export interface DemoClinicOptions {
  seed: number;
  /** The moment the workload is generated around; received times fall in the days before it. */
  now: Date;
  patients: number;
  workItems: number;
}

export interface DemoClinic {
  clinicName: string;
  timeZone: string;
  resources: Resource[];
}

const HOUR = 3_600_000;

type PoolKey = 'nursing' | 'pcm-blue' | 'pcm-gold' | 'pharmacy' | 'referrals' | 'front-desk' | 'records';

const POOLS: readonly { key: PoolKey; name: string }[] = [
  { key: 'nursing', name: 'Nursing Team' },
  { key: 'pcm-blue', name: 'PCM Team Blue' },
  { key: 'pcm-gold', name: 'PCM Team Gold' },
  { key: 'pharmacy', name: 'Pharmacy' },
  { key: 'referrals', name: 'Referral Management' },
  { key: 'front-desk', name: 'Front Desk / Appointments' },
  { key: 'records', name: 'Records' },
];

const STAFF: readonly { id: string; given: string; family: string; role: string; pools: PoolKey[] }[] = [
  { id: 'rn-harper', given: 'Dana', family: 'Harper', role: 'nurse', pools: ['nursing'] },
  { id: 'rn-osei', given: 'Kwame', family: 'Osei', role: 'nurse', pools: ['nursing', 'pcm-blue'] },
  { id: 'rn-lindqvist', given: 'Erin', family: 'Lindqvist', role: 'nurse', pools: ['nursing', 'pcm-gold'] },
  { id: 'pcm-reyes', given: 'Alicia', family: 'Reyes', role: 'pcm', pools: ['pcm-blue'] },
  { id: 'pcm-tanaka', given: 'Ken', family: 'Tanaka', role: 'pcm', pools: ['pcm-blue'] },
  { id: 'pcm-mbeki', given: 'Naledi', family: 'Mbeki', role: 'pcm', pools: ['pcm-gold'] },
  { id: 'pcm-obrien', given: 'Sean', family: "O'Brien", role: 'pcm', pools: ['pcm-gold'] },
  { id: 'rph-castillo', given: 'Marisol', family: 'Castillo', role: 'pharmacist', pools: ['pharmacy'] },
  { id: 'clerk-ward', given: 'Terrence', family: 'Ward', role: 'clerk', pools: ['front-desk', 'records'] },
  { id: 'clerk-nakamura', given: 'Yui', family: 'Nakamura', role: 'clerk', pools: ['referrals', 'front-desk'] },
];

const CATEGORY_WEIGHTS: readonly BeneficiaryCategory[] = [
  'ADSM',
  'ADSM',
  'ADSM',
  'ADFM',
  'ADFM',
  'ADFM',
  'RET',
  'RET',
  'RETFM',
  'NGR',
];

/** The referenced type comes from where the reference is used, so one helper serves every field. */
function ref<T extends Resource = Resource>(resourceType: string, id: string, display?: string): Reference<T> {
  return display === undefined
    ? { reference: `${resourceType}/${id}` }
    : { reference: `${resourceType}/${id}`, display };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Demo-only due rule; the business-hours clock of the inbox issue replaces it. */
const DEMO_TARGET_HOURS: Record<Priority, number> = { routine: 72, urgent: 24, asap: 4, stat: 1 };

/**
 * A small, deterministic clinic: same seed and `now`, same resources. The workload is shaped like a
 * clinic's portal queue: mostly messages to the nursing pool, renewals to PCM teams, results
 * awaiting release, referral and appointment questions, a few already claimed or done.
 */
export function generateDemoClinic(options: DemoClinicOptions): DemoClinic {
  const rnd = seededRandom(options.seed);
  const now = options.now.getTime();
  const clinicName = 'Harbor Point Branch Health Clinic';
  const out: Resource[] = [];
  const stamp = <T extends Resource>(resource: T, lastUpdated: number): T => {
    out.push({ ...resource, meta: { ...resource.meta, versionId: '1', lastUpdated: iso(lastUpdated) } });
    return resource;
  };
  const setupTime = now - 30 * 24 * HOUR;

  const clinic = stamp<Organization>(
    {
      resourceType: 'Organization',
      id: 'mtf-harbor-point',
      name: clinicName,
      type: [{ text: 'Military Treatment Facility' }],
    },
    setupTime,
  );
  stamp<Organization>(
    {
      resourceType: 'Organization',
      id: 'pharmacy-harbor-point',
      name: 'Harbor Point Clinic Pharmacy',
      partOf: ref('Organization', clinic.id ?? ''),
    },
    setupTime,
  );

  for (const s of STAFF) {
    stamp<Practitioner>(
      {
        resourceType: 'Practitioner',
        id: s.id,
        active: true,
        name: [{ family: s.family, given: [s.given], prefix: s.role === 'pcm' ? ['Dr.'] : [] }],
      },
      setupTime,
    );
    stamp<PractitionerRole>(
      {
        resourceType: 'PractitionerRole',
        id: `role-${s.id}`,
        active: true,
        practitioner: ref('Practitioner', s.id),
        organization: ref('Organization', 'mtf-harbor-point'),
        code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: s.role }] }],
      },
      setupTime,
    );
  }
  for (const pool of POOLS) {
    stamp<CareTeam>(
      {
        resourceType: 'CareTeam',
        id: `pool-${pool.key}`,
        status: 'active',
        name: pool.name,
        managingOrganization: [ref('Organization', 'mtf-harbor-point')],
        participant: STAFF.filter((s) => s.pools.includes(pool.key)).map((s) => ({
          member: ref('Practitioner', s.id),
        })),
      },
      setupTime,
    );
  }

  const patients = Array.from({ length: options.patients }, (_, i) => makePatient(rnd, i, setupTime, stamp));
  const medsByPatient = new Map<string, MedicationRequest[]>();
  for (const p of patients) {
    const meds: MedicationRequest[] = [];
    const count = rnd.int(0, 4);
    for (let m = 0; m < count; m++) {
      const taken = new Set(meds.map((med) => med.medicationCodeableConcept?.text));
      const choices = MEDICATIONS.filter((t) => !taken.has(t.name) && t.minAge <= p.age);
      if (choices.length === 0) break;
      meds.push(makeMedication(rnd, p, rnd.pick(choices), meds.length, now, stamp));
    }
    medsByPatient.set(p.id, meds);
  }

  for (let i = 0; i < options.workItems; i++) {
    const patient = rnd.pick(patients);
    // Skewed towards the last day, as a live queue is: most items fresh, a tail running late.
    const received = now - Math.floor(rnd.next() ** 2 * 80 * HOUR) - 10 * 60_000;
    const pcmPool: PoolKey = patient.team;
    const roll = rnd.next();
    const taskId = `task-${String(i + 1).padStart(5, '0')}`;
    const common = { rnd, taskId, patient, received, stamp };
    if (roll < 0.5) {
      const template = rnd.pick(MESSAGES);
      const poolKey = template.pool === 'nursing' ? 'nursing' : template.pool;
      const header = makeThread(common, template, poolKey);
      makeTask(common, {
        workType: template.workType,
        priority: template.priority ?? (rnd.chance(0.1) ? 'urgent' : 'routine'),
        subject: template.subject,
        description: null,
        focus: ref('Communication', header),
        pool: poolKey,
      });
    } else if (roll < 0.75) {
      // A renewal is for a prescription with no refills left or past its validity; a few requests
      // are really refills sent to the wrong place, as in any clinic's queue.
      const meds = medsByPatient.get(patient.id) ?? [];
      const due = meds.filter((m) => needsRenewal(m, now));
      const med =
        due.length > 0 && !rnd.chance(0.15)
          ? rnd.pick(due)
          : meds.length > 0 && rnd.chance(0.5)
            ? rnd.pick(meds)
            : makeMedication(
                rnd,
                patient,
                rnd.pick(MEDICATIONS.filter((t) => t.minAge <= patient.age)),
                meds.length + 10,
                now,
                stamp,
                0,
              );
      const name = med.medicationCodeableConcept?.text ?? 'medication';
      makeTask(common, {
        workType: 'renewal-request',
        priority: rnd.chance(0.15) ? 'urgent' : 'routine',
        subject: `Renewal: ${name}`,
        description: rnd.chance(0.5) ? 'Patient reports 5 days of medication left.' : null,
        focus: ref('MedicationRequest', med.id ?? ''),
        pool: pcmPool,
      });
    } else {
      const panel = rnd.pick(LAB_PANELS);
      const reportId = `dr-${taskId}`;
      const observations = panel.observations.map((o, k) => {
        const span = o.high - o.low;
        const value = Number((o.low - span * 0.25 + rnd.next() * span * 1.5).toFixed(o.decimals));
        const flag = value < o.low ? 'L' : value > o.high ? 'H' : 'N';
        return stamp<Observation>(
          {
            resourceType: 'Observation',
            id: `${reportId}-obs-${k + 1}`,
            status: 'final',
            meta: { security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] },
            code: { coding: [{ system: LOINC, code: o.loinc }], text: o.name },
            subject: ref('Patient', patient.id, patient.display),
            effectiveDateTime: iso(received - 6 * HOUR),
            valueQuantity: { value, unit: o.unit, system: 'http://unitsofmeasure.org', code: o.unit },
            interpretation: [
              {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: flag }],
              },
            ],
            referenceRange: [{ low: { value: o.low, unit: o.unit }, high: { value: o.high, unit: o.unit } }],
          },
          received,
        );
      });
      stamp<DiagnosticReport>(
        {
          resourceType: 'DiagnosticReport',
          id: reportId,
          status: 'final',
          meta: { security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] },
          code: { coding: [{ system: LOINC, code: panel.loinc }], text: panel.name },
          subject: ref('Patient', patient.id, patient.display),
          effectiveDateTime: iso(received - 6 * HOUR),
          issued: iso(received),
          result: observations.map((o) => ref('Observation', o.id ?? '', o.code.text)),
        },
        received,
      );
      makeTask(common, {
        workType: 'result-release',
        priority: observations.some((o) => o.interpretation?.[0]?.coding?.[0]?.code !== 'N') ? 'urgent' : 'routine',
        subject: `Result: ${panel.name}`,
        description: null,
        focus: ref('DiagnosticReport', reportId),
        pool: pcmPool,
      });
    }
  }
  return { clinicName, timeZone: 'America/New_York', resources: out };
}

type Stamp = <T extends Resource>(resource: T, lastUpdated: number) => T;
interface DemoPatient {
  id: string;
  display: string;
  age: number;
  team: 'pcm-blue' | 'pcm-gold';
}

function makePatient(rnd: Random, index: number, at: number, stamp: Stamp): DemoPatient {
  const gender = rnd.chance(0.5) ? 'female' : 'male';
  const given = rnd.pick(GIVEN_NAMES[gender]);
  const family = rnd.pick(FAMILY_NAMES);
  const id = `pat-${String(index + 1).padStart(4, '0')}`;
  const category = rnd.pick(CATEGORY_WEIGHTS);
  const age = category === 'ADSM' ? rnd.int(19, 45) : category === 'RET' ? rnd.int(45, 80) : rnd.int(1, 70);
  const year = new Date(at).getUTCFullYear() - age;
  stamp<Patient>(
    {
      resourceType: 'Patient',
      id,
      active: true,
      name: [{ family, given: [given] }],
      gender,
      birthDate: `${year}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
      extension: [
        { url: BENEFICIARY_CATEGORY_EXT, valueCode: category },
        { url: TRICARE_REGION_EXT, valueCode: 'East' },
      ],
      managingOrganization: ref('Organization', 'mtf-harbor-point'),
    },
    at,
  );
  return { id, display: `${family}, ${given}`, age, team: index % 2 === 0 ? 'pcm-blue' : 'pcm-gold' };
}

function makeMedication(
  rnd: Random,
  patient: DemoPatient,
  template: MedicationTemplate,
  n: number,
  now: number,
  stamp: Stamp,
  repeats?: number,
): MedicationRequest {
  const written = now - rnd.int(60, 400) * 24 * HOUR;
  const pcm = rnd.pick(STAFF.filter((s) => s.role === 'pcm'));
  return stamp<MedicationRequest>(
    {
      resourceType: 'MedicationRequest',
      id: `rx-${patient.id}-${n + 1}-${template.rxnorm}`,
      status: 'active',
      intent: 'order',
      subject: ref('Patient', patient.id, patient.display),
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: template.rxnorm }],
        text: template.name,
      },
      authoredOn: iso(written),
      requester: ref('Practitioner', pcm.id, `Dr. ${pcm.given} ${pcm.family}`),
      dosageInstruction: [{ text: template.dosage }],
      dispenseRequest: {
        numberOfRepeatsAllowed: repeats ?? rnd.int(0, 3),
        quantity: { value: template.quantity },
        validityPeriod: { start: iso(written), end: iso(written + 365 * 24 * HOUR) },
        performer: ref('Organization', 'pharmacy-harbor-point'),
      },
    },
    written,
  );
}

function needsRenewal(med: MedicationRequest, now: number): boolean {
  const end = Date.parse(med.dispenseRequest?.validityPeriod?.end ?? '');
  return med.dispenseRequest?.numberOfRepeatsAllowed === 0 || end < now;
}

interface Common {
  rnd: Random;
  taskId: string;
  patient: DemoPatient;
  received: number;
  stamp: Stamp;
}

function makeThread(c: Common, template: MessageTemplate, poolKey: PoolKey): string {
  const headerId = `thread-${c.taskId}`;
  const pool: Reference<CareTeam> = ref('CareTeam', `pool-${poolKey}`);
  c.stamp<Communication>(
    {
      resourceType: 'Communication',
      id: headerId,
      status: 'in-progress',
      subject: ref('Patient', c.patient.id, c.patient.display),
      topic: { text: template.subject },
      recipient: [pool],
      sender: ref('Patient', c.patient.id, c.patient.display),
    },
    c.received,
  );
  c.stamp<Communication>(
    {
      resourceType: 'Communication',
      id: `msg-${c.taskId}-1`,
      status: 'completed',
      partOf: [ref('Communication', headerId)],
      subject: ref('Patient', c.patient.id, c.patient.display),
      sender: ref('Patient', c.patient.id, c.patient.display),
      recipient: [pool],
      sent: new Date(c.received - 60_000).toISOString(),
      received: new Date(c.received).toISOString(),
      topic: { text: template.subject },
      payload: [{ contentString: template.body }],
    },
    c.received,
  );
  if (c.rnd.chance(0.2)) {
    const staff = c.rnd.pick(STAFF.filter((s) => s.role === 'nurse'));
    const at = c.received + c.rnd.int(1, 6) * HOUR;
    c.stamp<Communication>(
      {
        resourceType: 'Communication',
        id: `msg-${c.taskId}-2`,
        status: 'completed',
        partOf: [ref('Communication', headerId)],
        inResponseTo: [ref('Communication', `msg-${c.taskId}-1`)],
        subject: ref('Patient', c.patient.id, c.patient.display),
        sender: ref('Practitioner', staff.id, `${staff.given} ${staff.family}, RN`),
        recipient: [ref('Patient', c.patient.id, c.patient.display)],
        sent: new Date(at).toISOString(),
        payload: [{ contentString: c.rnd.pick(STAFF_REPLIES) }],
      },
      at,
    );
  }
  return headerId;
}

function makeTask(
  c: Common,
  spec: {
    workType: WorkType;
    priority: Priority;
    subject: string;
    description: string | null;
    focus: Reference;
    pool: PoolKey;
  },
): void {
  const members = STAFF.filter((s) => s.pools.includes(spec.pool));
  const roll = c.rnd.next();
  const status: TaskStatus =
    roll < 0.62
      ? 'requested'
      : roll < 0.8
        ? 'accepted'
        : roll < 0.88
          ? 'in-progress'
          : roll < 0.93
            ? 'on-hold'
            : 'completed';
  const owner = status === 'requested' || members.length === 0 ? null : c.rnd.pick(members);
  const poolRef: Reference<CareTeam> = ref(
    'CareTeam',
    `pool-${spec.pool}`,
    POOLS.find((p) => p.key === spec.pool)?.name,
  );
  const lastUpdated = owner === null ? c.received : c.received + c.rnd.int(5, 90) * 60_000;
  c.stamp<Task>(
    {
      resourceType: 'Task',
      id: c.taskId,
      status,
      intent: 'order',
      priority: spec.priority,
      code: { coding: [{ system: WORK_TYPE_SYSTEM, code: spec.workType }] },
      description: spec.subject,
      ...(spec.description === null ? {} : { note: [{ text: spec.description }] }),
      focus: spec.focus,
      for: ref('Patient', c.patient.id, c.patient.display),
      authoredOn: iso(c.received),
      lastModified: iso(lastUpdated),
      owner: owner === null ? poolRef : ref('Practitioner', owner.id, `${owner.given} ${owner.family}`),
      extension: [{ url: TASK_POOL_EXT, valueReference: poolRef }],
      restriction: { period: { end: iso(c.received + DEMO_TARGET_HOURS[spec.priority] * HOUR) } },
      ...(status === 'on-hold' ? { statusReason: { text: 'Waiting for patient callback' } } : {}),
    },
    lastUpdated,
  );
}
