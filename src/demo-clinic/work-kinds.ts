import type { WorkType } from '../shared/work-item';

/**
 * What patients really send, finer than the inbox's work types: a question about a result and a
 * clinical question are both "respond to message" work, but a triage rule treats them differently.
 */
export const WORK_KINDS = [
  'clinical-question',
  'result-question',
  'renewal-request',
  'refill-request',
  'result-release',
  'referral-status',
  'appointment-request',
  'records-request',
  'admin-question',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const WORK_TYPE_OF: Readonly<Record<WorkKind, WorkType>> = {
  'clinical-question': 'respond-to-message',
  'result-question': 'respond-to-message',
  'renewal-request': 'renewal-request',
  'refill-request': 'refill-request',
  'result-release': 'result-release',
  'referral-status': 'referral-status',
  'appointment-request': 'appointment-request',
  'records-request': 'records-request',
  'admin-question': 'admin-question',
};

/**
 * The designed share of each kind in the workload. Clinical questions lead; renewals and results
 * awaiting release each take about a sixth, the PCM's daily load; refills that belong with the
 * mail-order pharmacy still arrive; the front office gets appointments, referrals, records, admin.
 */
export const WORKLOAD_MIX: Readonly<Record<WorkKind, number>> = {
  'clinical-question': 0.28,
  'result-question': 0.06,
  'renewal-request': 0.16,
  'refill-request': 0.07,
  'result-release': 0.17,
  'referral-status': 0.07,
  'appointment-request': 0.09,
  'records-request': 0.04,
  'admin-question': 0.06,
};

/** Kinds that arrive as a patient's message thread (the rest are portal forms or lab results). */
export const THREAD_KINDS: readonly WorkKind[] = WORK_KINDS.filter(
  (k) => k !== 'renewal-request' && k !== 'result-release',
);

/** Of all message threads, the share whose wording mentions an emergency topic at all. */
export const RED_FLAG_SHARE = 0.025;

/**
 * The emergency families the generator writes about, after the "call 911 / go to the emergency
 * department now" dispositions of published nurse telephone-triage protocols (Schmitt-Thompson, the
 * AAP on fever under 3 months, ACOG's urgent maternal warning signs, Poison Control, the AHA on
 * heart attack, stroke and hypertensive crisis, the C-SSRS on suicide risk).
 */
export const RED_FLAG_TOPIC_NAMES = [
  'chest-pain',
  'stroke',
  'suicide',
  'breathing',
  'overdose',
  'anaphylaxis',
  'infant-fever',
  'pregnancy',
  'head-injury',
  'blood-sugar',
  'blood-pressure',
  'heat',
  'torsion',
  'self-harm',
  'harm-others',
  'sepsis',
  'bleeding',
] as const;
export type RedFlagTopic = (typeof RED_FLAG_TOPIC_NAMES)[number];
/** The topics whose emergency is a mental health crisis (988 press 1, or 911), not a medical one. */
export const CRISIS_TOPICS: readonly RedFlagTopic[] = ['suicide', 'self-harm', 'harm-others'];
/**
 * How the message mentions it. Only `current` is an emergency; the others are the look-alikes a
 * keyword rule must not escalate: "no chest pain since the stent" (negated), "I had a stroke in
 * 2019" (historical), "my father had a stroke" (family), "what temperature is a fever in a
 * newborn?" (education), "the school needs his EpiPen form signed" (form).
 */
export type Mention = 'current' | 'negated' | 'historical' | 'family' | 'education' | 'form';

export interface RedFlag {
  topic: RedFlagTopic;
  mention: Mention;
}

/**
 * The generator's ground truth for one work item, kept beside the resources (never inside them) so
 * triage-rule tests can score a rule against what the message really is.
 */
export interface WorkTruth {
  kind: WorkKind;
  /** True only for a current emergency in the message itself: the protocol says call 911 or go to the ED now. */
  emergency: boolean;
  redFlag: RedFlag | null;
  /** The prescription a renewal or refill is about. */
  medicationRequestId?: string;
  /** The result a release or a question is about. */
  reportId?: string;
  referralId?: string;
  appointmentId?: string;
}
