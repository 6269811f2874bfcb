/**
 * Retry timing for the portal client: exponential backoff with full jitter (a random delay in
 * [0, min(cap, base·2^attempt)]), so a clinic's worth of desks coming back online do not retry in
 * step, and never sooner than the server's Retry-After.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 15_000 };

/** `attempt` counts from 0 (the first retry); `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP date (compared with `nowMs`, the
 * server's Date header where there is one). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, maxMs = 120_000): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxMs);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), maxMs);
}
