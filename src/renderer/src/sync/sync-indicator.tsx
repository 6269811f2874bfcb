import type { SyncStatus } from '../../../shared/sync-status';
import { formatSpan, formatWhen } from '../ui/format';

/** The status bar's account of how fresh the inbox is, with "Sync now". */
export function SyncIndicator({
  status,
  now,
  onSyncNow,
  onDiagnostics,
  onQueue,
}: {
  status: SyncStatus | null;
  now: number;
  onSyncNow: () => void;
  onDiagnostics: () => void;
  onQueue: () => void;
}) {
  if (status === null) return null;
  return (
    <span className="sync-indicator" data-connection={status.connection}>
      <span className={`sync-dot ${status.connection}${status.running ? ' running' : ''}`} aria-hidden="true" />
      <span role="status" aria-live="polite" className="sync-text">
        {describe(status, now)}
      </span>
      {(status.queue.waiting > 0 || status.queue.needsReview > 0) && (
        <button
          type="button"
          className={`link-button queue-count${status.queue.needsReview > 0 ? ' needs-review' : ''}`}
          onClick={onQueue}
        >
          {queueText(status)}
        </button>
      )}
      <button type="button" className="link-button" onClick={onSyncNow}>
        Sync now
      </button>
      <button type="button" className="link-button" onClick={onDiagnostics}>
        Diagnostics{status.quarantined > 0 ? ` (${status.quarantined} set aside)` : ''}
      </button>
    </span>
  );
}

function describe(status: SyncStatus, now: number): string {
  const last =
    status.lastSuccessAt === null ? 'never synced' : `last synced ${ago(Date.parse(status.lastSuccessAt), now)}`;
  if (status.connection === 'offline' && status.offlineSince !== null) {
    return `Offline since ${formatWhen(Date.parse(status.offlineSince), now)} · showing cached data, ${last}`;
  }
  // Background passes run every few seconds: the dot shows them, the words stay about freshness.
  if (status.running && status.firstLoad) return 'Loading from the portal…';
  if (status.problem !== null) return `Sync problem · ${last}`;
  return status.lastSuccessAt === null ? 'Not synced yet' : `Synced ${ago(Date.parse(status.lastSuccessAt), now)}`;
}

function queueText(status: SyncStatus): string {
  const parts: string[] = [];
  const { waiting, needsReview } = status.queue;
  if (waiting > 0) parts.push(`${waiting} change${waiting === 1 ? '' : 's'} waiting to sync`);
  if (needsReview > 0) parts.push(`${needsReview} need${needsReview === 1 ? 's' : ''} review`);
  return parts.join(' · ');
}

function ago(ms: number, now: number): string {
  return now - ms < 60_000 ? 'just now' : `${formatSpan(now - ms)} ago`;
}
