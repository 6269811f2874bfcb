import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { PENDING_STATES } from '../outbox/pending';
import type { DB, MedicationRequestRow, WorkItemRow } from '../db/schema';
import type {
  BeneficiaryCategory,
  InboxPage,
  ItemSyncState,
  MedicationSummary,
  PatientContext,
  PoolSummary,
  Priority,
  ResultSummary,
  TaskStatus,
  ThreadMessage,
  WorkItemDetail,
  WorkItemSummary,
  WorkType,
} from '../../shared/work-item';

export interface InboxQuery {
  poolId: string | null;
  includeClosed: boolean;
  offset: number;
  limit: number;
}

type SummaryRow = WorkItemRow & {
  patient_name: string | null;
  beneficiary_category: string | null;
  pool_name: string | null;
  owner_name: string | null;
  sync_rank: number | null;
};

const SYNC_STATES: Record<number, ItemSyncState> = { 1: 'queued', 2: 'sending', 3: 'needs-review' };

/**
 * The summary's joins and computed columns, shared by the list and the detail. The sync state is
 * an aggregate over the item's unconfirmed outbox rows (on their index), so the list needs no sort of its own.
 */
function summaryColumns(q: ReturnType<typeof baseQuery>) {
  return q
    .leftJoin('patient', 'patient.id', 'work_item.patient_id')
    .leftJoin('pool', 'pool.id', 'work_item.pool_id')
    .leftJoin('practitioner as owner', 'owner.id', 'work_item.owner_id')
    .selectAll('work_item')
    .select(['patient.display_name as patient_name', 'patient.beneficiary_category', 'pool.name as pool_name'])
    .select('owner.display_name as owner_name')
    .select((eb) =>
      eb
        .selectFrom('outbox_action')
        .select(sql<number>`max(case state when 'queued' then 1 when 'sending' then 2 else 3 end)`.as('sync_rank'))
        .whereRef('outbox_action.work_item_id', '=', 'work_item.id')
        .where('outbox_action.state', 'in', PENDING_STATES)
        .as('sync_rank'),
    );
}

function baseQuery(db: Kysely<DB>, query: Pick<InboxQuery, 'poolId' | 'includeClosed'>) {
  let q = db.selectFrom('work_item');
  if (!query.includeClosed) q = q.where('work_item.is_open', '=', 1);
  if (query.poolId !== null) q = q.where('work_item.pool_id', '=', query.poolId);
  return q;
}

/**
 * One page of the inbox, soonest due first. An item without a due time sorts first: SQLite puts
 * NULL lowest, which keeps the ordering on the index, and such an item needs a person's eyes anyway.
 */
export function inboxPageQuery(db: Kysely<DB>, query: InboxQuery) {
  return summaryColumns(baseQuery(db, query))
    .orderBy('work_item.due_at')
    .orderBy('work_item.id')
    .limit(query.limit)
    .offset(query.offset);
}

export async function listInbox(db: Kysely<DB>, query: InboxQuery): Promise<InboxPage> {
  const total = await baseQuery(db, query)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await inboxPageQuery(db, query).execute();
  return { total: Number(total.n), items: rows.map(toSummary) };
}

function toSummary(row: SummaryRow): WorkItemSummary {
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
    claimed: row.owner_type === 'person',
    syncState: row.sync_rank === null ? null : (SYNC_STATES[row.sync_rank] ?? 'needs-review'),
  };
}

export async function listPools(db: Kysely<DB>): Promise<PoolSummary[]> {
  const rows = await db
    .selectFrom('pool')
    .leftJoin('work_item', (join) => join.onRef('work_item.pool_id', '=', 'pool.id').on('work_item.is_open', '=', 1))
    .select(['pool.id', 'pool.name'])
    .select((eb) => eb.fn.count<number>('work_item.id').as('open_count'))
    .where('pool.active', '=', 1)
    .groupBy(['pool.id', 'pool.name'])
    .orderBy('pool.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, openCount: Number(r.open_count) }));
}

/** One item with everything the detail pane shows; null when the cache does not hold it. */
export async function getItemDetail(db: Kysely<DB>, id: string): Promise<WorkItemDetail | null> {
  const row = await summaryColumns(baseQuery(db, { poolId: null, includeClosed: true }))
    .where('work_item.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return null;
  const [messages, patient, medication, result] = await Promise.all([
    row.focus_type === 'Communication' && row.focus_id !== null ? threadMessages(db, row.focus_id) : [],
    row.patient_id === null ? null : patientContext(db, row.patient_id),
    row.focus_type === 'MedicationRequest' && row.focus_id !== null ? medicationById(db, row.focus_id) : null,
    row.focus_type === 'DiagnosticReport' && row.focus_id !== null ? resultById(db, row.focus_id) : null,
  ]);
  return { item: toSummary(row), description: row.description, messages, patient, medication, result };
}

async function threadMessages(db: Kysely<DB>, threadId: string): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom('message')
    // A reply written on this desk names its sender by reference only: the roster has the name.
    .leftJoin('practitioner', 'practitioner.id', 'message.sender_id')
    .selectAll('message')
    .select('practitioner.display_name as practitioner_name')
    .where('thread_id', '=', threadId)
    .where('body', 'is not', null)
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
  return rows.map((m) => ({
    id: m.id,
    sentAt: m.sent_at ?? m.received_at,
    fromPatient: m.sender_type === 'Patient',
    senderName:
      m.sender_display ??
      (m.sender_type === 'Practitioner' ? m.practitioner_name : null) ??
      (m.sender_type === 'Patient' ? 'Patient' : 'Clinic staff'),
    body: m.body ?? '',
  }));
}

const toMedication = (m: MedicationRequestRow): MedicationSummary => ({
  id: m.id,
  medication: m.medication,
  dosage: m.dosage,
  status: m.status,
  refillsAllowed: m.refills_allowed,
  validUntil: m.valid_until,
});

async function medicationById(db: Kysely<DB>, id: string): Promise<MedicationSummary | null> {
  const row = await db.selectFrom('medication_request').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toMedication(row);
}

async function resultById(db: Kysely<DB>, id: string): Promise<ResultSummary | null> {
  const report = await db.selectFrom('diagnostic_report').selectAll().where('id', '=', id).executeTakeFirst();
  if (report === undefined) return null;
  const observations = await db
    .selectFrom('report_result')
    .innerJoin('observation', 'observation.id', 'report_result.observation_id')
    .select(['observation.name', 'observation.value_text', 'observation.flag'])
    .where('report_result.report_id', '=', id)
    .orderBy('report_result.position')
    .execute();
  return {
    id: report.id,
    name: report.name,
    issuedAt: report.issued_at,
    held: report.held === 1,
    observations: observations.map((o) => ({ name: o.name, value: o.value_text ?? '', flag: o.flag })),
  };
}

async function patientContext(db: Kysely<DB>, patientId: string): Promise<PatientContext | null> {
  const patient = await db.selectFrom('patient').selectAll().where('id', '=', patientId).executeTakeFirst();
  if (patient === undefined) return null;
  const meds = await db
    .selectFrom('medication_request')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .orderBy('medication')
    .execute();
  return {
    id: patient.id,
    name: patient.display_name,
    birthDate: patient.birth_date,
    gender: patient.gender,
    beneficiaryCategory: patient.beneficiary_category as BeneficiaryCategory | null,
    region: patient.region,
    activeMedications: meds.map(toMedication),
  };
}
