import { describe, expect, it } from 'vitest';
import { calendarConfigSchema, DEFAULT_WEEKLY_HOURS } from './calendar-config';
import { dayNumber } from './civil-date';
import { parseClinicPolicy } from './clinic-policy';

const base = { timeZone: 'Europe/Berlin', policyVersion: 'ramstein-2026.1' };
const problems = (value: unknown) => {
  const parsed = parseClinicPolicy(value);
  return parsed.ok ? [] : parsed.problems;
};

describe('clinic calendar config', () => {
  it('parses an overseas clinic with a lunch break, a Saturday morning and closures', () => {
    const config = calendarConfigSchema.parse({
      ...base,
      hours: { monday: ['07:30-12:00', '13:00-16:30'], saturday: ['08:00-12:00'] },
      federalHolidays: false,
      closures: [
        { from: '2026-12-24', reason: 'Training day' },
        { from: '2026-02-10T12:00', to: '2026-02-10T16:30', reason: 'Snow' },
      ],
    });
    expect(config.hours.monday).toEqual([
      { open: 450, close: 720 },
      { open: 780, close: 990 },
    ]);
    expect(config.hours.saturday).toEqual([{ open: 480, close: 720 }]);
    expect(config.hours.tuesday).toEqual([]); // days not given are closed
    expect(config.federalHolidays).toBe(false);
    expect(config.closures).toEqual([
      { kind: 'days', fromDay: dayNumber(2026, 12, 24), toDay: dayNumber(2026, 12, 24), reason: 'Training day' },
      {
        kind: 'period',
        fromDay: dayNumber(2026, 2, 10),
        fromMinute: 720,
        toDay: dayNumber(2026, 2, 10),
        toMinute: 990,
        reason: 'Snow',
      },
    ]);
  });

  it('defaults to Monday to Friday 07:30-16:30, federal holidays on, no closures', () => {
    const config = calendarConfigSchema.parse(base);
    expect(config.hours).toEqual(DEFAULT_WEEKLY_HOURS);
    expect(config.hours.saturday).toEqual([]);
    expect(config.hours.friday).toEqual([{ open: 450, close: 990 }]);
    expect(config.federalHolidays).toBe(true);
    expect(config.closures).toEqual([]);
  });

  it('accepts 24:00 as a closing time', () => {
    expect(calendarConfigSchema.parse({ ...base, hours: { sunday: ['00:00-24:00'] } }).hours.sunday).toEqual([
      { open: 0, close: 1440 },
    ]);
  });

  it.each([
    [{ ...base, timeZone: 'Europe/Ramstein' }, 'timeZone: "Europe/Ramstein" is not an IANA time zone'],
    [{ ...base, hours: { monday: ['7:30-16:30'] } }, 'hours.monday[0]: "7:30-16:30" is not HH:MM-HH:MM'],
    [{ ...base, hours: { monday: ['22:00-06:00'] } }, 'hours.monday[0]: "22:00-06:00" closes before it opens'],
    [{ ...base, hours: { monday: ['13:00-16:30', '07:30-13:30'] } }, 'hours.monday[1]: intervals must be in order'],
    [{ ...base, hours: { mon: ['07:30-16:30'] } }, 'hours: Unrecognized key: "mon"'],
    [{ ...base, hours: {} }, 'hours: the clinic must open on at least one weekday'],
    [{ ...base, closures: [{ from: '2026-02-30', reason: 'x' }] }, 'closures[0].from: "2026-02-30" is neither a date'],
    [
      { ...base, closures: [{ from: '2026-02-10', to: '2026-02-09', reason: 'x' }] },
      'closures[0].to: "to" is before "from"',
    ],
    [
      { ...base, closures: [{ from: '2026-02-10T12:00', reason: 'x' }] },
      'closures[0].to: a closure from a date-time needs',
    ],
    [
      { ...base, closures: [{ from: '2026-02-10T12:00', to: '2026-02-10T12:00', reason: 'x' }] },
      '"to" must be after "from"',
    ],
    [{ ...base, closures: [{ from: '2026-02-10', reason: ' ' }] }, 'closures[0].reason: say why the clinic is closed'],
    [{ timeZone: 'Asia/Tokyo' }, 'policyVersion: '],
    [{ ...base, targets: { byPriority: { routine: { businessHours: 0 } } } }, 'targets.byPriority.routine'],
    [
      { ...base, targets: { byWorkType: { 'renewal-request': { routine: { businessDays: 1.5 } } } } },
      'targets.byWorkType.renewal-request.routine',
    ],
    [{ ...base, targets: { byWorkType: { renewals: {} } } }, 'targets.byWorkType'],
  ])('rejects %j with a problem naming the field', (value, expected) => {
    expect(problems(value).join('\n')).toContain(expected);
  });
});
