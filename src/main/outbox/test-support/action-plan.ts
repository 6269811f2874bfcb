import type { Random } from '../../../demo-clinic/random';
import type { ActionKind } from '../../../shared/staff-actions';

/**
 * The mix of decisions a busy desk makes on one item, shared by the outbox's fault test and its
 * benchmark so both drain the same kind of queue. Deterministic from the random source.
 */
export interface PlannedStep {
  item: string;
  kind: ActionKind;
  payload: Record<string, string>;
}

/** The statuses an item can still be worked in. */
export const PLANNABLE = new Set(['requested', 'accepted', 'in-progress']);

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

/** A fixed, valid UUID per position, so runs compare. */
export const uuidOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Three to eight decisions on one item, replies among them, sometimes closed at the end. */
export function planItem(
  rand: Random,
  item: string,
  n: number,
  nurses: readonly string[],
  pools: readonly string[],
): PlannedStep[] {
  const plan: PlannedStep[] = [];
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
