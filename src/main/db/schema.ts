import type { Generated, Selectable } from 'kysely';

/**
 * The cache's tables as kysely sees them. `fhir_resource` keeps every resource exactly as the portal
 * sent it; the other tables are projections of it for fast inbox queries, rebuilt from the JSON
 * whenever a new version arrives. Times are epoch milliseconds (UTC); booleans are 0/1.
 */
export interface FhirResourceTable {
  rid: Generated<number>;
  resource_type: string;
  id: string;
  version_id: string;
  /** `meta.lastUpdated` exactly as the server wrote it: the sync watermark compares these. */
  last_updated: string;
  last_updated_ms: number;
  json: string;
}

export interface PatientTable {
  id: string;
  rid: number;
  display_name: string;
  birth_date: string | null;
  gender: string | null;
  beneficiary_category: string | null;
  region: string | null;
  /** Lookup keys (migration 11, domain/patients/patient-keys.ts): lower case, no accents. */
  family_key: string | null;
  given_key: string | null;
  /** The DoD ID (identifier system `sid/dod-id`), digits only. */
  dod_id: string | null;
}

export interface PractitionerTable {
  id: string;
  rid: number;
  display_name: string;
}

export interface PractitionerRoleTable {
  id: string;
  rid: number;
  practitioner_id: string | null;
  role: string | null;
}

export interface PoolTable {
  id: string;
  rid: number;
  name: string;
  active: number;
}

export interface PoolMemberTable {
  pool_id: string;
  practitioner_id: string;
  /** 1 for the pool's lead, who overdue items escalate to. */
  lead: Generated<number>;
}

export interface WorkItemTable {
  id: string;
  rid: number;
  work_type: string;
  status: string;
  is_open: number;
  priority: string;
  subject: string;
  description: string | null;
  patient_id: string | null;
  patient_display: string | null;
  pool_id: string | null;
  owner_type: string | null;
  owner_id: string | null;
  owner_display: string | null;
  focus_type: string | null;
  focus_id: string | null;
  received_at: number;
  /** From the clinic's business-hours policy (`due_policy` names it); the portal's own is `portal_due_at`. */
  due_at: number | null;
  /** 1 when a patient message in the item's thread has emergency wording (derived, see cache/derive-items.ts). */
  emergency: Generated<number>;
  /** 1 when one may be an emergency (the second tier: a nurse reads it now) and none is a first-tier one. */
  possible_emergency: Generated<number>;
  /** 'crisis' (988, press 1) or 'medical' (911) of the highest tier flagged; null when neither. */
  emergency_kind: string | null;
  emergency_ack_at: number | null;
  emergency_ack_by: string | null;
  /** 'reply' (the 911/988 reply was sent) or 'call' (a documented call). */
  emergency_ack_how: string | null;
  due_policy: string | null;
  portal_due_at: number | null;
  /** Triage category and suggested pool name of the thread's first patient message. */
  category: string | null;
  suggested_pool: string | null;
}

export interface MessageTable {
  id: string;
  rid: number;
  thread_id: string | null;
  patient_id: string | null;
  sender_type: string | null;
  sender_id: string | null;
  sender_display: string | null;
  sent_at: number | null;
  received_at: number | null;
  topic: string | null;
  body: string | null;
  in_response_to: string | null;
  /** JSON TriageResult for a message from the patient; null for staff messages. */
  triage: string | null;
  /** 1 for first-tier emergency wording (911 / 988 reply, acknowledgement). */
  emergency: Generated<number>;
  /** 1 for wording that may be an emergency (a nurse reads it now). */
  possible_emergency: Generated<number>;
}

export interface MedicationRequestTable {
  id: string;
  rid: number;
  patient_id: string | null;
  status: string;
  intent: string;
  medication: string;
  dosage: string | null;
  refills_allowed: number | null;
  quantity: number | null;
  valid_until: number | null;
  authored_at: number | null;
  requester_id: string | null;
  requester_display: string | null;
  prior_prescription_id: string | null;
}

/** A pharmacy fill (MedicationDispense): when the patient last got a prescription (migration 6). */
export interface MedicationDispenseTable {
  id: string;
  rid: number;
  patient_id: string | null;
  /** The MedicationRequest it fills (`authorizingPrescription[0]`). */
  prescription_id: string | null;
  /** `whenHandedOver`, epoch ms; null while not handed over. */
  handed_over_at: number | null;
  quantity: number | null;
}

export interface DiagnosticReportTable {
  id: string;
  rid: number;
  patient_id: string | null;
  status: string;
  name: string;
  issued_at: number | null;
  held: number;
  conclusion: string | null;
}

export interface ObservationTable {
  id: string;
  rid: number;
  patient_id: string | null;
  name: string;
  /** The LOINC code (first http://loinc.org coding), for "this patient's latest A1c" (migration 6). */
  code: string | null;
  /** As shown: "4.1 mmol/L", or "128/82 mm[Hg]" for a blood pressure panel. */
  value_text: string | null;
  flag: string | null;
  effective_at: number | null;
  held: number;
}

/** Which Observations a DiagnosticReport lists (`DiagnosticReport.result`), in order. */
export interface ReportResultTable {
  report_id: string;
  observation_id: string;
  position: number;
}

