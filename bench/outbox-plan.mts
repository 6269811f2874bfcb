import type { CareTeam, PractitionerRole, Resource, Task } from '@medplum/fhirtypes';
import { seededRandom } from '../src/domain/demo-clinic/random';
import type { Random } from '../src/domain/demo-clinic/random';
import type { ActionKind } from '../src/shared/staff-actions';

/**
 * The benchmark's queue: the same mix as the outbox's fault test (outbox-faults.test.ts). Every
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

const OPEN = new Set(['requested', 'accepted', 'in-progress']);
const KINDS: readonly ActionKind[] = [
  'note',
  'note',
  'note',
  'priority',
  'priority',
  'claim',
  'claim',
  'assign',
  'route',
];
const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'] as const;

const uuidOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

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
  const open = resources.filter((r): r is Task & { id: string } => r.resourceType === 'Task' && OPEN.has(r.status));
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

function planItem(
  rand: Random,
  item: string,
  n: number,
  nurses: readonly string[],
  pools: readonly string[],
): Pick<PlannedAction, 'item' | 'kind' | 'payload'>[] {
  const plan: Pick<PlannedAction, 'item' | 'kind' | 'payload'>[] = [];
  const count = rand.int(3, 8);
  for (let i = 0; i < count; i++) {
    const kind = rand.chance(0.2) ? 'reply' : rand.pick(KINDS);
    const tag = `${item} #${i} (${n})`;
    const payload: Record<string, string> =
      kind === 'note'
        ? { text: `Note ${tag}` }
        : kind === 'reply'
          ? { text: `Reply ${tag}: please call the clinic.` }
          : kind === 'priority'
            ? { priority: rand.pick(PRIORITIES) }
            : kind === 'assign'
              ? { to: rand.pick(nurses) }
              : kind === 'route'
                ? { pool: rand.pick(pools), reason: `Routing ${tag}` }
                : {};
    plan.push({ item, kind, payload });
  }
  if (rand.chance(0.4)) plan.push({ item, kind: 'done', payload: {} });
  return plan;
}
