import { civilDate, WEEKDAY_KEYS, weekdayOf } from './civil-date';
import type { CalendarConfig } from './calendar-config';
import { observedHolidayDays } from './federal-holidays';
import { zoneTime } from './zone-time';
import type { ZoneTime } from './zone-time';

/** A stretch of open time, `start` inclusive to `end` exclusive, on local day `day`. */
export interface OpenSpan {
  start: number;
  end: number;
  day: number;
}

/**
 * A clinic's calendar, ready to answer questions about instants (epoch milliseconds, UTC).
 *
 * Open time is each weekday's local opening hours, less federal holidays (when on) and configured
 * closures. Intervals are half-open: a clinic closing at 16:30 is closed at 16:30 itself.
 */
export interface BusinessCalendar {
  readonly config: CalendarConfig;
  readonly time: ZoneTime;
  isOpenAt(at: number): boolean;
  /** `at` itself when the clinic is open then, else the start of the next opening. */
  nextOpening(at: number): number;
  /** The open spans of one local day, in order, after holidays and closures. */
  openSpansOn(day: number): readonly OpenSpan[];
  /** `duration` ms of open time after `start`; when it runs out exactly at a closing, that closing. */
  addBusinessTime(start: number, duration: number): number;
  /**
   * The close of business on the `days`-th open day after the day the clock starts (the day of
   * `nextOpening(start)`): received Monday morning, 1 business day is Tuesday's closing; received
   * Monday evening or Sunday, the clock starts Tuesday, so Wednesday's closing.
   */
  addBusinessDays(start: number, days: number): number;
  /** Open time from `from` to `to` in ms; negative when `to` is before `from` (overdue). */
  businessTimeBetween(from: number, to: number): number;
}

/** Longest run of closed days the clock looks through before it gives up on a calendar. */
export const MAX_CLOSED_DAYS = 3 * 366;

export class NoOpeningError extends Error {}

export function businessCalendar(config: CalendarConfig): BusinessCalendar {
  const time = zoneTime(config.timeZone);
  const periods = config.closures.flatMap((c) =>
    c.kind === 'period'
      ? [{ start: time.instantAt(c.fromDay, c.fromMinute), end: time.instantAt(c.toDay, c.toMinute) }]
      : [],
  );
  const closedDays = config.closures.flatMap((c) => (c.kind === 'days' ? [c] : []));

  const isClosedDay = (day: number): boolean =>
    (config.federalHolidays && observedHolidayDays(civilDate(day).year).has(day)) ||
    closedDays.some((c) => day >= c.fromDay && day <= c.toDay);

  const cache = new Map<number, readonly OpenSpan[]>();
  const openSpansOn = (day: number): readonly OpenSpan[] => {
    const known = cache.get(day);
    if (known !== undefined) return known;
    let spans: OpenSpan[] = [];
    if (!isClosedDay(day)) {
      for (const { open, close } of config.hours[WEEKDAY_KEYS[weekdayOf(day)] ?? 'sunday']) {
        const start = time.instantAt(day, open);
        const end = time.instantAt(day, close);
        if (end > start) spans.push({ start, end, day });
      }
      for (const period of periods) spans = spans.flatMap((span) => without(span, period));
    }
    cache.set(day, spans);
    return spans;
  };

  /** Open spans from `at` on, clipped to start no earlier than `at` and never overlapping. */
  function* spansFrom(at: number): Generator<OpenSpan> {
    let cursor = at;
    // The day before too: a zone whose clocks go back over midnight revisits yesterday's date.
    let day = time.localDay(at) - 1;
    let closedRun = 0;
    for (;;) {
      let found = false;
      for (const span of openSpansOn(day)) {
        if (span.end <= cursor) continue;
        found = true;
        yield { start: Math.max(span.start, cursor), end: span.end, day };
        cursor = span.end;
      }
      closedRun = found ? 0 : closedRun + 1;
      if (closedRun > MAX_CLOSED_DAYS) {
        throw new NoOpeningError(`the clinic calendar has no opening within ${MAX_CLOSED_DAYS} days`);
      }
      day++;
    }
  }

  const first = (at: number): OpenSpan => {
    for (const span of spansFrom(at)) return span;
    throw new NoOpeningError('the clinic calendar has no opening');
  };

  const businessTimeBetween = (from: number, to: number): number => {
    if (to < from) return -businessTimeBetween(to, from);
    let total = 0;
    for (const span of spansFrom(from)) {
      if (span.start >= to) break;
      total += Math.min(span.end, to) - span.start;
    }
    return total;
  };

  return {
    config,
    time,
    isOpenAt: (at) => first(at).start === at,
    nextOpening: (at) => first(at).start,
    openSpansOn,
    addBusinessTime: (start, duration) => {
      if (!(duration >= 0) || !Number.isFinite(duration)) throw new RangeError(`bad duration ${duration}`);
      let remaining = duration;
      for (const span of spansFrom(start)) {
        if (span.start + remaining <= span.end) return span.start + remaining;
        remaining -= span.end - span.start;
      }
      throw new NoOpeningError('unreachable: spansFrom never ends');
    },
    addBusinessDays: (start, days) => {
      if (!Number.isInteger(days) || days < 1)
        throw new RangeError(`business days must be a whole number ≥ 1, got ${days}`);
      let startDay: number | undefined;
      let counted = 0;
      let lastEnd = 0;
      let lastDay: number | undefined;
      for (const span of spansFrom(start)) {
        if (startDay === undefined) startDay = span.day;
        if (span.day !== lastDay) {
          if (counted === days) return lastEnd;
          if (span.day !== startDay) counted++;
          lastDay = span.day;
        }
        lastEnd = span.end;
      }
      throw new NoOpeningError('unreachable: spansFrom never ends');
    },
    businessTimeBetween,
  };
}

function without(span: OpenSpan, cut: { start: number; end: number }): OpenSpan[] {
  if (cut.end <= span.start || cut.start >= span.end) return [span];
  const parts: OpenSpan[] = [];
  if (cut.start > span.start) parts.push({ start: span.start, end: cut.start, day: span.day });
  if (cut.end < span.end) parts.push({ start: cut.end, end: span.end, day: span.day });
  return parts;
}
