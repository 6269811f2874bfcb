import { bookAppointment, visitReason } from './charts';
import type { ClinicClock } from './clinic-clock';
import { compose } from './compose';
import type { Composed, Topic, TopicContext } from './compose';
import { planLifecycle } from './lifecycle';
import type { Pace, Plan } from './lifecycle';
import { ageAt } from './model';
import type { AppointmentModel, MedModel, PatientModel } from './model';
import { senderFor } from './patients';
import type { Task } from '@medplum/fhirtypes';
import { idSeed, seededRandom, weightedPicker } from './random';
import type { Random } from './random';
import { ref } from './sink';
import type { Sink } from './sink';
import { membersOf } from './staff';
import type { PoolKey, StaffMember } from './staff';
import { addTask } from './tasks';
import { addThread } from './threads';
import { ADMIN_TOPICS, APPOINTMENT_TOPICS, RECORDS_TOPICS, REFERRAL_TOPICS } from './topics-front-office';
import { CLINICAL_TOPICS, STITCHES } from './topics-clinical';
import { REFILL_TOPICS } from './topics-pharmacy';
import { RED_FLAG_TOPICS } from './topics-red-flags';
import { RESULT_TOPICS } from './topics-results';
import type { WorkKind, WorkTruth } from './work-kinds';
import type { World } from './world';

/**
 * Turns an arrival (a time and a kind of work) into resources: the thread, the Task for it, and
 * whatever closing it produced by `now`. Renewal requests and results are in renewal-requests.ts
 * and result-releases.ts.
 */
export interface Workload {
  rnd: Random;
  /** The clinic's seed: items drawn from streams of their own (idSeed) start from it. */
  seed: number;
  clock: ClinicClock;
  world: World;
  sink: Sink;
  now: number;
  pace: Pace;
  truth: Map<string, WorkTruth>;
  pickPatient: (rnd: Random) => PatientModel;
  /** Prescriptions that may need renewing; pruned as they are used. */
  renewable: { patient: PatientModel; med: MedModel }[];
  requested: Set<string>;
}

const pickerOf = (topics: readonly Topic[]) => weightedPicker(topics.map((t) => [t, t.weight ?? 1] as const));

const TOPICS: Readonly<Record<string, (rnd: Random) => Topic>> = {
  'clinical-question': pickerOf(CLINICAL_TOPICS),
  'result-question': pickerOf(RESULT_TOPICS),
  'refill-request': pickerOf(REFILL_TOPICS),
  'referral-status': pickerOf(REFERRAL_TOPICS),
  'appointment-request': pickerOf(APPOINTMENT_TOPICS),
  'records-request': pickerOf(RECORDS_TOPICS),
  'admin-question': pickerOf(ADMIN_TOPICS),
};
export const RED_FLAG_PICKER = pickerOf(RED_FLAG_TOPICS);
const FALLBACK = STITCHES;

export function topicPicker(kind: WorkKind): (rnd: Random) => Topic {
  return TOPICS[kind] ?? TOPICS['clinical-question'] ?? (() => FALLBACK);
}

/**
 * A message of the given topic family from a patient it fits. Each topic drawn gets many patients
 * before another topic is drawn, so topics only a few patients fit (a refill of an antidepressant)
 * still turn up about as often as designed.
 */
export function findSender(
  w: Pick<Workload, 'rnd' | 'clock' | 'world' | 'pickPatient'>,
  at: number,
  pickTopic: (rnd: Random) => Topic,
): { c: TopicContext; message: Composed } {
  const { rnd } = w;
  for (let round = 0; round < 8; round++) {
    const topic = round < 7 ? pickTopic(rnd) : FALLBACK;
    for (let attempt = 0; attempt < 60; attempt++) {
      const patient = w.pickPatient(rnd);
      const sender = senderFor(rnd, patient);
      const c: TopicContext = {
        rnd,
        clock: w.clock,
        world: w.world,
        at,
        patient,
        sender,
        age: ageAt(patient, at),
        links: {},
      };
      if (!topic.fits(c)) continue;
      const message = compose(c, topic);
      if (message !== null) return { c, message };
    }
  }
  throw new Error('no patient fits even the fallback topic');
}

export function poolFor(rnd: Random, message: Composed, patient: PatientModel): PoolKey {
  // An emergency goes to the nurses whatever the patient asked for around it (a refill, records).
  if (message.redFlag?.mention === 'current') return 'nursing';
  switch (message.kind) {
    case 'clinical-question':
      return rnd.chance(0.8) ? 'nursing' : patient.team;
    case 'result-question':
    case 'renewal-request':
    case 'result-release':
      return patient.team;
    case 'refill-request':
      return 'pharmacy';
    case 'referral-status':
      return 'referrals';
    case 'appointment-request':
    case 'admin-question':
      return 'front-desk';
    case 'records-request':
      return 'records';
  }
}

