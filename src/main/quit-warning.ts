import type { SyncStatus } from '../shared/sync-status';

export interface QuitWarning {
  message: string;
  detail: string;
}

/**
 * What to say when someone quits with decisions the portal has not confirmed. Nothing is lost
 * (they are on disk and go out at the next start), but a nurse who thinks a reply reached the
 * patient should hear otherwise before the laptop closes.
 */
export function quitWarning(status: SyncStatus): QuitWarning | null {
  const { waiting, needsReview } = status.queue;
  if (waiting + needsReview === 0) return null;
  const parts: string[] = [];
  if (waiting > 0) parts.push(`${waiting} change${waiting === 1 ? ' has' : 's have'} not reached the portal yet`);
  if (needsReview > 0) parts.push(`${needsReview} need${needsReview === 1 ? 's' : ''} your review`);
  return {
    message: `${parts.join(', and ')}.`,
    detail:
      'They are saved on this computer and will be sent the next time Triage Desk starts and reaches the portal. ' +
      (needsReview > 0 ? 'Changes that need review wait for you in the list of changes not yet on the portal. ' : '') +
      'If a patient is waiting for a reply, stay until it is sent.',
  };
}
