import type { Resource } from '@medplum/fhirtypes';
import { addChart } from './charts';
import { clinicClock, DAY, HOUR, MINUTE } from './clinic-clock';
import type { ClinicClock } from './clinic-clock';
import { addLastFills } from './dispenses';
import { NORMAL_PACE } from './lifecycle';
import type { Pace } from './lifecycle';
import { isMaintenance, needsRenewal } from './medications';
import type { PatientModel } from './model';
import { makePatients } from './patients';
import { seededRandom, weightedPicker } from './random';
import type { Random } from './random';
import { createSink, padder } from './sink';
import type { Sink } from './sink';
import { addFacility, CLINIC_NAME, CLINIC_TIME_ZONE } from './staff';
import { RED_FLAG_SHARE, WORKLOAD_MIX, WORK_KINDS } from './work-kinds';
import type { WorkKind, WorkTruth } from './work-kinds';
import { addRenewalItem } from './renewal-requests';
import { addResultItem } from './result-releases';
import { addBloodPressures } from './vital-signs';
import { addThreadItem } from './workload';
import type { Workload } from './workload';
import { createWorld } from './world';

/*
 * The demo clinic: a synthetic military treatment facility that the portal simulator serves and
 * the demo cache is seeded from. Pure and deterministic: the seed and `now` decide everything.
 *
 * - The facility (staff.ts): the MTF, its pharmacy, Express Scripts and the two TRICARE
 *   contractors as Organizations; pools as CareTeams with `pool-…` ids; staff as Practitioner +
 *   PractitionerRole (nurse, pcm, pharmacist, clerk).
 * - Patients (patients.ts) come in households: service members, spouses, children a parent writes
 *   for through proxy access, retirees, Guard/Reserve. Each has a beneficiary category, a TRICARE
 *   plan and region, and a PCM on a PCM team.
 * - Charts (charts.ts): allergies (or NKDA), a problem list, the prescriptions that treat it (some
 *   with refills, some out of them, some expired) and their latest fill (dispenses.ts), past visits
 *   as finished Encounters with a blood pressure taken at each (vital-signs.ts), and for
 *   some a future visit. A future visit is an Appointment (booked), not a planned Encounter: the
 *   front desk books, moves and cancels Appointments, and an Encounter is a visit under way or done.
 * - The workload (workload.ts, renewal-requests.ts, result-releases.ts): arrivals over the history
 *   in the mix of work-kinds.ts, each item's life simulated up to `now` (lifecycle.ts), so old items
 *   are done and new ones wait. Ids count back from now: task-00001 is the newest.
 * - Ground truth (`truth`): what each item really is, kept out of the FHIR data.
 * - Live mode (live.ts): message n after generation, from the roster.
 */

/**
 * `small`: the demo inbox, about 200 open items from the last few days. `clinic`: 5,000 items over
 * 60 days of history, the older ones long since done. A number: that many work items, with history
 * and patients scaled to match (for benchmarks, up to 100,000).
 */
export type ClinicSize = 'small' | 'clinic' | number;

export interface ClinicOptions {
  seed: number;
  /** The moment the clinic is generated around; nothing is stamped later. */
  now: Date;
  size: ClinicSize;
  /** Overrides the patient count the size implies. */
  patients?: number;
}

/** The generator's own model, which live messages are composed from. */
export interface ClinicRoster {
  seed: number;
  generatedAt: number;
  patients: readonly PatientModel[];
}

export interface GeneratedClinic {
  clinicName: string;
  timeZone: string;
  resources: Resource[];
  /** Ground truth per Task id, for scoring triage rules; never part of the FHIR data. */
  truth: ReadonlyMap<string, WorkTruth>;
  roster: ClinicRoster;
}

interface Shape {
  workItems: number;
  historyDays: number;
  patients: number;
  pace: Pace;
}

/** The small demo runs a backlog: staff are slower than the arrivals, so most items are still open. */
const BACKLOG: Pace = { claim: 6, start: 16, hold: 12, work: 40 };

export function clinicShape(size: ClinicSize, patients?: number): Shape {
  const shape: Shape =
    size === 'small'
      ? { workItems: 240, historyDays: 4, patients: 120, pace: BACKLOG }
      : size === 'clinic'
        ? { workItems: 5000, historyDays: 60, patients: 1800, pace: NORMAL_PACE }
        : {
            workItems: size,
            historyDays: Math.min(60, Math.max(2, Math.ceil(size / 85))),
            patients: Math.min(30_000, Math.max(12, Math.round(size * 0.36))),
            pace: NORMAL_PACE,
          };
  if (!Number.isInteger(shape.workItems) || shape.workItems < 1) {
    throw new RangeError(`size must be 'small', 'clinic' or a whole number of work items, got ${String(size)}`);
  }
  return patients === undefined ? shape : { ...shape, patients: Math.max(1, Math.floor(patients)) };
}