/** Who on the pool picks it up: PCMs take renewals and results (the ordering one, mostly). */
export function ownerFor(rnd: Random, pool: PoolKey, kind: WorkKind, prefer?: StaffMember): StaffMember {
  const members = membersOf(pool);
  if (pool === 'pcm-blue' || pool === 'pcm-gold') {
    const pcms = members.filter((m) => m.role === 'pcm');
    const nurses = members.filter((m) => m.role === 'nurse');
    if (kind === 'renewal-request' || kind === 'result-release') {
      if (prefer !== undefined && prefer.role === 'pcm' && members.includes(prefer) && rnd.chance(0.8)) return prefer;
      return rnd.chance(0.85) || nurses.length === 0 ? rnd.pick(pcms) : rnd.pick(nurses);
    }
    return rnd.chance(0.55) || nurses.length === 0 ? rnd.pick(pcms) : rnd.pick(nurses);
  }
  if (pool === 'nursing') return rnd.pick(members.filter((m) => m.role === 'nurse'));
  return rnd.pick(members);
}

export function truthOf(message: Composed, c: TopicContext): WorkTruth {
  const { links } = c;
  const truth: WorkTruth = {
    kind: message.kind,
    emergency: message.redFlag?.mention === 'current',
    redFlag: message.redFlag,
  };
  if (links.med !== undefined) truth.medicationRequestId = links.med.id;
  if (links.report !== undefined) truth.reportId = links.report.id;
  if (links.referral !== undefined) truth.referralId = links.referral.id;
  if (links.appointment !== undefined) truth.appointmentId = links.appointment.id;
  return truth;
}

/** A patient's message thread and its Task. `redFlag` swaps in wording that touches an emergency topic. */
export function addThreadItem(w: Workload, id: string, at: number, kind: WorkKind, redFlag: boolean): void {
  // A red-flag item draws from a stream of its own, so that adding or reweighting red-flag wordings
  // never reshuffles what the clinic's stream gives every other item.
  const own = redFlag ? { ...w, rnd: seededRandom(idSeed(w.seed, `red-flag-${id}`)) } : w;
  const { rnd, sink, now, clock } = own;
  const { c, message } = findSender(own, at, redFlag ? RED_FLAG_PICKER : topicPicker(kind));
  const pool = poolFor(rnd, message, c.patient);
  const emergency = message.redFlag?.mention === 'current';
  const plan = planLifecycle(rnd, clock, {
    kind: message.kind,
    priority: message.priority,
    received: at,
    owner: ownerFor(rnd, pool, message.kind),
    pace: w.pace,
    emergency,
  });
  const closed = plan.cancel === null && plan.closeAt <= now;
  const booked = closed ? applyAppointmentWork(own, c, plan) : null;
  addMessageWork(rnd, sink, { id, c, message, pool, plan, booked }, now);
  w.truth.set(id, truthOf(message, c));
}

/**
 * The thread a patient's message starts and the Task that carries it through the inbox; shared by
 * the generated history and the live mode, so a live message is built exactly like a past one.
 */
export function addMessageWork(
  rnd: Random,
  sink: Sink,
  item: {
    id: string;
    c: TopicContext;
    message: Composed;
    pool: PoolKey;
    plan: Plan;
    booked: { appointment: AppointmentModel; text: string } | null;
  },
  now: number,
): Task {
  const { id, c, message, pool, plan, booked } = item;
  const thread = addThread(
    rnd,
    sink,
    {
      key: id,
      patient: c.patient,
      sender: c.sender,
      pool,
      message,
      links: c.links,
      plan,
      booked: booked?.text ?? null,
    },
    now,
  );
  return addTask(
    sink,
    {
      id,
      kind: message.kind,
      priority: message.priority,
      subject: message.subject,
      patient: c.patient,
      requester: c.sender,
      pool,
      focus: ref('Communication', thread.header.id ?? ''),
      basedOn: c.links.referral === undefined ? undefined : ref('ServiceRequest', c.links.referral.id),
      plan,
      output:
        booked !== null
          ? { type: 'Appointment', value: ref('Appointment', booked.appointment.id) }
          : thread.finalReply === null
            ? undefined
            : { type: 'Reply', value: ref('Communication', thread.finalReply.id ?? '') },
    },
    now,
  );
}

/** Cancels or books what a front-desk item asked for, once it is done. */
function applyAppointmentWork(
  w: Workload,
  c: TopicContext,
  plan: Plan,
): { appointment: AppointmentModel; text: string } | null {
  const action = c.links.appointmentAction;
  if (action === undefined) return null;
  const { rnd, sink, clock } = w;
  const old = c.links.appointment;
  if ((action === 'cancel' || action === 'reschedule') && old !== undefined && old.start > plan.closeAt) {
    old.resource.status = 'cancelled';
    old.resource.cancelationReason = { text: 'Patient request via portal' };
    sink.touch(old.resource, plan.closeAt);
  }
  if (action === 'cancel') return null;
  const appointment = bookAppointment(rnd, sink, clock, c.patient, {
    id: w.world.newId('appt', c.patient),
    createdAt: plan.closeAt,
    day: clock.local(plan.closeAt).day + rnd.int(2, 14),
    reason: visitReason(rnd, c.patient),
  });
  const start = appointment.start;
  return {
    appointment,
    text: `${clock.weekdayName(start)} ${clock.shortDate(start)} at ${clock.militaryTime(start)}`,
  };
}
