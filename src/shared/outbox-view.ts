import type { ActionKind } from './staff-actions';

/** One unconfirmed staff action, as the queue view shows it. */
export interface QueuedAction {
  actionId: number;
  workItemId: string;
  subject: string | null;
  kind: ActionKind;
  /** What the person decided, in words ("Note: Left voicemail"). */
  summary: string;
  state: 'queued' | 'sending' | 'parked' | 'conflict';
  decidedAt: string;
  attempts: number;
  lastError: string | null;
  /** For a conflict: the fields both changed, and the other side's values of them. */
  conflict: { fields: string[]; theirs: Record<string, string> } | null;
}

export interface QueueCounts {
  /** Waiting to be sent or being sent. */
  waiting: number;
  /** Stopped for a person: a conflict or a refusal. */
  needsReview: number;
}