const KIND = weightedPicker(WORK_KINDS.map((k) => [k, WORKLOAD_MIX[k]] as const));

/**
 * A synthetic military clinic, deterministic from the seed and `now`: the facility, its pools and
 * staff, patients with their charts, and the portal workload with each item's history up to now.
 * Task ids count back from now: task-00001 is the newest item.
 */
export function generateClinic(options: ClinicOptions): GeneratedClinic {
  const shape = clinicShape(options.size, options.patients);
  const rnd = seededRandom(options.seed);
  const now = options.now.getTime();
  const clock = clinicClock(CLINIC_TIME_ZONE);
  const sink = createSink();
  addFacility(sink, now - (shape.historyDays + 400) * DAY);
  const patients = makePatients(rnd, shape.patients, now, sink);
  for (const p of patients) addChart(rnd, sink, clock, p, now);

  const pickPatient = weightedPicker(patients.map((p) => [p, p.activity] as const));
  const truth = new Map<string, WorkTruth>();
  const w: Workload = {
    rnd,
    seed: options.seed,
    clock,
    world: createWorld(sink, clock, now),
    sink,
    now,
    pace: shape.pace,
    truth,
    pickPatient,
    // Only prescriptions out of refills or expired by now can need renewing at any time before it.
    renewable: patients.flatMap((patient) =>
      patient.meds.filter((m) => isMaintenance(m) && needsRenewal(m, now)).map((med) => ({ patient, med })),
    ),
    requested: new Set(),
  };
  // Every prescription ever written, including those a renewal below replaces.
  const prescriptions = new Map(patients.flatMap((patient) => patient.meds.map((med) => [med, patient] as const)));
  const arrivals = sampleArrivals(rnd, clock, now, shape.historyDays, shape.workItems);
  const pad = padder(arrivals.length, 5);
  arrivals.forEach((at, i) => addWorkItem(w, `task-${pad(arrivals.length - i)}`, at, KIND(rnd)));
  settleAppointments(sink, patients, now);
  for (const patient of patients) for (const med of patient.meds) prescriptions.set(med, patient);
  // Last, and from streams of their own (idSeed): what the clinic's stream gave above stays as it was.
  addBloodPressures(sink, patients, options.seed, now);
  addLastFills(
    sink,
    [...prescriptions].map(([med, patient]) => ({ patient, med })),
    options.seed,
    now,
  );
  return {
    clinicName: CLINIC_NAME,
    timeZone: CLINIC_TIME_ZONE,
    resources: sink.resources,
    truth,
    roster: { seed: options.seed, generatedAt: now, patients },
  };
}

export function addWorkItem(w: Workload, id: string, at: number, kind: WorkKind): void {
  if (kind === 'renewal-request') addRenewalItem(w, id, at);
  else if (kind === 'result-release') addResultItem(w, id, at);
  else addThreadItem(w, id, at, kind, w.rnd.chance(RED_FLAG_SHARE));
}

/** Patients write mostly in the morning and evening, less at night and at weekends. */
const HOURLY = [
  0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.3, 1.3, 1.2, 1.1, 1.2, 1.1, 1.0, 1.0, 1.0, 1.1, 1.1, 1.0, 1.0, 0.9, 0.6,
  0.3,
];

function sampleArrivals(rnd: Random, clock: ClinicClock, now: number, days: number, count: number): number[] {
  const span = days * DAY;
  const times: number[] = [];
  while (times.length < count) {
    const t = now - MINUTE - Math.floor(rnd.next() * (span - MINUTE));
    const wall = t + clock.offset(t);
    const weekday = (Math.floor(wall / DAY) + 4) % 7;
    const hour = Math.floor((wall % DAY) / HOUR);
    const weight = (HOURLY[hour] ?? 1) * (weekday === 0 || weekday === 6 ? 0.55 : 1);
    if (rnd.next() * 1.3 < weight) times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/** A booked visit whose time has passed by `now` took place. */
function settleAppointments(sink: Sink, patients: readonly PatientModel[], now: number): void {
  for (const p of patients) {
    for (const a of p.appointments) {
      const end = Date.parse(a.resource.end ?? '');
      if (a.resource.status === 'booked' && end <= now) {
        a.resource.status = 'fulfilled';
        sink.touch(a.resource, Math.min(now, end + HOUR / 2));
      }
    }
  }
}
