import type { Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { QueueCounts, QueuedAction } from '../../shared/outbox-view';
import type { ActionKind } from '../../shared/staff-actions';
import type { DB } from '../db/schema';
import { PENDING_STATES } from './pending';

/** Every unconfirmed action, oldest first, with what a person needs to decide about it. */
export async function listQueue(db: Kysely<DB>): Promise<QueuedAction[]> {
  const rows = await db
    .selectFrom('outbox_action')
    .leftJoin('work_item', 'work_item.id', 'outbox_action.work_item_id')
    .selectAll('outbox_action')
    .select('work_item.subject')
    .where('outbox_action.state', 'in', PENDING_STATES)
    .orderBy('outbox_action.action_id')
    .execute();
  return rows.map((row) => {
    const fields = row.conflict_fields === null ? null : (JSON.parse(row.conflict_fields) as string[]);
    const theirs = row.theirs_json === null ? null : (JSON.parse(row.theirs_json) as Task);
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
          ? { fields, theirs: Object.fromEntries(fields.map((f) => [f, fieldValue(theirs, f)])) }
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
  const count = (states: string[]) =>
    rows.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + Number(r.n), 0);
  return { waiting: count(['queued', 'sending']), needsReview: count(['parked', 'conflict']) };
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
      return `Assign to ${String(payload['to'])}`;
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
  }
}

/** The other side's value of a conflicting field, in words. */
function fieldValue(task: Task, field: string): string {
  if (field === 'owner') return task.owner?.display ?? task.owner?.reference ?? 'nobody';
  if (field === 'status') return task.status;
  if (field === 'priority') return task.priority ?? 'routine';
  if (field.startsWith('extension:')) return 'changed';
  const value = (task as unknown as Record<string, unknown>)[field];
  return value === undefined ? 'removed' : clip(JSON.stringify(value));
}
