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

/**
 * The families of "call 911 / go to the emergency department now" dispositions in published nurse
 * telephone-triage protocols, by which the red-flag concepts are grouped and explained.
 */
export const RED_FLAG_FAMILIES = [
  'cardiac',
  'stroke',
  'breathing',
  'anaphylaxis',
  'bleeding',
  'trauma-head',
  'neuro',
  'ingestion',
  'pregnancy',
  'pediatric',
  'metabolic',
  'sepsis',
  'heat',
  'abdomen-torsion',
  'violence',
  'suicide',
  'self-harm',
  'harm-others',
  'other',
] as const;
export type RedFlagFamily = (typeof RED_FLAG_FAMILIES)[number];

/** `emergency`: 911 / 988 reply, acknowledgement required. `possible`: a nurse reads it now. */
export const RED_FLAG_TIERS = ['emergency', 'possible'] as const;
export type RedFlagTier = (typeof RED_FLAG_TIERS)[number];
