import type { WorkType } from '../../shared/work-item';

/**
 * What a patient's message is about, as triage sees it. Finer than the inbox's work types: a
 * question about a result and a clinical question are both "respond to message" work, but they go
 * to different people. The names match the demo clinic's work kinds so its ground truth scores them.
 */
export const TRIAGE_CATEGORIES = [
  'clinical-question',
  'result-question',
  'renewal-request',
  'refill-request',
  'referral-status',
  'appointment-request',
  'records-request',
  'admin-question',
] as const;
export type TriageCategory = (typeof TRIAGE_CATEGORIES)[number];

/**
 * The inbox work type each category files under. `result-release` has no category: it is a lab
 * result awaiting the PCM's release, never a patient's message.
 */
export const WORK_TYPE_OF_CATEGORY: Readonly<Record<TriageCategory, WorkType>> = {
  'clinical-question': 'respond-to-message',
  'result-question': 'respond-to-message',
  'renewal-request': 'renewal-request',
  'refill-request': 'refill-request',
  'referral-status': 'referral-status',
  'appointment-request': 'appointment-request',
  'records-request': 'records-request',
  'admin-question': 'admin-question',
};

/** `medical`: call 911. `crisis`: call 911 or the Military Crisis Line (988, press 1). */
export const EMERGENCY_KINDS = ['medical', 'crisis'] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];
