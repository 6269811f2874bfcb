import { sql } from 'kysely';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { PENDING_STATES } from '../outbox/pending';
import type { DB, WorkItemRow } from '../db/schema';
import type {
  BeneficiaryCategory,
  EmergencyFlag,
  ItemSyncState,
  Priority,
  TaskStatus,
  WorkItemSummary,
  WorkType,
} from '../../shared/work-item';

type SummaryRow = WorkItemRow & {
  patient_name: string | null;
  beneficiary_category: string | null;
  pool_name: string | null;
  owner_name: string | null;
  acknowledged_by_name: string | null;
  escalated_to: string | null;
  sync_rank: number | null;
};

const SYNC_STATES: Record<number, ItemSyncState> = { 1: 'queued', 2: 'sending', 3: 'needs-review' };

/**
 * The summary's joins and computed columns, shared by the list and the detail. The sync state is
 * an aggregate over the item's unconfirmed outbox rows (on their index), and the lead's name is
 * looked up only for the rows that are overdue, so neither needs a sort or a scan of its own.
 */
export function withSummaryColumns<O>(q: SelectQueryBuilder<DB, 'work_item', O>, now: number) {
  return q
    .leftJoin('patient', 'patient.id', 'work_item.patient_id')
    .leftJoin('pool', 'pool.id', 'work_item.pool_id')
    .leftJoin('practitioner as owner', 'owner.id', 'work_item.owner_id')
    .leftJoin('practitioner as acker', (join) =>
      // The acknowledgement names its author by reference (`Practitioner/…`), as the Task does.
      join.on('acker.id', '=', sql<string>`substr(work_item.emergency_ack_by, 14)`),
    )
    .selectAll('work_item')
    .select(['patient.display_name as patient_name', 'patient.beneficiary_category', 'pool.name as pool_name'])
    .select(['owner.display_name as owner_name', 'acker.display_name as acknowledged_by_name'])
    .select(
      sql<string | null>`case when work_item.is_open = 1 and work_item.due_at < ${now} then (
        select lead.display_name from pool_member
        join practitioner as lead on lead.id = pool_member.practitioner_id
        where pool_member.pool_id = work_item.pool_id and pool_member.lead = 1
        order by pool_member.practitioner_id limit 1) end`.as('escalated_to'),
    )
    .select((eb) =>
      eb
        .selectFrom('outbox_action')
        .select(sql<number>`max(case state when 'queued' then 1 when 'sending' then 2 else 3 end)`.as('sync_rank'))
        .whereRef('outbox_action.work_item_id', '=', 'work_item.id')
        .where('outbox_action.state', 'in', PENDING_STATES)
        .as('sync_rank'),
    );
}

export function summaryById(db: Kysely<DB>, id: string, now: number) {
  return withSummaryColumns(db.selectFrom('work_item'), now).where('work_item.id', '=', id).executeTakeFirst();
}

function emergencyOf(row: SummaryRow): EmergencyFlag | null {
  if (row.emergency !== 1) return null;
  const how = row.emergency_ack_how;
  return {
    kind: row.emergency_kind === 'crisis' ? 'crisis' : 'medical',
    acknowledgedAt: row.emergency_ack_at,
    acknowledgedBy: row.emergency_ack_at === null ? null : (row.acknowledged_by_name ?? row.emergency_ack_by),
    acknowledgedHow: how === 'reply' || how === 'call' ? how : null,
  };
}

export function toSummary(row: SummaryRow): WorkItemSummary {
  return {
    id: row.id,
    workType: row.work_type as WorkType,
    status: row.status as TaskStatus,
    priority: row.priority as Priority,
    subject: row.subject,
    patientId: row.patient_id,
    patientName: row.patient_name ?? row.patient_display,
    beneficiaryCategory: row.beneficiary_category as BeneficiaryCategory | null,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    poolId: row.pool_id,
    poolName: row.pool_name,
    ownerName: row.owner_type === 'person' ? (row.owner_display ?? row.owner_name) : null,
    ownerId: row.owner_type === 'person' ? row.owner_id : null,
    claimed: row.owner_type === 'person',
    emergency: emergencyOf(row),
    possibleEmergency:
      row.emergency !== 1 && row.possible_emergency === 1
        ? { kind: row.emergency_kind === 'crisis' ? 'crisis' : 'medical' }
        : null,
    escalatedTo: row.escalated_to,
    syncState: row.sync_rank === null ? null : (SYNC_STATES[row.sync_rank] ?? 'needs-review'),
  };
}
