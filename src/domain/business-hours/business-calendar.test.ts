import { describe, expect, it } from 'vitest';
import { NoOpeningError } from './business-calendar';
import { dayNumber } from './civil-date';
import { calendarOf, HOUR, iso, local, utc } from './test-calendars';

const spanHours = (spans: readonly { start: number; end: number }[]) =>
  spans.reduce((sum, s) => sum + (s.end - s.start), 0) / HOUR;

describe('business calendar: opening hours', () => {
  const ny = calendarOf();

  it('is open from the opening up to, not including, the closing', () => {
    expect(ny.isOpenAt(local('2026-03-02T07:30'))).toBe(true);
    expect(ny.isOpenAt(local('2026-03-02T07:30') - 1)).toBe(false);
    expect(ny.isOpenAt(local('2026-03-02T16:30') - 1)).toBe(true);
    expect(ny.isOpenAt(local('2026-03-02T16:30'))).toBe(false);
    expect(ny.isOpenAt(local('2026-03-07T10:00'))).toBe(false); // Saturday
  });

  it('finds the next opening over a weekend and a DST change: Monday 07:30 local either side', () => {
    expect(iso(ny.nextOpening(local('2026-03-06T17:00')))).toBe('2026-03-09T11:30:00.000Z'); // EST Friday, EDT Monday
    expect(iso(ny.nextOpening(local('2026-10-30T17:00')))).toBe('2026-11-02T12:30:00.000Z'); // EDT Friday, EST Monday
    expect(ny.nextOpening(local('2026-03-02T09:00'))).toBe(local('2026-03-02T09:00'));
  });

  it('keeps the usual local hours on the days after a DST change', () => {
    expect(spanHours(ny.openSpansOn(dayNumber(2026, 3, 9)))).toBe(9);
    expect(spanHours(ny.openSpansOn(dayNumber(2026, 11, 2)))).toBe(9);
  });

  it.each([
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Europe/Berlin', '2026-03-29', 23],
    ['Europe/Berlin', '2026-10-25', 25],
    ['Asia/Tokyo', '2026-03-29', 24],
    ['Pacific/Honolulu', '2026-03-08', 24],
  ])('a 24-hour Sunday in %s on %s has %i hours', (timeZone, date, hours) => {
    const cal = calendarOf({ timeZone, hours: { sunday: ['00:00-24:00'] } });
    const [y, m, d] = date.split('-').map(Number);
    expect(spanHours(cal.openSpansOn(dayNumber(y ?? 0, m ?? 0, d ?? 0)))).toBe(hours);
  });

  it('counts only time that passes when a night shift spans the DST change', () => {
    const night = calendarOf({ hours: { sunday: ['00:00-02:30'] } });
    // Spring forward: clocks go 01:59 EST to 03:00 EDT, so 02:30 ends the shift at the change.
    expect(night.openSpansOn(dayNumber(2026, 3, 8)).map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-03-08T05:00:00.000Z', '2026-03-08T07:00:00.000Z'],
    ]);
    const early = calendarOf({ hours: { sunday: ['00:00-01:30'] } });
    // Fall back: 01:30 shows twice; the shift ends at its first showing (EDT).
    expect(early.openSpansOn(dayNumber(2026, 11, 1)).map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ['2026-11-01T04:00:00.000Z', '2026-11-01T05:30:00.000Z'],
    ]);
  });

  it('skips a lunch break', () => {
    const split = calendarOf({ hours: { monday: ['07:30-12:00', '13:00-16:30'] } });
    expect(split.addBusinessTime(local('2026-03-02T11:00'), 2 * HOUR)).toBe(local('2026-03-02T14:00'));
    expect(split.isOpenAt(local('2026-03-02T12:30'))).toBe(false);
    expect(split.nextOpening(local('2026-03-02T12:30'))).toBe(local('2026-03-02T13:00'));
  });

  it('works in overseas zones: Guam is UTC+10, Tokyo UTC+9, both without DST', () => {
    const guam = calendarOf({ timeZone: 'Pacific/Guam' });
    expect(iso(guam.nextOpening(utc('2026-03-07T00:00:00Z')))).toBe('2026-03-08T21:30:00.000Z'); // Mon 07:30 ChST
    const tokyo = calendarOf({ timeZone: 'Asia/Tokyo', hours: { monday: ['08:00-17:00'], friday: ['08:00-17:00'] } });
    expect(tokyo.addBusinessTime(local('2026-07-02T12:00', 'Asia/Tokyo'), HOUR)).toBe(
      local('2026-07-06T09:00', 'Asia/Tokyo'),
    );
  });
});

