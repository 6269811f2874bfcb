import { DateTime } from 'luxon';
import { businessCalendar } from './business-calendar';
import type { BusinessCalendar } from './business-calendar';
import { calendarConfigSchema } from './calendar-config';
import type { CalendarConfigInput } from './calendar-config';

/** Test helpers: a calendar from its JSON form, and instants from clinic-local or UTC text. */
export function calendarOf(input: Partial<CalendarConfigInput> = {}): BusinessCalendar {
  return businessCalendar(
    calendarConfigSchema.parse({ timeZone: 'America/New_York', policyVersion: 'test-1', ...input }),
  );
}

/** A local wall time (`2026-03-02T07:30`) in `zone` as epoch ms, by luxon rather than the code under test. */
export function local(text: string, zone = 'America/New_York'): number {
  const dt = DateTime.fromISO(text, { zone });
  if (!dt.isValid || dt.toFormat("yyyy-MM-dd'T'HH:mm") !== text.slice(0, 16))
    throw new Error(`no such local time ${text}`);
  return dt.toMillis();
}

export const utc = (text: string): number => Date.parse(text);
export const iso = (ms: number): string => new Date(ms).toISOString();
export const HOUR = 3_600_000;