/** One row per sync feed (a resource type); instants are the server's, as it wrote them. */
export interface SyncFeedTable {
  feed: string;
  watermark: string | null;
  history_watermark: string | null;
  /** Why part of this feed cannot be synced with this server (e.g. no `_history`: deletes unseen). */
  limitation: string | null;
}

/** A resource the cache could not hold, kept raw with the reason. */
export interface SyncQuarantineTable {
  qid: Generated<number>;
  feed: string;
  resource_type: string | null;
  resource_id: string | null;
  version_id: string | null;
  reason: string;
  json: string;
  /** Local epoch milliseconds: when it was set aside (for people, not for the watermark). */
  quarantined_at: number;
}

export interface SyncRunTable {
  run_id: Generated<number>;
  /** Local epoch milliseconds. */
  started_at: number;
  finished_at: number;
  outcome: 'ok' | 'failed' | 'cancelled';
  created: number;
  updated: number;
  deleted: number;
  quarantined: number;
  pages: number;
  problem: string | null;
}

export type OutboxState = 'queued' | 'sending' | 'synced' | 'parked' | 'conflict' | 'discarded';

export interface OutboxActionTable {
  action_id: Generated<number>;
  client_uuid: string;
  work_item_id: string;
  kind: string;
  /** JSON of the action's payload. */
  payload: string;
  actor: string;
  decided_at: string;
  base_version: string;
  base_json: string;
  state: OutboxState;
  attempts: Generated<number>;
  /** Local epoch ms before which the pusher leaves it alone (backoff). */
  next_attempt_at: Generated<number>;
  last_error: string | null;
  /** The portal's version when the action was found to conflict with it. */
  theirs_json: string | null;
  /** JSON array of the fields both sides changed. */
  conflict_fields: string | null;
  result_version: string | null;
  updated_at: number;
  /** 1: parked because the portal refused it and nothing of it landed; the local copy leaves it out. */
  refused: Generated<number>;
}

export interface HeldServerVersionTable {
  resource_type: string;
  id: string;
  last_updated_ms: number;
  json: string;
}

/** Hash-chained (migration 7, audit/audit-chain.ts): write rows only through `appendAudit`. */
export interface AuditLogTable {
  audit_id: Generated<number>;
  at: number;
  actor: string;
  event: string;
  work_item_id: string | null;
  /** The patient the row concerns (the item's), for "who looked at this patient's record". */
  patient_id: string | null;
  client_uuid: string | null;
  /** `success`, or why not. */
  outcome: string;
  detail: string | null;
  /** The previous row's `hash` (GENESIS for the first). */
  prev_hash: string;
  hash: string;
}

/** One row (id 1): how far the audit log has been copied to the portal (migration 8, audit/audit-push.ts). */
export interface AuditPushTable {
  id: number;
  /** `audit_id` of the last row the portal confirmed; 0 before the first. */
  pushed_through: number;
  /** That row's hash (GENESIS before the first): the next row sent should link to it. */
  pushed_hash: string;
  /** Failed tries of the row after the cursor, for the backoff. */
  attempts: number;
  /** Epoch ms before which no row is sent (backoff after a failure). */
  next_attempt_at: number;
  last_error: string | null;
  updated_at: number;
}

export interface AllergyTable {
  id: string;
  rid: number;
  patient_id: string | null;
  substance: string;
  criticality: string | null;
  reaction: string | null;
  clinical_status: string | null;
}

export interface ProblemTable {
  id: string;
  rid: number;
  patient_id: string | null;
  name: string;
  clinical_status: string | null;
  onset: string | null;
}

export interface VisitTable {
  id: string;
  resource_type: 'Encounter' | 'Appointment';
  rid: number;
  patient_id: string | null;
  start_at: number | null;
  status: string | null;
  description: string | null;
  clinician: string | null;
}

/** The FTS5 table: `item_search MATCH …` finds work items by subject or any message body. */
export interface ItemSearchTable {
  work_item_id: string;
  subject: string;
  body: string;
}

export interface DerivedStateTable {
  name: string;
  value: string;
}

export interface NotifiedItemTable {
  work_item_id: string;
  reason: string;
  at: number;
}

export interface DB {
  fhir_resource: FhirResourceTable;
  patient: PatientTable;
  practitioner: PractitionerTable;
  practitioner_role: PractitionerRoleTable;
  pool: PoolTable;
  pool_member: PoolMemberTable;
  work_item: WorkItemTable;
  message: MessageTable;
  medication_request: MedicationRequestTable;
  medication_dispense: MedicationDispenseTable;
  diagnostic_report: DiagnosticReportTable;
  observation: ObservationTable;
  report_result: ReportResultTable;
  sync_feed: SyncFeedTable;
  sync_quarantine: SyncQuarantineTable;
  sync_run: SyncRunTable;
  outbox_action: OutboxActionTable;
  audit_log: AuditLogTable;
  audit_push: AuditPushTable;
  held_server_version: HeldServerVersionTable;
  allergy: AllergyTable;
  problem: ProblemTable;
  visit: VisitTable;
  item_search: ItemSearchTable;
  derived_state: DerivedStateTable;
  notified_item: NotifiedItemTable;
}

export type WorkItemRow = Selectable<WorkItemTable>;
export type MessageRow = Selectable<MessageTable>;
export type MedicationRequestRow = Selectable<MedicationRequestTable>;
export type MedicationDispenseRow = Selectable<MedicationDispenseTable>;
