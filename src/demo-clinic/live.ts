import type { Resource, Task } from '@medplum/fhirtypes';
import { clinicClock } from './clinic-clock';
import type { GeneratedClinic } from './generate';
import { NORMAL_PACE, planLifecycle } from './lifecycle';
import type { PatientModel } from './model';
import { deriveSeed, seededRandom, weightedPicker } from './random';
import type { Random } from './random';
import { createSink } from './sink';
import { CLINIC_TIME_ZONE } from './staff';
import { RED_FLAG_SHARE, THREAD_KINDS, WORKLOAD_MIX } from './work-kinds';
import type { WorkTruth } from './work-kinds';
import { addMessageWork, findSender, ownerFor, poolFor, RED_FLAG_PICKER, topicPicker, truthOf } from './workload';
import { createWorld } from './world';

export interface LiveMessage {
  /** The new Task, also among `resources`. */
  task: Task;
  /** The thread header, the patient's message, the Task, and anything the message refers to that the chart lacked. */
  resources: Resource[];
  truth: WorkTruth;
}

const THREAD_KIND = weightedPicker(THREAD_KINDS.map((k) => [k, WORKLOAD_MIX[k]] as const));
const patientPickers = new WeakMap<GeneratedClinic['roster'], (rnd: Random) => PatientModel>();

/**
 * The n-th message a patient sends after the clinic was generated, for the simulator's live mode:
 * a new thread (header + message) and its Task, waiting in its pool. Message n depends only on the
 * clinic's seed, n and `at`, never on earlier calls, so the simulator can replay or skip freely.
 */
export function nextLiveMessage(clinic: Pick<GeneratedClinic, 'roster'>, n: number, at: Date): LiveMessage {
  const { roster } = clinic;
  const now = at.getTime();
  const rnd = seededRandom(deriveSeed(roster.seed, n));
  const clock = clinicClock(CLINIC_TIME_ZONE);
  const sink = createSink();
  const sequence = `live${n}`;
  const world = createWorld(sink, clock, now, { sequence });
  let pickPatient = patientPickers.get(roster);
  if (pickPatient === undefined) {
    pickPatient = weightedPicker(roster.patients.map((p) => [p, p.activity] as const));
    patientPickers.set(roster, pickPatient);
  }
  const redFlag = rnd.chance(RED_FLAG_SHARE);
  const { c, message } = findSender(
    { rnd, clock, world, pickPatient },
    now,
    redFlag ? RED_FLAG_PICKER : topicPicker(THREAD_KIND(rnd)),
  );
  const pool = poolFor(rnd, message, c.patient);
  const plan = planLifecycle(rnd, clock, {
    kind: message.kind,
    priority: message.priority,
    received: now,
    owner: ownerFor(rnd, pool, message.kind),
    pace: NORMAL_PACE,
    emergency: message.redFlag?.mention === 'current',
  });
  const id = `task-live-${String(n).padStart(6, '0')}`;
  const task = addMessageWork(rnd, sink, { id, c, message, pool, plan, booked: null }, now);
  // Everything here reaches the server now, whatever its clinical dates (a referral written last
  // month that the chart lacked): stamped now, so an incremental sync after the message finds it.
  for (const r of sink.resources) r.meta = { ...r.meta, versionId: '1', lastUpdated: task.meta?.lastUpdated ?? '' };
  return { task, resources: sink.resources, truth: truthOf(message, c) };
}
