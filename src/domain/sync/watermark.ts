/**
 * The sync's notion of "how far we have read", kept in the server's own time: the largest
 * `meta.lastUpdated` the server sent. The local clock never enters it, because a clinic laptop's
 * clock drifts and a watermark ahead of the server would silently skip writes.
 */

/** How far back each incremental query reaches before the watermark (two writes may share one instant). */
export const DEFAULT_OVERLAP_MS = 2000;

/** Milliseconds since the epoch of a FHIR instant, or undefined when it is not one. */
export function instantMillis(instant: string | undefined | null): number | undefined {
  if (instant === undefined || instant === null || instant === '') return undefined;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The next watermark: the latest of the current one and the instants the server sent, kept as the
 * server wrote it. Instants that do not parse are ignored (a malformed resource cannot move it).
 */
export function advanceWatermark(current: string | null, instants: Iterable<string | undefined>): string | null {
  let best = current;
  let bestMs = instantMillis(current) ?? Number.NEGATIVE_INFINITY;
  for (const instant of instants) {
    const ms = instantMillis(instant);
    if (ms !== undefined && ms > bestMs) {
      best = instant ?? null;
      bestMs = ms;
    }
  }
  return best;
}

/**
 * Where an incremental query starts: `overlapMs` before the watermark, as a UTC instant for
 * `_lastUpdated=ge…` or `_since=`. Null (read everything) when there is no watermark yet.
 */
export function incrementalFrom(watermark: string | null, overlapMs: number = DEFAULT_OVERLAP_MS): string | null {
  const ms = instantMillis(watermark);
  if (ms === undefined) return null;
  return new Date(ms - overlapMs).toISOString();
}