describe('business calendar: holidays and closures', () => {
  it('closes on observed federal holidays unless they are switched off', () => {
    expect(calendarOf().isOpenAt(local('2026-07-03T10:00'))).toBe(false);
    expect(calendarOf({ federalHolidays: false }).isOpenAt(local('2026-07-03T10:00'))).toBe(true);
  });

  it('crosses the year end: New Year 2028 closes Friday 2027-12-31', () => {
    const ny = calendarOf();
    // Thursday 15:00: 1.5 h that day, Friday is the holiday, Monday 07:30 + 2.5 h.
    expect(ny.addBusinessTime(local('2027-12-30T15:00'), 4 * HOUR)).toBe(local('2028-01-03T10:00'));
    expect(ny.isOpenAt(local('2027-12-31T10:00'))).toBe(false);
  });

  it('closes configured days, inclusive of both ends', () => {
    const cal = calendarOf({ closures: [{ from: '2026-02-10', to: '2026-02-11', reason: 'Training days' }] });
    expect(cal.isOpenAt(local('2026-02-09T16:00'))).toBe(true);
    expect(cal.nextOpening(local('2026-02-09T16:30'))).toBe(local('2026-02-12T07:30'));
  });

  it('closes configured periods from `from` up to `to`', () => {
    const cal = calendarOf({ closures: [{ from: '2026-02-10T12:00', to: '2026-02-11T09:00', reason: 'Snow' }] });
    expect(cal.isOpenAt(local('2026-02-10T11:59'))).toBe(true);
    expect(cal.isOpenAt(local('2026-02-10T12:00'))).toBe(false);
    expect(cal.nextOpening(local('2026-02-10T12:00'))).toBe(local('2026-02-11T09:00'));
    expect(cal.businessTimeBetween(local('2026-02-10T07:30'), local('2026-02-12T07:30'))).toBe((4.5 + 7.5) * HOUR);
  });

  it('gives up with a clear error on a calendar with no opening for years', () => {
    const cal = calendarOf({ closures: [{ from: '2026-01-01', to: '2030-12-31', reason: 'Clinic moved' }] });
    expect(() => cal.nextOpening(local('2026-01-05T10:00'))).toThrow(NoOpeningError);
  });
});

describe('business calendar: counting', () => {
  const ny = calendarOf();

  it('ends exactly at a closing when the time runs out there, not at the next opening', () => {
    expect(ny.addBusinessTime(local('2026-03-02T07:30'), 9 * HOUR)).toBe(local('2026-03-02T16:30'));
  });

  it('starts the clock at the next opening when received while closed', () => {
    expect(ny.addBusinessTime(local('2026-03-07T10:00'), HOUR)).toBe(local('2026-03-09T08:30'));
    expect(ny.addBusinessTime(local('2026-03-07T10:00'), 0)).toBe(local('2026-03-09T07:30'));
  });

  it('measures business time between two instants, negative when overdue', () => {
    const friday = local('2026-03-06T16:00');
    const monday = local('2026-03-09T08:00');
    expect(ny.businessTimeBetween(friday, monday)).toBe(HOUR);
    expect(ny.businessTimeBetween(monday, friday)).toBe(-HOUR);
    expect(ny.businessTimeBetween(local('2026-03-07T09:00'), local('2026-03-08T09:00'))).toBe(0);
  });

  it.each([
    ['Monday morning', '2026-03-02T10:00', 1, '2026-03-03T16:30'],
    ['Monday before opening', '2026-03-02T06:00', 1, '2026-03-03T16:30'],
    ['Monday after closing', '2026-03-02T17:00', 1, '2026-03-04T16:30'],
    ['Saturday', '2026-03-07T10:00', 1, '2026-03-10T16:30'],
    ['Thursday before the July 4th holiday', '2026-07-02T10:00', 1, '2026-07-06T16:30'],
    ['Wednesday, 3 days over the year end', '2027-12-29T10:00', 3, '2028-01-04T16:30'],
  ])('business days: received %s (%s) + %i → close of %s', (_, received, days, due) => {
    expect(ny.addBusinessDays(local(received), days)).toBe(local(due));
  });

  it('ends business days at the last opening of a day cut short by a closure', () => {
    const cal = calendarOf({
      closures: [{ from: '2026-03-03T12:00', to: '2026-03-03T16:30', reason: 'All-staff meeting' }],
    });
    expect(cal.addBusinessDays(local('2026-03-02T10:00'), 1)).toBe(local('2026-03-03T12:00'));
  });
});
