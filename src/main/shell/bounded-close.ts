import { DeadlineError, withDeadline } from '../async/deadline';

/**
 * Waits for `work`, but no longer than `ms`: quitting must end even when closing hangs (a portal
 * that never answers a revocation, a stuck sync) or fails. Committed writes are safe in SQLite's
 * journal whatever happens after; the log says when the wait was cut short or closing failed.
 * Never rejects: what comes next (quitting) must happen either way.
 */
export async function closeWithin(
  work: Promise<unknown>,
  ms: number,
  log: (message: string, error?: unknown) => void,
): Promise<'closed' | 'late' | 'failed'> {
  try {
    await withDeadline(work, ms);
    return 'closed';
  } catch (error) {
    if (error instanceof DeadlineError) {
      log(`[quit] closing took over ${ms / 1000} s; quitting anyway (committed work is on disk)`);
      return 'late';
    }
    log('[quit] closing failed; quitting anyway (committed work is on disk)', error);
    return 'failed';
  }
}
