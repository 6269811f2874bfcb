import type { Severity } from './flags';

/** One numeric result of a test, as the trend reads it. `at`: epoch ms of collection. */
export interface Point {
  id: string;
  /** LOINC code of the test. */
  code: string;
  unit: string | undefined;
  value: number | undefined;
  at: number;
  status?: string;
}

export type Direction = 'first' | 'rising' | 'falling' | 'stable';

export interface Trend {
  /** The earlier results of the same test in the same unit, oldest first (at most `limit`). */
  previous: Point[];
  direction: Direction;
  /** "normal, stable", "abnormal, rising", "critical, first result": what the provider reads at a glance. */
  summary: string;
}

/** Results that do not count: withdrawn or never finished. */
const NOT_RESULTS = new Set(['entered-in-error', 'cancelled', 'registered']);
/** A change smaller than this against the earlier average reads as stable. */
const STABLE_WITHIN = 0.1;

/**
 * The trend of one result: the earlier values of the same test (same LOINC code and unit, so a
 * value in mg/dL is never drawn beside one in mmol/L), collected before this one, and whether this
 * one is up, down or about the same as their average.
 */
export function trendOf(current: Point, history: readonly Point[], severity: Severity, limit = 6): Trend {
  const previous = history
    .filter(
      (p) =>
        p.id !== current.id &&
        p.code === current.code &&
        p.unit === current.unit &&
        p.value !== undefined &&
        Number.isFinite(p.value) &&
        p.at < current.at &&
        !NOT_RESULTS.has(p.status ?? 'final'),
    )
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    .slice(-limit);
  const direction = directionOf(current.value, previous);
  const words = direction === 'first' ? 'first result' : direction;
  return { previous, direction, summary: `${severity}, ${words}` };
}

function directionOf(value: number | undefined, previous: readonly Point[]): Direction {
  if (value === undefined || previous.length === 0) return 'first';
  const mean = previous.reduce((sum, p) => sum + (p.value ?? 0), 0) / previous.length;
  const scale = Math.max(Math.abs(mean), Number.EPSILON);
  const change = (value - mean) / scale;
  if (Math.abs(change) < STABLE_WITHIN) return 'stable';
  return change > 0 ? 'rising' : 'falling';
}
