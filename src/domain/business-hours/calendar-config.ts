import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parseDay, WEEKDAY_KEYS } from './civil-date';
import type { WeekdayName } from './civil-date';

/**
 * A clinic's business calendar as the clinic edits it (JSON). All times are local wall-clock time
 * in `timeZone`, so a day with a daylight-saving change keeps its usual opening hours.
 */

const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const INTERVAL = new RegExp(`^(${TIME})-(${TIME}|24:00)$`);
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T((?:[01]\d|2[0-3]):[0-5]\d)$/;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One opening on one weekday, in minutes after local midnight; `close` may be 1440 (24:00). */
export interface OpenInterval {
  open: number;
  close: number;
}

const intervalSchema = z.string().transform((text, ctx): OpenInterval => {
  const m = INTERVAL.exec(text);
  if (m === null) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not HH:MM-HH:MM (e.g. 07:30-16:30)` });
    return z.NEVER;
  }
  const open = minutesOf(m[1] ?? '');
  const close = minutesOf(m[2] ?? '');
  if (close <= open) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" closes before it opens (no overnight intervals: split at 24:00)`,
    });
    return z.NEVER;
  }
  return { open, close };
});

const dayHoursSchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  for (let i = 1; i < intervals.length; i++) {
    const prev = intervals[i - 1];
    const next = intervals[i];
    if (prev !== undefined && next !== undefined && next.open < prev.close) {
      ctx.addIssue({ code: 'custom', path: [i], message: 'intervals must be in order and must not overlap' });
    }
  }
});

export type WeeklyHours = Record<WeekdayName, readonly OpenInterval[]>;

const hm = (text: string): OpenInterval => ({ open: minutesOf(text.slice(0, 5)), close: minutesOf(text.slice(6)) });

/** A typical MTF primary care day: Monday to Friday 07:30 to 16:30, closed at weekends. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  sunday: [],
  monday: [hm('07:30-16:30')],
  tuesday: [hm('07:30-16:30')],
  wednesday: [hm('07:30-16:30')],
  thursday: [hm('07:30-16:30')],
  friday: [hm('07:30-16:30')],
  saturday: [],
};

const weeklyHoursSchema = z
  .strictObject({
    sunday: dayHoursSchema.optional(),
    monday: dayHoursSchema.optional(),
    tuesday: dayHoursSchema.optional(),
    wednesday: dayHoursSchema.optional(),
    thursday: dayHoursSchema.optional(),
    friday: dayHoursSchema.optional(),
    saturday: dayHoursSchema.optional(),
  })
  .transform((given): WeeklyHours => {
    const week = {} as Record<WeekdayName, readonly OpenInterval[]>;
    for (const key of WEEKDAY_KEYS) week[key] = given[key] ?? [];
    return week;
  })
  .refine((week) => WEEKDAY_KEYS.some((key) => week[key].length > 0), 'the clinic must open on at least one weekday');

/**
 * A configured closure in clinic local time. Dates close whole days, `from` to `to` inclusive (`to`
 * defaults to `from`); date-times (`YYYY-MM-DDTHH:MM`) close from `from` up to, not including, `to`.
 */
export type Closure =
  | { kind: 'days'; fromDay: number; toDay: number; reason: string }
  | { kind: 'period'; fromDay: number; fromMinute: number; toDay: number; toMinute: number; reason: string };

const closureSchema = z
  .strictObject({
    from: z.string(),
    to: z.string().optional(),
    reason: z.string().trim().min(1, 'say why the clinic is closed'),
  })
  .transform((c, ctx): Closure => {
    const fromDay = parseDay(c.from);
    if (fromDay !== undefined) {
      const toDay = c.to === undefined ? fromDay : parseDay(c.to);
      if (toDay === undefined) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `"${c.to}" is not a date (YYYY-MM-DD) like "from"` });
        return z.NEVER;
      }
      if (toDay < fromDay) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" is before "from"' });
        return z.NEVER;
      }
      return { kind: 'days', fromDay, toDay, reason: c.reason };
    }
    const from = parseDateTime(c.from);
    if (from === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `"${c.from}" is neither a date (YYYY-MM-DD) nor a local date-time (YYYY-MM-DDTHH:MM)`,
      });
      return z.NEVER;
    }
    const to = c.to === undefined ? undefined : parseDateTime(c.to);
    if (to === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'a closure from a date-time needs "to" as YYYY-MM-DDTHH:MM',
      });
      return z.NEVER;
    }
    if (to.day * 1440 + to.minute <= from.day * 1440 + from.minute) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" must be after "from"' });
      return z.NEVER;
    }
    return {
      kind: 'period',
      fromDay: from.day,
      fromMinute: from.minute,
      toDay: to.day,
      toMinute: to.minute,
      reason: c.reason,
    };
  });

function parseDateTime(text: string): { day: number; minute: number } | undefined {
  const m = LOCAL_DATE_TIME.exec(text);
  const day = m === null ? undefined : parseDay(m[1] ?? '');
  return m === null || day === undefined ? undefined : { day, minute: minutesOf(m[2] ?? '') };
}

export const calendarConfigSchema = z.strictObject({
  /** IANA zone, e.g. America/New_York, Europe/Berlin, Asia/Tokyo, Pacific/Guam. */
  timeZone: z.string().superRefine((zone, ctx) => {
    if (!IANAZone.isValidZone(zone)) {
      ctx.addIssue({ code: 'custom', message: `"${zone}" is not an IANA time zone (e.g. America/New_York)` });
    }
  }),
  hours: weeklyHoursSchema.default(DEFAULT_WEEKLY_HOURS),
  federalHolidays: z.boolean().default(true),
  closures: z.array(closureSchema).default([]),
  /** Stored with every due time, so a changed calendar or target table can be told apart later. */
  policyVersion: z.string().trim().min(1),
});

/** The calendar as given (JSON). */
export type CalendarConfigInput = z.input<typeof calendarConfigSchema>;
/** The calendar parsed: hours in minutes, closures in day numbers. */
export type CalendarConfig = z.output<typeof calendarConfigSchema>;
