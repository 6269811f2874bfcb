/** Inbox vocabulary shared by main, preload and renderer. Values mirror the FHIR codes they come from. */

export const WORK_TYPES = [
  'respond-to-message',
  'renewal-request',
  'result-release',
  'referral-status',
  'appointment-request',
  'refill-request',
  'records-request',
  'admin-question',
] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const WORK_TYPE_LABELS: Record<WorkType, string> = {
  'respond-to-message': 'Message',
  'renewal-request': 'Renewal',
  'result-release': 'Result',
  'referral-status': 'Referral',
  'appointment-request': 'Appointment',
  'refill-request': 'Refill',
  'records-request': 'Records',
  'admin-question': 'Admin',
};

/** FHIR Task.priority, in ascending urgency. */
export const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** FHIR Task.status values the inbox uses. */
export const TASK_STATUSES = [
  'requested',
  'accepted',
  'in-progress',
  'on-hold',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const OPEN_STATUSES: readonly TaskStatus[] = ['requested', 'accepted', 'in-progress', 'on-hold'];

/** TRICARE beneficiary categories, as clinics abbreviate them. */
export const BENEFICIARY_CATEGORIES = ['ADSM', 'ADFM', 'RET', 'RETFM', 'NGR', 'OTHER'] as const;
export type BeneficiaryCategory = (typeof BENEFICIARY_CATEGORIES)[number];

/** One inbox row: what a nurse scans without opening the item. Times are epoch milliseconds (UTC). */
export interface WorkItemSummary {
  id: string;
  workType: WorkType;
  status: TaskStatus;
  priority: Priority;
  subject: string;
  patientId: string | null;
  patientName: string | null;
  beneficiaryCategory: BeneficiaryCategory | null;
  receivedAt: number;
  dueAt: number | null;
  poolId: string | null;
  poolName: string | null;
  ownerName: string | null;
  /** True when the owner is a person rather than the pool. */
  claimed: boolean;
  /**
   * Staff decisions on this item not yet confirmed by the portal: waiting to be sent, being sent,
   * or stopped for a person (a conflict or a refusal). Null when the portal has everything.
   */
  syncState: ItemSyncState | null;
}

export type ItemSyncState = 'queued' | 'sending' | 'needs-review';

export interface ThreadMessage {
  id: string;
  sentAt: number | null;
  fromPatient: boolean;
  senderName: string;
  body: string;
}

export interface MedicationSummary {
  id: string;
  medication: string;
  dosage: string | null;
  status: string;
  refillsAllowed: number | null;
  validUntil: number | null;
}

export interface ResultSummary {
  id: string;
  name: string;
  issuedAt: number | null;
  held: boolean;
  observations: { name: string; value: string; flag: string | null }[];
}

export interface PatientContext {
  id: string;
  name: string;
  birthDate: string | null;
  gender: string | null;
  beneficiaryCategory: BeneficiaryCategory | null;
  region: string | null;
  activeMedications: MedicationSummary[];
}

export interface WorkItemDetail {
  item: WorkItemSummary;
  description: string | null;
  messages: ThreadMessage[];
  patient: PatientContext | null;
  /** What the Task points to, when it is a prescription or a result rather than a thread. */
  medication: MedicationSummary | null;
  result: ResultSummary | null;
}

export interface PoolSummary {
  id: string;
  name: string;
  openCount: number;
}

export interface InboxPage {
  total: number;
  items: WorkItemSummary[];
}
