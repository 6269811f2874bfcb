import type { RenewalReadiness, RenewalReview } from './renewals';
import type { ResultReview, ResultSeverity } from './results';
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
  /** Call the patient about a critical result: created by the provider's release or hold. */
  'patient-call',
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
  'patient-call': 'Call patient',
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
  /** The owner's Practitioner id when a person has it (so a desk can tell "claimed by you"). */
  ownerId: string | null;
  /** True when the owner is a person rather than the pool. */
  claimed: boolean;
  /** Emergency wording in a patient message of the thread; null when there is none. */
  emergency: EmergencyFlag | null;
  /**
   * Wording that may be an emergency (the second tier), when there is no first-tier emergency:
   * the item sits at the top of its pool, marked, for a nurse to read now; no acknowledgement.
   */
  possibleEmergency: { kind: EmergencyKind } | null;
  /** The pool lead's name when the item is overdue and open (escalated to them); null otherwise. */
  escalatedTo: string | null;
  /**
   * Staff decisions on this item not yet confirmed by the portal: waiting to be sent, being sent,
   * or stopped for a person (a conflict or a refusal). Null when the portal has everything.
   */
  syncState: ItemSyncState | null;
  /** In the renewals view only: the readiness badge of a renewal request; null elsewhere. */
  readiness?: RenewalReadiness | null;
  /** In the results view only: how far from normal the report is (its worst value); null elsewhere. */
  severity?: ResultSeverity | null;
  /**
   * Only while the search box looks a patient up (`InboxPage.lookup`): whether the row is there
   * because its patient matched, because its words matched, or both.
   */
  searchMatch?: SearchMatch;
}

export type SearchMatch = 'patient' | 'text' | 'both';

export type ItemSyncState = 'queued' | 'sending' | 'needs-review';

/** `medical`: call 911. `crisis`: 911 or the Military Crisis Line (988, press 1). */
export type EmergencyKind = 'medical' | 'crisis';

export interface EmergencyFlag {
  kind: EmergencyKind;
  /** Null until someone acknowledges it; an emergency cannot be marked done before. */
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  /** `reply`: the 911/988 reply was sent. `call`: a documented call was made. */
  acknowledgedHow: 'reply' | 'call' | null;
}

/** Less than this left before the due time: the list colours the item as near due. */
export const NEAR_DUE_MS = 4 * 3_600_000;

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

export interface AllergySummary {
  id: string;
  substance: string;
  criticality: string | null;
  reaction: string | null;
}

export interface ProblemSummary {
  id: string;
  name: string;
  onset: string | null;
}

export interface VisitSummary {
  id: string;
  kind: 'Encounter' | 'Appointment';
  startAt: number | null;
  description: string | null;
  clinician: string | null;
}

export interface PatientContext {
  id: string;
  name: string;
  birthDate: string | null;
  gender: string | null;
  beneficiaryCategory: BeneficiaryCategory | null;
  /** TRICARE region, `East` or `West`: it decides the referral contractor. */
  region: string | null;
  activeMedications: MedicationSummary[];
  allergies: AllergySummary[];
  /** Active problems (conditions). */
  problems: ProblemSummary[];
  /** The patient's latest released or held results, newest first (at most 5). */
  recentResults: ResultSummary[];
  lastVisit: VisitSummary | null;
  nextVisit: VisitSummary | null;
}

/** Why triage suggested what it did, for the item view ("the words matched"). */
export interface TriageExplanation {
  /** One of the triage categories (clinical-question, renewal-request, …). */
  category: string;
  suggestedPool: string;
  emergency: TriageRedFlags | null;
  reasons: string[];
}

/** Why a message was flagged: its tier, the reply it calls for, and each concept that counted. */
export interface TriageRedFlags {
  /** `emergency`: 911/988 reply and acknowledgement. `possible`: a nurse reads it now. */
  tier: 'emergency' | 'possible';
  kind: EmergencyKind;
  action: string;
  flags: RedFlagExplanation[];
}

export interface RedFlagExplanation {
  /** The clinical concept, e.g. "stroke signs". */
  concept: string;
  /** Its family of "call 911" dispositions, e.g. "stroke". */
  family: string;
  tier: 'emergency' | 'possible';
  /** The words read, e.g. "face is drooping". */
  words: string;
  where: 'subject' | 'body';
  /** What raised or lowered it: "raised by an infant under 3 months (\"6 week old\")". */
  modifiers: string[];
}

export interface DueExplanation {
  dueAt: number;
  /** "3 business days", "4 business hours". */
  target: string;
  policyVersion: string;
}

