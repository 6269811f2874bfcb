import type { CareTeam, PractitionerRole, Resource, Task } from '@medplum/fhirtypes';
import { seededRandom } from '../src/demo-clinic/random';
import { planItem, PLANNABLE, uuidOf } from '../src/main/outbox/test-support/action-plan';
import type { ActionKind } from '../src/shared/staff-actions';

/**
 * The benchmark's queue: the same mix as the outbox's fault test (planItem, shared with it). Every
 * open work item gets three to eight decisions (notes, priorities, claims, assignments, routings, a
 * fifth of them replies to the patient), sometimes closed at the end, recorded interleaved across
 * items as a busy desk would, each item's own in order. Deterministic from the clinic and the seed.
 */
export interface PlannedAction {
  item: string;
  kind: ActionKind;
  payload: Record<string, string>;
  uuid: string;
  /** When it was decided: one second after the one before. */
  at: Date;
  actor: string;
}

/** The first `count` actions of the plan; throws when the clinic's open items give fewer. */
export function planActions(resources: readonly Resource[], count: number, start: Date, seed = 2026): PlannedAction[] {
  const nurses = resources
    .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
    .filter((r) => r.code?.some((c) => c.coding?.some((code) => code.code === 'nurse')))
    .map((r) => r.practitioner?.reference ?? '');
  const pools = resources
    .filter((r): r is CareTeam => r.resourceType === 'CareTeam' && r.id?.startsWith('pool-') === true)
    .map((r) => `CareTeam/${r.id ?? ''}`);
  const actor = nurses[0];
  if (actor === undefined || pools.length === 0) throw new Error('The clinic has no nurses or no pools.');
  const rand = seededRandom(seed);
  const open = resources.filter(
    (r): r is Task & { id: string } => r.resourceType === 'Task' && PLANNABLE.has(r.status),
  );
  const queues = open.map((t, n) => planItem(rand, t.id, n, nurses, pools));
  const planned: PlannedAction[] = [];
  let clock = start.getTime();
  while (planned.length < count) {
    const left = queues.filter((q) => q.length > 0);
    if (left.length === 0) {
      throw new Error(`The clinic's ${open.length} open items give only ${planned.length} actions, not ${count}.`);
    }
    const step = rand.pick(left).shift()!;
    clock += 1000;
    planned.push({ ...step, uuid: uuidOf(planned.length + 1), at: new Date(clock), actor });
  }
  return planned;
}
