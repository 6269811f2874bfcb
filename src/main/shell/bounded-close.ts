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
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const closed = work.then(
    () => 'closed' as const,
    (error: unknown) => {
      log('[quit] closing failed; quitting anyway (committed work is on disk)', error);
      return 'failed' as const;
    },
  );
  try {
    const outcome = await Promise.race([closed, late]);
    if (outcome === 'late') log(`[quit] closing took over ${ms / 1000} s; quitting anyway (committed work is on disk)`);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}
