/**
 * Wall-clock time at the demo clinic, so that generated staff act in opening hours and patients
 * write at the times people do. Only for shaping synthetic data: due times stay on the simple demo
 * rule until the business-hours clock of its own issue replaces it.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_PREFIX = new Map<number, string>();

/**
 * `Date.prototype.toISOString`, without a Date per call: a large clinic formats over a million
 * instants, and that one call was a fifth of the generation time. Fractions of a millisecond are
 * dropped, as toISOString drops them.
 */
export function iso(ms: number): string {
  const whole = Math.floor(ms);
  const day = Math.floor(whole / DAY);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    DAY_PREFIX.set(day, prefix);
  }
  let rest = whole - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const s = Math.floor(rest / 1000);
  return `${prefix}${PAD2[h] ?? ''}:${PAD2[m] ?? ''}:${PAD2[s] ?? ''}.${PAD3[rest - s * 1000] ?? ''}Z`;
}

export const isoDate = (ms: number): string => iso(ms).slice(0, 10);

/** Monday to Friday, 07:30 to 16:30 local: a typical MTF primary care clinic day. */
const OPEN_MINUTE = 7 * 60 + 30;
const CLOSE_MINUTE = 16 * 60 + 30;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export interface LocalTime {
  /** Days since 1970-01-01 in local time. */
  day: number;
  minuteOfDay: number;
  /** 0 = Sunday. */
  weekday: number;
  month: number;
  dayOfMonth: number;
  year: number;
}

export interface ClinicClock {
  readonly timeZone: string;
  /** Local wall-clock time minus UTC at an instant, in milliseconds. */
  offset(ms: number): number;
  local(ms: number): LocalTime;
  /** The UTC instant of a local wall-clock time on a local day. */
  atLocal(day: number, minuteOfDay: number): number;
  isOpen(ms: number): boolean;
  /** `ms` itself when the clinic is open, else the next opening. */
  nextOpen(ms: number): number;
  /** `duration` of staffed time after `start`: work waits over nights and weekends. */
  addWorkingTime(start: number, duration: number): number;
  /** "Tuesday", "12/03", "December 3", "0900" and the like, as patients and staff write them. */
  weekdayName(ms: number): string;
  monthName(ms: number): string;
  shortDate(ms: number): string;
  longDate(ms: number): string;
  militaryTime(ms: number): string;
}

export function clinicClock(timeZone: string): ClinicClock {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const lookup = (at: number): number => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(
      parts['year'] ?? 1970,
      (parts['month'] ?? 1) - 1,
      parts['day'] ?? 1,
      parts['hour'] ?? 0,
      parts['minute'] ?? 0,
    );
    return wall - at;
  };
  // Offsets change only on the hour and rarely within a day: one entry per UTC day whose offset is
  // the same at both ends, hourly entries only for the few days a change falls in. Keeps Intl off
  // the hot path.
  const days = new Map<number, number>();
  const hours = new Map<number, number>();
  const offset = (ms: number): number => {
    const day = Math.floor(ms / DAY);
    const whole = days.get(day);
    if (whole !== undefined) return whole;
    const hour = Math.floor(ms / HOUR);
    const known = hours.get(hour);
    if (known !== undefined) return known;
    const start = lookup(day * DAY);
    if (start === lookup(day * DAY + 23 * HOUR)) {
      days.set(day, start);
      return start;
    }
    const value = lookup(hour * HOUR);
    hours.set(hour, value);
    return value;
  };
  const calendar = new Map<number, { month: number; dayOfMonth: number; year: number }>();
  const local = (ms: number): LocalTime => {
    const wall = ms + offset(ms);
    const day = Math.floor(wall / DAY);
    let date = calendar.get(day);
    if (date === undefined) {
      const d = new Date(day * DAY);
      date = { month: d.getUTCMonth(), dayOfMonth: d.getUTCDate(), year: d.getUTCFullYear() };
      calendar.set(day, date);
    }
    return { day, minuteOfDay: Math.floor((wall - day * DAY) / MINUTE), weekday: (day + 4) % 7, ...date };
  };
  const atLocal = (day: number, minuteOfDay: number): number => {
    const wall = day * DAY + minuteOfDay * MINUTE;
    return wall - offset(wall - offset(wall));
  };
  const isWorkday = (weekday: number) => weekday >= 1 && weekday <= 5;
  const isOpen = (ms: number): boolean => {
    const t = local(ms);
    return isWorkday(t.weekday) && t.minuteOfDay >= OPEN_MINUTE && t.minuteOfDay < CLOSE_MINUTE;
  };
  const nextOpen = (ms: number): number => {
    const t = local(ms);
    if (isWorkday(t.weekday) && t.minuteOfDay < CLOSE_MINUTE) {
      return t.minuteOfDay >= OPEN_MINUTE ? ms : atLocal(t.day, OPEN_MINUTE);
    }
    let day = t.day + 1;
    while (!isWorkday((day + 4) % 7)) day++;
    return atLocal(day, OPEN_MINUTE);
  };
  const addWorkingTime = (start: number, duration: number): number => {
    let t = nextOpen(start);
    let remaining = duration;
    for (;;) {
      const close = atLocal(local(t).day, CLOSE_MINUTE);
      if (t + remaining <= close) return t + remaining;
      remaining -= close - t;
      t = nextOpen(close);
    }
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    timeZone,
    offset,
    local,
    atLocal,
    isOpen,
    nextOpen,
    addWorkingTime,
    weekdayName: (ms) => WEEKDAYS[local(ms).weekday] ?? 'Monday',
    monthName: (ms) => MONTHS[local(ms).month] ?? 'January',
    shortDate: (ms) => {
      const t = local(ms);
      return `${t.month + 1}/${t.dayOfMonth}`;
    },
    longDate: (ms) => {
      const t = local(ms);
      return `${MONTHS[t.month] ?? ''} ${t.dayOfMonth}`;
    },
    militaryTime: (ms) => {
      const m = local(ms).minuteOfDay;
      return `${pad(Math.floor(m / 60))}${pad(m % 60)}`;
    },
  };
}