export interface WorkItemDetail {
  item: WorkItemSummary;
  description: string | null;
  messages: ThreadMessage[];
  patient: PatientContext | null;
  /** What the Task points to, when it is a prescription or a result rather than a thread. */
  medication: MedicationSummary | null;
  result: ResultSummary | null;
  /** Triage of the thread's first patient message; null when the item has no patient message. */
  triage: TriageExplanation | null;
  due: DueExplanation | null;
  /** A referral's number, when the item is about one (quick texts fill it in). */
  referralNumber: string | null;
  /**
   * The patient's name as the quick texts' greeting uses it (`{patientName}`): the first name, or
   * title and family name, per the clinic's quick-text setting; never the list's "Last, First".
   */
  greetingName: string | null;
  /** A renewal request's facts, readiness card and form defaults; null for any other item. */
  renewal: RenewalReview | null;
  /** A result-release item's report with ranges, flags and trends; null for any other item. */
  resultReview: ResultReview | null;
  /** Whether "Mark done" is allowed now, and if not, why (an unacknowledged emergency). */
  closable: { ok: true } | { ok: false; reason: string };
  /**
   * A decision on this item that stopped for a person: refused by the portal (the item is shown as
   * the portal has it) or in conflict with someone's change; what happened, in the portal's words.
   */
  stopped: { actionId: number; refused: boolean; reason: string } | null;
}

export interface PoolSummary {
  id: string;
  name: string;
  openCount: number;
  overdueCount: number;
  /** Open emergencies not yet acknowledged. */
  emergencyCount: number;
  leadName: string | null;
  /** The desk user is a member of this pool. */
  member: boolean;
  /** Who an item of this pool can be assigned to. */
  members: StaffMember[];
}

export interface StaffMember {
  /** Practitioner id. */
  id: string;
  name: string;
  role: string | null;
}

/** Which slice of the work the list shows. */
export type InboxView =
  | { kind: 'mine' }
  | { kind: 'pool'; poolId: string }
  | { kind: 'all' }
  /** Overdue open items in the pools the desk user leads. */
  | { kind: 'escalated' }
  /** Open renewal requests in the user's pools or owned by them, with their readiness. */
  | { kind: 'renewals' }
  /** Open result-release items in the user's pools or owned by them, with their severity. */
  | { kind: 'results' };

export interface InboxFilters {
  /** Empty: every type. */
  workTypes: WorkType[];
  /** Empty: every priority. */
  priorities: Priority[];
  status: 'open' | 'closed';
  due: 'any' | 'overdue' | 'near-due';
  unassignedOnly: boolean;
}

export const DEFAULT_FILTERS: InboxFilters = {
  workTypes: [],
  priorities: [],
  status: 'open',
  due: 'any',
  unassignedOnly: false,
};

/** The views the navigation offers the desk user, with counts of open items. */
export interface InboxViews {
  user: { id: string; name: string; role: string | null; canPrescribe: boolean } | null;
  mineCount: number;
  /** Null when the user leads no pool (no "escalated" or "all pools" view for them). */
  escalatedCount: number | null;
  allCount: number | null;
  /** Open renewal requests in the user's pools or theirs; null when nobody is signed in. */
  renewalsCount: number | null;
  /** Open results to release in the user's pools or theirs; null when nobody is signed in. */
  resultsCount: number | null;
  /** The pools the user is a member of; every pool for a lead or when nobody is signed in. */
  pools: PoolSummary[];
  /** Every active pool, as a route target. */
  routeTargets: { id: string; name: string }[];
}

/** A reply a clinic can reuse. `{placeholders}` are filled from the item when it is inserted. */
export interface QuickText {
  id: string;
  label: string;
  /** Triage categories it suits (shown first for them); empty: any. */
  categories: string[];
  text: string;
}

export interface InboxPage {
  total: number;
  items: WorkItemSummary[];
  /**
   * Set when the search box names patients (a name, a date of birth or a DoD ID) and some patient
   * with items in this view matches: the list then shows those patients' items first, patient by
   * patient (`patients` in list order), then the items whose words alone matched. Sent with the
   * first page (offset 0) only.
   */
  lookup?: PatientLookup;
  /**
   * Where the asked-for item (`find`) sits in the whole list, 0-based; null when it is not in
   * this view. Absent when nothing was asked. The selection follows it across re-sorts.
   */
  position?: number | null;
}

export interface PatientLookup {
  /** How the box was read, for people: "name “Baker, An”", "date of birth 03/07/1984", "DoD ID". */
  readAs: string;
  patients: PatientLookupGroup[];
  /** Items listed after the patients' because their subject or messages hold the words. */
  textMatches: number;
}

export interface PatientLookupGroup {
  patientId: string;
  name: string;
  birthDate: string | null;
  /** What of the patient matched: "last name", "first name", "last and first name", "date of birth", "DoD ID". */
  matchedBy: string;
  /** The patient's items in this view and its filters. */
  count: number;
  /** The list index of the patient's first item. */
  firstIndex: number;
}
