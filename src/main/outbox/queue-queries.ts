import type { Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { QueueCounts, QueuedAction } from '../../shared/outbox-view';
import type { ActionKind, PrescriptionTerms } from '../../shared/staff-actions';
import { describeTerms } from '../../domain/outbox/renewal-appliers';
import type { DB } from '../db/schema';
import { EMERGENCY_ACK_EXT, TASK_POOL_EXT } from '../../domain/fhir/codes';
import { NEEDS_REVIEW_STATES, PENDING_STATES, SENDABLE_STATES } from './pending';
import { conflictFieldLabel } from './conflict-words';

/** Every unconfirmed action, oldest first, with what a person needs to decide about it. */
export async function listQueue(db: Kysely<DB>, actor?: string): Promise<QueuedAction[]> {
  let query = db
    .selectFrom('outbox_action')
    .leftJoin('work_item', 'work_item.id', 'outbox_action.work_item_id')
    .selectAll('outbox_action')
    .select('work_item.subject')
    .where('outbox_action.state', 'in', PENDING_STATES);
  // One person's queue on a desk others have used: only their own decisions are theirs to resolve.
  if (actor !== undefined) query = query.where('outbox_action.actor', '=', actor);
  const rows = await query.orderBy('outbox_action.action_id').execute();
  const names = await rosterNames(db);
  return rows.map((row) => {
    const fields = row.conflict_fields === null ? null : (JSON.parse(row.conflict_fields) as string[]);
    const theirs = row.theirs_json === null ? null : (JSON.parse(row.theirs_json) as Task);
    const labelled = fields?.map((f) => [conflictFieldLabel(f), f] as const) ?? [];
    return {
      actionId: row.action_id,
      workItemId: row.work_item_id,
      subject: row.subject,
      kind: row.kind as ActionKind,
      summary: describeAction(row.kind as ActionKind, JSON.parse(row.payload) as Record<string, unknown>),
      state: row.state as QueuedAction['state'],
      decidedAt: row.decided_at,
      attempts: row.attempts,
      lastError: row.last_error,
      conflict:
        row.state === 'conflict' && fields !== null && theirs !== null
          ? {
              fields: labelled.map(([label]) => label),
              theirs: Object.fromEntries(labelled.map(([label, f]) => [label, fieldValue(theirs, f, names)])),
            }
          : null,
    };
  });
}

export async function queueCounts(db: Kysely<DB>): Promise<QueueCounts> {
  const rows = await db
    .selectFrom('outbox_action')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', 'in', PENDING_STATES)
    .groupBy('state')
    .execute();
  const count = (states: readonly string[]) =>
    rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + Number(r.n), 0);
  return { waiting: count(SENDABLE_STATES), needsReview: count(NEEDS_REVIEW_STATES) };
}

const clip = (text: unknown): string => {
  const s = typeof text === 'string' ? text : '';
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

function describeAction(kind: ActionKind, payload: Record<string, unknown>): string {
  switch (kind) {
    case 'claim':
      return 'Claim';
    case 'assign':
      return `Assign to ${String(payload['to'])}${payload['reason'] === undefined ? '' : `: ${clip(payload['reason'])}`}`;
    case 'route':
      return `Route to ${String(payload['pool'])}: ${clip(payload['reason'])}`;
    case 'priority':
      return `Priority: ${String(payload['priority'])}`;
    case 'note':
      return `Staff note: ${clip(payload['text'])}`;
    case 'reply':
      return `Reply to patient: ${clip(payload['text'])}`;
    case 'done':
      return 'Mark done';
    case 'acknowledge':
      return `Acknowledged emergency (${payload['how'] === 'reply' ? '911/988 reply' : 'call'}): ${clip(payload['note'])}`;
    case 'renew':
      return `${payload['changed'] === true ? 'Renew with changes' : 'Renew'}: ${clip(describeTerms(payload['terms'] as PrescriptionTerms))}`;
    case 'deny':
      return `Deny renewal: ${clip(payload['reason'])}`;
    case 'pend':
      return `Pend renewal for PCM: ${clip(payload['note'])}`;
    case 'redirect-refill':
      return `Refill: pointed to the pharmacy: ${clip(payload['text'])}`;
    case 'release':
      return `Release result${payload['comment'] === undefined ? '' : ` with comment: ${clip(payload['comment'])}`}`;
    case 'hold':
      return `Hold result until ${String(payload['reviewOn'])}: ${clip(payload['note'])}`;
  }
}

/** Staff and pools by reference (`Practitioner/…`, `CareTeam/…`), so a conflict names people, not ids. */
async function rosterNames(db: Kysely<DB>): Promise<Map<string, string>> {
  const [people, pools] = await Promise.all([
    db.selectFrom('practitioner').select(['id', 'display_name']).execute(),
    db.selectFrom('pool').select(['id', 'name']).execute(),
  ]);
  return new Map([
    ...people.map((p) => [`Practitioner/${p.id}`, p.display_name] as const),
    ...pools.map((p) => [`CareTeam/${p.id}`, p.name] as const),
  ]);
}

/** The other side's value of a conflicting field, in words. */
function fieldValue(task: Task, field: string, names: ReadonlyMap<string, string>): string {
  const named = (reference: string | undefined, display: string | undefined) =>
    (reference === undefined ? undefined : names.get(reference)) ?? display ?? reference;
  if (field === 'owner') return named(task.owner?.reference, task.owner?.display) ?? 'nobody';
  if (field === 'status') return task.status;
  if (field === 'priority') return task.priority ?? 'routine';
  if (field === `extension:${TASK_POOL_EXT}`) {
    const pool = task.extension?.find((e) => e.url === TASK_POOL_EXT)?.valueReference;
    return named(pool?.reference, pool?.display) ?? 'none';
  }
  if (field === `extension:${EMERGENCY_ACK_EXT}`) return 'acknowledged';
  if (field.startsWith('extension:')) return 'changed';
  const value = (task as unknown as Record<string, unknown>)[field];
  return value === undefined ? 'removed' : clip(JSON.stringify(value));
}
