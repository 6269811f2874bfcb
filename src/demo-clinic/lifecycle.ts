import type { Priority, TaskStatus } from '../shared/work-item';
import type { ClinicClock } from './clinic-clock';
import { HOUR, MINUTE } from './clinic-clock';
import { exponential } from './random';
import type { Random } from './random';
import type { StaffMember } from './staff';
import type { WorkKind } from './work-kinds';

/**
 * A work item's life, planned forward from its arrival: claimed, worked, maybe held waiting on the
 * patient, then closed. Staff act only in opening hours, so an item sent on Friday evening waits
 * for Monday. The Task's status at `now` is whichever of these steps has happened by then, so an
 * old item is almost always done and a fresh one still waits in its pool.
 */
export interface Plan {
  received: number;
  owner: StaffMember;
  /** Withdrawn by the patient (or a duplicate) before anyone claimed it. */
  cancel: { at: number; reason: string } | null;
  claimAt: number;
  startAt: number;
  hold: { at: number; until: number; reason: string } | null;
  closeAt: number;
  outcome: 'completed' | 'rejected';
  rejectReason: string | null;
}

/** How long staff take, as multiples of a normal clinic's pace; the small demo runs a backlog. */
export interface Pace {
  claim: number;
  start: number;
  hold: number;
  work: number;
}

export const NORMAL_PACE: Pace = { claim: 1, start: 1, hold: 1, work: 1 };

const CLAIM_MEAN: Record<Priority, number> = {
  stat: 5 * MINUTE,
  asap: 30 * MINUTE,
  urgent: 2 * HOUR,
  routine: 6 * HOUR,
};

const HOLD_SHARE: Record<WorkKind, number> = {
  'clinical-question': 0.1,
  'result-question': 0.08,
  'renewal-request': 0.1,
  'refill-request': 0.06,
  'result-release': 0.12,
  'referral-status': 0.2,
  'appointment-request': 0.06,
  'records-request': 0.2,
  'admin-question': 0.06,
};

/** Why an item waits. For held results these are the exception reasons the clinic documents. */
export const HOLD_REASONS: Record<WorkKind, readonly string[]> = {
  'clinical-question': ['Waiting for patient callback', 'Waiting for home readings', 'Nurse visit booked'],
  'result-question': ['PCM to call patient'],
  'renewal-request': ['Needs blood pressure check before renewal', 'Waiting for PCM review', 'Labs due before renewal'],
  'refill-request': ['Waiting for patient to choose a pharmacy'],
  'result-release': [
    'Provider to discuss with patient before release',
    'Awaiting remaining results of the order',
    'Patient to be called first',
  ],
  'referral-status': ['Waiting on the regional contractor', 'Waiting for patient to confirm address'],
  'appointment-request': ['Waiting for patient availability'],
  'records-request': ['Waiting for signed release (DD Form 2870)'],
  'admin-question': ['Waiting for DoD ID number'],
};

const CANCEL_REASONS = ['Patient withdrew the request', 'Duplicate request', 'Patient seen at urgent care'] as const;
const REJECT_REASONS = [
  'Needs an appointment before renewal',
  'Medication stopped at last visit',
  'Prescribed by an outside specialist',
] as const;

export function planLifecycle(
  rnd: Random,
  clock: ClinicClock,
  spec: { kind: WorkKind; priority: Priority; received: number; owner: StaffMember; pace: Pace; emergency: boolean },
): Plan {
  const { received, pace } = spec;
  const cancellable = !spec.emergency && spec.kind !== 'result-release';
  const claimAt = clock.addWorkingTime(received, exponential(rnd, CLAIM_MEAN[spec.priority] * pace.claim) + MINUTE);
  if (cancellable && rnd.chance(0.03)) {
    const at = received + Math.min(claimAt - received - MINUTE, rnd.int(20, 30 * 60) * MINUTE);
    if (at > received) {
      return {
        received,
        owner: spec.owner,
        cancel: { at, reason: rnd.pick(CANCEL_REASONS) },
        claimAt,
        startAt: claimAt,
        hold: null,
        closeAt: claimAt,
        outcome: 'completed',
        rejectReason: null,
      };
    }
  }
  // Most claims are worked at once; some sit claimed for a while behind other work.
  const startAt = spec.emergency
    ? claimAt + rnd.int(1, 5) * MINUTE
    : rnd.chance(0.7)
      ? clock.addWorkingTime(claimAt, rnd.int(1, 20) * MINUTE)
      : clock.addWorkingTime(claimAt, exponential(rnd, 3 * HOUR * pace.start) + MINUTE);
  let resumeAt = startAt;
  let hold: Plan['hold'] = null;
  if (!spec.emergency && rnd.chance(HOLD_SHARE[spec.kind])) {
    const at = clock.addWorkingTime(startAt, rnd.int(5, 60) * MINUTE);
    const until = clock.addWorkingTime(at, (3 + rnd.next() * 24) * HOUR * pace.hold);
    hold = { at, until, reason: rnd.pick(HOLD_REASONS[spec.kind]) };
    resumeAt = until;
  }
  const work = spec.emergency ? rnd.int(2, 10) * MINUTE : exponential(rnd, 25 * MINUTE * pace.work) + 3 * MINUTE;
  const closeAt = clock.addWorkingTime(resumeAt, work);
  const rejected = spec.kind === 'renewal-request' && rnd.chance(0.12);
  return {
    received,
    owner: spec.owner,
    cancel: null,
    claimAt,
    startAt,
    hold,
    closeAt,
    outcome: rejected ? 'rejected' : 'completed',
    rejectReason: rejected ? rnd.pick(REJECT_REASONS) : null,
  };
}

export interface TaskState {
  status: TaskStatus;
  /** One more than the number of changes made by `now`: the Task's versionId. */
  version: number;
  lastUpdated: number;
  claimed: boolean;
  closed: boolean;
}

export function stateAt(plan: Plan, now: number): TaskState {
  // The steps in order; the state is the last one reached by `now`.
  const times: number[] = [];
  const statuses: TaskStatus[] = [];
  if (plan.cancel !== null) {
    times.push(plan.cancel.at);
    statuses.push('cancelled');
  } else {
    times.push(plan.claimAt, plan.startAt);
    statuses.push('accepted', 'in-progress');
    if (plan.hold !== null) {
      times.push(plan.hold.at, plan.hold.until);
      statuses.push('on-hold', 'in-progress');
    }
    times.push(plan.closeAt);
    statuses.push(plan.outcome);
  }
  let reached = 0;
  while (reached < times.length && (times[reached] ?? Infinity) <= now) reached++;
  const status: TaskStatus = reached === 0 ? 'requested' : (statuses[reached - 1] ?? 'requested');
  return {
    status,
    version: reached + 1,
    lastUpdated: reached === 0 ? plan.received : (times[reached - 1] ?? plan.received),
    claimed: status !== 'requested' && status !== 'cancelled',
    closed: status === 'completed' || status === 'rejected' || status === 'cancelled',
  };
}
