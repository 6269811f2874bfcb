/**
 * Calendar dates without a time zone, as whole day numbers (days since 1970-01-01). Holidays and
 * opening hours are rules about local dates; doing that arithmetic on day numbers keeps it exact and
 * free of any zone or Date object.
 */

export interface CivilDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

/** 0 = Sunday … 6 = Saturday, as `Date.prototype.getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = Lowercase<(typeof WEEKDAY_NAMES)[number]>;
export const WEEKDAY_KEYS: readonly WeekdayName[] = WEEKDAY_NAMES.map((n) => n.toLowerCase() as WeekdayName);

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function civilDate(dayNo: number): CivilDate {
  const d = new Date(dayNo * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(dayNo: number): Weekday {
  return (((dayNo % 7) + 11) % 7) as Weekday; // 1970-01-01 was a Thursday.
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDay(dayNo: number): string {
  const { year, month, day } = civilDate(dayNo);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumber(year, month, day);
  const back = civilDate(n);
  return back.year === year && back.month === month && back.day === day ? n : undefined;
}

/** The `nth` (1-based) given weekday of a month, or with `nth = -1` the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): number {
  if (nth === -1) {
    const last = dayNumber(year, month + 1, 0);
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  }
  const first = dayNumber(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
}
