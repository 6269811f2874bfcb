import { dayNumber, formatDay, nthWeekdayOfMonth, WEEKDAY_NAMES, weekdayOf } from './civil-date';

/**
 * The legal public holidays of 5 U.S.C. 6103(a), with the observed-day rule federal offices follow
 * (6103(b) and Executive Order 11582): a holiday on a Saturday is observed the Friday before, one on
 * a Sunday the Monday after.
 *
 * Inauguration Day (6103(c)) is left out: it closes federal offices only in the Washington, DC area,
 * every fourth 20 January; a clinic there adds it as a closure. So are one-off closures by executive
 * order (Christmas Eve in some years): those are closures too.
 */
export interface FederalHoliday {
  /** The day offices close, `YYYY-MM-DD`. */
  observed: string;
  /** The holiday's own date, which differs from `observed` when it falls on a weekend. */
  actual: string;
  name: string;
  weekday: (typeof WEEKDAY_NAMES)[number];
}

/** Years the rules below describe: the MLK holiday began in 1986. */
export const FIRST_HOLIDAY_YEAR = 1986;
export const LAST_HOLIDAY_YEAR = 2200;

interface Rule {
  name: string;
  /** The holiday's own date in `year`, or undefined for a year before it existed. */
  date: (year: number) => number | undefined;
}

const MON = 1;
const THU = 4;

const RULES: readonly Rule[] = [
  { name: "New Year's Day", date: (y) => dayNumber(y, 1, 1) },
  { name: 'Birthday of Martin Luther King, Jr.', date: (y) => nthWeekdayOfMonth(y, 1, MON, 3) },
  { name: "Washington's Birthday", date: (y) => nthWeekdayOfMonth(y, 2, MON, 3) },
  { name: 'Memorial Day', date: (y) => nthWeekdayOfMonth(y, 5, MON, -1) },
  // Signed 17 June 2021 and first observed the next day, so 2021 counts.
  { name: 'Juneteenth National Independence Day', date: (y) => (y >= 2021 ? dayNumber(y, 6, 19) : undefined) },
  { name: 'Independence Day', date: (y) => dayNumber(y, 7, 4) },
  { name: 'Labor Day', date: (y) => nthWeekdayOfMonth(y, 9, MON, 1) },
  { name: 'Columbus Day', date: (y) => nthWeekdayOfMonth(y, 10, MON, 2) },
  { name: 'Veterans Day', date: (y) => dayNumber(y, 11, 11) },
  { name: 'Thanksgiving Day', date: (y) => nthWeekdayOfMonth(y, 11, THU, 4) },
  { name: 'Christmas Day', date: (y) => dayNumber(y, 12, 25) },
];

function observedDay(actual: number): number {
  const weekday = weekdayOf(actual);
  if (weekday === 6) return actual - 1;
  if (weekday === 0) return actual + 1;
  return actual;
}

const cache = new Map<number, { list: readonly FederalHoliday[]; days: ReadonlySet<number> }>();

/**
 * The closures of calendar year `year`, by observed date. A holiday observed in another calendar
 * year belongs to that year's list: New Year's Day 2028 (a Saturday) is observed on Friday
 * 2027-12-31, so it is in `federalHolidays(2027)`, and `federalHolidays(2028)` has no January
 * closure for it.
 */
export function federalHolidays(year: number): readonly FederalHoliday[] {
  return holidayYear(year).list;
}

/** Observed holiday day numbers (see civil-date.ts) of one calendar year, for the clock's lookups. */
export function observedHolidayDays(year: number): ReadonlySet<number> {
  return holidayYear(year).days;
}

function holidayYear(year: number): { list: readonly FederalHoliday[]; days: ReadonlySet<number> } {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`federal holidays are known for ${FIRST_HOLIDAY_YEAR} to ${LAST_HOLIDAY_YEAR}, not ${year}`);
  }
  const known = cache.get(year);
  if (known !== undefined) return known;
  const first = dayNumber(year, 1, 1);
  const last = dayNumber(year, 12, 31);
  const list: FederalHoliday[] = [];
  const days = new Set<number>();
  // Next year's New Year's Day can be observed on this year's 31 December.
  for (const y of [year, year + 1]) {
    for (const rule of RULES) {
      const actual = rule.date(y);
      if (actual === undefined) continue;
      const observed = observedDay(actual);
      if (observed < first || observed > last) continue;
      days.add(observed);
      list.push({
        observed: formatDay(observed),
        actual: formatDay(actual),
        name: rule.name,
        weekday: WEEKDAY_NAMES[weekdayOf(observed)],
      });
    }
  }
  list.sort((a, b) => (a.observed < b.observed ? -1 : a.observed > b.observed ? 1 : 0));
  const entry = { list, days };
  cache.set(year, entry);
  return entry;
}
