import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessCalendar } from './business-calendar';
import type { BusinessCalendar } from './business-calendar';
import { calendarConfigSchema } from './calendar-config';
import type { CalendarConfigInput } from './calendar-config';
import { dueAt } from './due-at';
import { federalHolidays } from './federal-holidays';
import type { Target } from './targets';
import { WORK_TYPES } from '../../shared/work-item';

/**
 * Properties of the clock, checked against an oracle that knows nothing of its spans: a slow
 * minute-by-minute reading of the clinic's local wall clock (Intl, not luxon) against the hours and
 * closures as the clinic wrote them.
 *
 * Generated opening hours have their edges at midnight or from 04:00 on, and closures at whole hours
 * from 06:00 to 20:00, so no edge falls inside a DST change (01:00-03:00 in these zones): there, the
 * clock's "first showing" rule and a plain wall-clock reading would rightly differ (see
 * business-calendar.test.ts for those cases). Shifts still run across the change (e.g. 00:00-06:00).
 */

const MINUTE = 60_000;
const SLOT = 15 * MINUTE;
const DAY = 86_400_000;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Honolulu'] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** DST changes in the US and EU, and year ends (2027-12-31 is the observed New Year 2028). */
const ANCHORS = [
  '2026-03-08',
  '2026-11-01',
  '2026-03-29',
  '2026-10-25',
  '2026-12-31',
  '2027-12-31',
  '2033-12-31',
  '2021-06-18',
];
/** Half-hours from 04:00 to 24:00, and midnight. */
const EDGES = [0, ...Array.from({ length: 41 }, (_, i) => 8 + i)].map((h) => h * 30);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dateText = (dayNo: number) => new Date(dayNo * DAY).toISOString().slice(0, 10);

const dayHours = fc.uniqueArray(fc.constantFrom(...EDGES), { maxLength: 4 }).map((edges) => {
  const sorted = [...edges].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push(`${hhmm(sorted[i] ?? 0)}-${hhmm(sorted[i + 1] ?? 0)}`);
  return out;
});

const closure = (anchorDay: number) =>
  fc.oneof(
    fc.record({ start: fc.integer({ min: -5, max: 15 }), length: fc.integer({ min: 0, max: 3 }) }).map((c) => ({
      from: dateText(anchorDay + c.start),
      to: dateText(anchorDay + c.start + c.length),
      reason: 'Training days',
    })),
    fc
      .record({
        start: fc.integer({ min: -5, max: 15 }),
        fromHour: fc.integer({ min: 6, max: 19 }),
        days: fc.integer({ min: 0, max: 2 }),
        toHour: fc.integer({ min: 7, max: 20 }),
      })
      .filter((c) => c.days > 0 || c.toHour > c.fromHour)
      .map((c) => ({
        from: `${dateText(anchorDay + c.start)}T${hhmm(c.fromHour * 60)}`,
        to: `${dateText(anchorDay + c.start + c.days)}T${hhmm(c.toHour * 60)}`,
        reason: 'Weather',
      })),
  );

interface Scenario {
  input: CalendarConfigInput;
  calendar: BusinessCalendar;
  /** Day number (UTC-based) the received times cluster around. */
  anchorDay: number;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .oneof(
    fc.constantFrom(...ANCHORS).map((a) => Date.parse(a) / DAY),
    fc.integer({ min: Date.parse('2020-01-15') / DAY, max: Date.parse('2035-12-15') / DAY }),
  )
  .chain((anchorDay) =>
    fc.record({
      anchorDay: fc.constant(anchorDay),
      timeZone: fc.constantFrom(...ZONES),
      week: fc.tuple(dayHours, dayHours, dayHours, dayHours, dayHours, dayHours, dayHours),
      federalHolidays: fc.boolean(),
      closures: fc.array(closure(anchorDay), { maxLength: 3 }),
    }),
  )
  .map(({ anchorDay, timeZone, week, federalHolidays, closures }) => {
    const hours = Object.fromEntries(WEEKDAYS.map((day, i) => [day, week[i] ?? []]));
    if (week.every((d) => d.length === 0)) hours['wednesday'] = ['09:00-13:30'];
    const input: CalendarConfigInput = { timeZone, hours, federalHolidays, closures, policyVersion: 'prop-1' };
    return { input, calendar: businessCalendar(calendarConfigSchema.parse(input)), anchorDay };
  });

/** An instant within ten days of the scenario's anchor, on a whole minute. */
const receivedNear = (s: Scenario) =>
  fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 }).map((m) => s.anchorDay * DAY + m * MINUTE);

