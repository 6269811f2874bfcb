import type { SyncStatus } from '../../../shared/sync-status';

/**
 * Above the list: the first load's progress while the inbox fills, and any sync problem with what
 * to do about it. Cached work stays usable underneath either.
 */
/** Across all steps, so the bar only moves forward; each step counts as an equal share. */
function overall(status: SyncStatus): number {
  const p = status.progress;
  if (p === null) return 0;
  const within = p.total === null || p.total === 0 ? 0 : Math.min(1, p.done / p.total);
  return (p.step - 1 + within) / p.steps;
}

export function SyncBanner({ status, onRetry }: { status: SyncStatus | null; onRetry: () => void }) {
  if (status === null) return null;
  const progress = status.progress;
  return (
    <>
      {status.firstLoad && status.running && (
        <div className="first-load">
          <p>
            <strong>Loading this clinic&apos;s workload from the portal.</strong> Items appear as they arrive.
          </p>
          <div className="first-load-step">
            {progress === null
              ? 'Connecting…'
              : `Step ${progress.step} of ${progress.steps}: ${progress.label}` +
                (progress.total === null ? ` (${progress.done})` : ` · ${progress.done} of ${progress.total}`)}
          </div>
          <progress aria-label="First load from the portal" max={1} value={overall(status)} />
        </div>
      )}
      {status.problem !== null && (
        <div role="alert" className="sync-problem">
          <p>
            <strong>{status.problem.message}</strong> {status.problem.action}
          </p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </>
  );
}
