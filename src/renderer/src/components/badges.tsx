import type { ItemSyncState, Priority, TaskStatus, WorkType } from '../../../shared/work-item';
import { WORK_TYPE_LABELS } from '../../../shared/work-item';
import { dueState, formatWhen, timeLeft } from '../format';

const PRIORITY_LABELS: Record<Priority, string> = { stat: 'STAT', asap: 'ASAP', urgent: 'Urgent', routine: 'Routine' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`badge priority-${priority}`}>{PRIORITY_LABELS[priority]}</span>;
}

export function TypeLabel({ workType }: { workType: WorkType }) {
  return <span className={`type type-${workType}`}>{WORK_TYPE_LABELS[workType]}</span>;
}

const STATUS_LABELS: Record<TaskStatus, string> = {
  requested: 'New',
  accepted: 'Claimed',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  completed: 'Done',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

export function statusLabel(status: TaskStatus): string {
  return STATUS_LABELS[status];
}

/** Due time with what matters most, the time left, coloured by how close it is. */
export function DueCell({ dueAt, now }: { dueAt: number | null; now: number }) {
  const state = dueState(dueAt, now);
  return (
    <span className={`due due-${state}`}>
      <span className="due-left">{timeLeft(dueAt, now)}</span>
      {dueAt !== null && <span className="due-at">{formatWhen(dueAt, now)}</span>}
    </span>
  );
}

const SYNC_LABELS: Record<ItemSyncState, string> = {
  queued: 'Waiting to sync',
  sending: 'Sending…',
  'needs-review': 'Needs review',
};

const COMPACT_LABELS: Record<ItemSyncState, string> = {
  queued: 'Unsent',
  sending: 'Sending',
  'needs-review': 'Review',
};

/** Whether the portal has this item's latest decisions; nothing shown when it has. */
export function SyncStateBadge({ state, compact = false }: { state: ItemSyncState | null; compact?: boolean }) {
  if (state === null) return null;
  return (
    <span className={`sync-state sync-${state}`} title={SYNC_LABELS[state]}>
      {compact ? COMPACT_LABELS[state] : SYNC_LABELS[state]}
    </span>
  );
}
