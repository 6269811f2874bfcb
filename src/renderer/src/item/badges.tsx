import type {
  EmergencyFlag,
  EmergencyKind,
  ItemSyncState,
  Priority,
  TaskStatus,
  WorkType,
} from '../../../shared/work-item';
import { WORK_TYPE_LABELS } from '../../../shared/work-item';
import { dueState, formatWhen, timeLeft } from '../ui/format';
import { EMERGENCY_BADGE, POSSIBLE_EMERGENCY_BADGE, PRIORITY_LABELS } from './item-words';

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
export function DueCell({ dueAt, now, withTime = true }: { dueAt: number | null; now: number; withTime?: boolean }) {
  const state = dueState(dueAt, now);
  return (
    <span className={`due due-${state}`}>
      <span className="due-left">{timeLeft(dueAt, now)}</span>
      {dueAt !== null && withTime && <span className="due-at">{formatWhen(dueAt, now)}</span>}
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

/**
 * "⚠ EMERGENCY · 911" or "⚠ CRISIS · 988", solid red; once someone has dealt with it, an outlined
 * "CRISIS · 988 ✓ acknowledged" in one badge, so the word survives a narrow subject column.
 */
export function EmergencyBadge({ flag }: { flag: EmergencyFlag }) {
  if (flag.acknowledgedAt === null) {
    return (
      <span className="badge emergency-badge">
        <span aria-hidden="true">⚠ </span>
        {EMERGENCY_BADGE[flag.kind]}
      </span>
    );
  }
  return (
    <span className="badge emergency-badge acknowledged">
      {EMERGENCY_BADGE[flag.kind]}{' '}
      <span className="ack-mark">
        ✓<span className="ack-word"> acknowledged</span>
      </span>
    </span>
  );
}

/** "READ NOW · possible 911": the second tier, outlined in amber, words first. */
export function PossibleEmergencyBadge({ kind }: { kind: EmergencyKind }) {
  return (
    <span className="badge possible-emergency-badge" title="Possible emergency: read it now">
      {POSSIBLE_EMERGENCY_BADGE[kind]}
    </span>
  );
}
