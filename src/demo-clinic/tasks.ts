import type { CodeableConcept, Extension, Reference, Task } from '@medplum/fhirtypes';
import { WORK_TYPE_LABELS } from '../shared/work-item';
import type { Priority, WorkType } from '../shared/work-item';
import { TASK_POOL_EXT, WORK_TYPE_SYSTEM } from '../domain/fhir/codes';
import { HOUR, iso } from './clinic-clock';
import { stateAt } from './lifecycle';
import type { Plan } from './lifecycle';
import type { PatientModel } from './model';
import { sharedBy } from './sink';
import type { Sink } from './sink';
import { poolRef } from './staff';
import type { PoolKey } from './staff';
import { WORK_TYPE_OF } from './work-kinds';
import type { WorkKind } from './work-kinds';

const TASK_CODE = sharedBy<WorkType, CodeableConcept>((code) => ({
  coding: [{ system: WORK_TYPE_SYSTEM, code, display: WORK_TYPE_LABELS[code] }],
}));
const POOL_EXTENSION = sharedBy<PoolKey, Extension[]>((key) => [{ url: TASK_POOL_EXT, valueReference: poolRef(key) }]);

/** Demo-only due rule; the business-hours clock of the inbox issue replaces it. */
export const DEMO_TARGET_HOURS: Readonly<Record<Priority, number>> = { routine: 72, urgent: 24, asap: 4, stat: 1 };

export interface TaskSpec {
  id: string;
  kind: WorkKind;
  priority: Priority;
  subject: string;
  patient: PatientModel;
  /** Who asked: the patient or the parent writing for them; none for a lab result. */
  requester: PatientModel | null;
  pool: PoolKey;
  focus: Reference;
  basedOn?: Reference | undefined;
  note?: string | undefined;
  plan: Plan;
  /** What closing the item produced: the reply, the renewed prescription, the result notice. */
  output?: { type: string; value: Reference } | undefined;
}

/** The inbox row: shaped as src/main/cache/projections.ts reads it. */
export function addTask(sink: Sink, spec: TaskSpec, now: number): Task {
  const { plan } = spec;
  const state = stateAt(plan, now);
  const pool = poolRef(spec.pool);
  const statusReason =
    state.status === 'on-hold'
      ? plan.hold?.reason
      : state.status === 'cancelled'
        ? plan.cancel?.reason
        : state.status === 'rejected'
          ? (plan.rejectReason ?? undefined)
          : undefined;
  // Built by assignment rather than conditional spreads: at 100,000 items the spreads alone cost seconds.
  const task: Task = { resourceType: 'Task', id: spec.id, status: state.status, intent: 'order' };
  if (statusReason !== undefined) task.statusReason = { text: statusReason };
  task.priority = spec.priority;
  task.code = TASK_CODE(WORK_TYPE_OF[spec.kind]);
  task.description = spec.subject;
  task.focus = spec.focus;
  if (spec.basedOn !== undefined) task.basedOn = [spec.basedOn];
  task.for = spec.patient.ref;
  task.authoredOn = iso(plan.received);
  task.lastModified = iso(state.lastUpdated);
  if (spec.requester !== null) task.requester = spec.requester.ref;
  task.owner = state.claimed ? plan.owner.ref : pool;
  task.extension = POOL_EXTENSION(spec.pool);
  if (state.claimed) {
    task.executionPeriod = state.closed
      ? { start: iso(plan.claimAt), end: iso(plan.closeAt) }
      : { start: iso(plan.claimAt) };
  }
  task.restriction = { period: { end: iso(plan.received + DEMO_TARGET_HOURS[spec.priority] * HOUR) } };
  if (spec.note !== undefined) task.note = [{ text: spec.note }];
  if (state.status === 'completed' && spec.output !== undefined) {
    task.output = [{ type: { text: spec.output.type }, valueReference: spec.output.value }];
  }
  return sink.add(task, state.lastUpdated, state.version);
}
