/**
 * The server's clock for `meta.lastUpdated`: ISO with milliseconds, never earlier than a value it
 * (or the file) already issued. Two writes in one millisecond share it, as on a real server: the
 * sync's overlap and dedupe exist for exactly that.
 */
export interface ServerClock {
  next(): string;
  /** The latest value issued or seen. */
  latest(): string | null;
  /** Moves the floor up to a value written without the clock (a bulk seed's own lastUpdated). */
  observe(instant: string): void;
}

export function monotonicClock(now: () => Date, floor: string | null): ServerClock {
  let last = floor;
  return {
    next() {
      const candidate = now().toISOString();
      if (last === null || candidate > last) last = candidate;
      return last;
    },
    latest: () => last,
    observe(instant) {
      if (last === null || instant > last) last = instant;
    },
  };
}

/** Normalises any R4 instant to the one format the store sorts lexicographically. */
export function normalizeInstant(value: string): string | undefined {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  // Years outside 0000–9999 render as ±YYYYYY and would break string ordering.
  return iso.length === 24 ? iso : undefined;
}