/** The oracle: is the clinic open at `at`, read off its local wall clock. */
function wallClockOracle(input: CalendarConfigInput): (at: number) => boolean {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: input.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
  });
  const wall = new Map<number, { date: string; weekday: string; minute: number }>();
  // Offsets in these zones change on whole hours: one Intl reading per 15 minutes is exact.
  const read = (at: number) => {
    const slot = Math.floor(at / SLOT) * SLOT;
    let w = wall.get(slot);
    if (w === undefined) {
      const p = Object.fromEntries(format.formatToParts(new Date(slot)).map((x) => [x.type, x.value]));
      w = {
        date: `${p['year']}-${p['month']}-${p['day']}`,
        weekday: String(p['weekday']).toLowerCase(),
        minute: Number(p['hour']) * 60 + Number(p['minute']),
      };
      wall.set(slot, w);
    }
    return { ...w, minute: w.minute + (at - slot) / MINUTE };
  };
  const holidays = new Set<string>();
  for (let year = 2019; year <= 2037; year++) for (const h of federalHolidays(year)) holidays.add(h.observed);
  return (at) => {
    const { date, weekday, minute } = read(at);
    if (input.federalHolidays !== false && holidays.has(date)) return false;
    const stamp = `${date}T${hhmm(Math.floor(minute))}`;
    for (const c of input.closures ?? []) {
      if (c.from.length === 10 && date >= c.from && date <= (c.to ?? c.from)) return false;
      if (c.from.length > 10 && stamp >= c.from && stamp < (c.to ?? '')) return false;
    }
    const today = (input.hours as Record<string, string[] | undefined>)[weekday] ?? [];
    return today.some((text) => {
      const [open = '', close = ''] = text.split('-');
      const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
      return minute >= toMin(open) && minute < toMin(close);
    });
  };
}

const businessHoursTarget = fc
  .integer({ min: 1, max: 48 })
  .map((halfHours): Target => ({ businessHours: halfHours / 2 }));
const anyTarget = fc.oneof(
  fc.integer({ min: 1, max: 144 }).map((halfHours): Target => ({ businessHours: halfHours / 2 })),
  fc.integer({ min: 1, max: 10 }).map((days): Target => ({ businessDays: days })),
);
const due = (s: Scenario, received: number, target: Target) =>
  dueAt({ received, workType: 'respond-to-message', priority: 'routine' }, s.calendar, {
    byPriority: { routine: target },
    byWorkType: {},
  }).dueAtMs;

// The minute-by-minute oracle is slow on purpose (it trusts nothing of the code under test); on a
// loaded 2-core CI machine a property can take several seconds.
describe('business-hours clock properties', { timeout: 60_000 }, () => {
  it('is open exactly when the wall-clock oracle says so, and nextOpening is the first open instant', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), fc.array(receivedNear(s), { minLength: 1, maxLength: 20 }))),
        ([s, instants]) => {
          const open = wallClockOracle(s.input);
          for (const at of instants) {
            expect(s.calendar.isOpenAt(at)).toBe(open(at));
            const next = s.calendar.nextOpening(at);
            expect(next).toBeGreaterThanOrEqual(at);
            expect(open(next)).toBe(true);
            if (next > at) expect(open(next - 1)).toBe(false);
            expect(s.calendar.businessTimeBetween(at, next)).toBe(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is monotonic: a later message is never due earlier', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(fc.constant(s), receivedNear(s), fc.integer({ min: 0, max: 5 * DAY }), anyTarget),
        ),
        ([s, received, later, target]) => {
          expect(due(s, received + later, target)).toBeGreaterThanOrEqual(due(s, received, target));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is never due inside a closure or outside opening hours: due is open time or its closing edge', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), receivedNear(s), anyTarget)),
        ([s, received, target]) => {
          const open = wallClockOracle(s.input);
          const at = due(s, received, target);
          expect(at).toBeGreaterThan(received);
          // The last moment before the due time was open: due is inside open time or at its end.
          expect(open(at - 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts exactly the target in open time between received and due, minute by minute', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), receivedNear(s), businessHoursTarget)),
        ([s, received, target]) => {
          const at = due(s, received, target);
          const wanted = 'businessHours' in target ? target.businessHours * 3_600_000 : 0;
          expect(s.calendar.businessTimeBetween(received, at)).toBe(wanted);
          expect(s.calendar.businessTimeBetween(at, received)).toBe(-wanted);
          fc.pre(at - received <= 60 * DAY); // keeps the slow count quick for sparse calendars
          const open = wallClockOracle(s.input);
          let counted = 0;
          for (let t = received; t < at; t += MINUTE) if (open(t)) counted += MINUTE;
          expect(counted).toBe(wanted);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ends N business days at the close of the Nth open day after the day the clock starts', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), receivedNear(s), fc.integer({ min: 1, max: 6 }))),
        ([s, received, days]) => {
          const at = due(s, received, { businessDays: days });
          fc.pre(at - received <= 60 * DAY);
          const open = wallClockOracle(s.input);
          const dayOf = (t: number) => s.calendar.time.localDay(t);
          const startDay = dayOf(s.calendar.nextOpening(received));
          const openDays = new Set<number>();
          for (let t = Math.ceil(received / SLOT) * SLOT; t < at; t += SLOT) if (open(t)) openDays.add(dayOf(t));
          openDays.delete(startDay);
          expect(openDays.size).toBe(days);
          expect(open(at - 1)).toBe(true);
          // Nothing is left open on the due day after the due time.
          for (let t = at; t < at + DAY; t += SLOT) if (open(t)) expect(dayOf(t)).not.toBe(dayOf(at - 1));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers for every work type with the calendar policy version', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.tuple(fc.constant(s), receivedNear(s), fc.constantFrom(...WORK_TYPES))),
        ([s, received, workType]) => {
          const result = dueAt({ received, workType, priority: 'asap' }, s.calendar);
          expect(result.policyVersion).toBe('prop-1');
          expect(result.dueAt).toBe(new Date(result.dueAtMs).toISOString());
          expect(s.calendar.businessTimeBetween(received, result.dueAtMs)).toBe(4 * 3_600_000);
        },
      ),
      { numRuns: 50 },
    );
  });
});
