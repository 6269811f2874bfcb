import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clinicClock, HOUR, iso, MINUTE } from './clinic-clock';

const clock = clinicClock('America/New_York');
const at = (s: string) => Date.parse(s);

describe('iso', () => {
  it('formats exactly as Date.prototype.toISOString, fractions of a millisecond dropped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (ms, fraction) => {
          expect(iso(ms + fraction)).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });
});

describe('clinicClock', () => {
  it('reads local wall-clock time across daylight saving changes', () => {
    expect(clock.militaryTime(at('2026-07-01T12:00:00Z'))).toBe('0800');
    expect(clock.militaryTime(at('2026-12-01T12:00:00Z'))).toBe('0700');
    expect(clock.weekdayName(at('2026-11-27T15:00:00Z'))).toBe('Friday');
    expect(clock.shortDate(at('2026-11-27T03:00:00Z'))).toBe('11/26');
    // 2026-03-08 is the spring change: 07:30 local is 11:30 UTC that day, 12:30 UTC the day before.
    const day = clock.local(at('2026-03-08T16:00:00Z')).day;
    expect(new Date(clock.atLocal(day, 450)).toISOString()).toBe('2026-03-08T11:30:00.000Z');
    expect(new Date(clock.atLocal(day - 1, 450)).toISOString()).toBe('2026-03-07T12:30:00.000Z');
  });

  it('opens 07:30 to 16:30 on weekdays, and staff work waits over nights and weekends', () => {
    expect(clock.isOpen(at('2026-11-27T15:00:00Z'))).toBe(true); // Friday 10:00
    expect(clock.isOpen(at('2026-11-28T15:00:00Z'))).toBe(false); // Saturday
    expect(new Date(clock.nextOpen(at('2026-11-27T22:00:00Z'))).toISOString()).toBe('2026-11-30T12:30:00.000Z');
    const fridayAfternoon = at('2026-11-27T21:00:00Z'); // 16:00 local, half an hour before closing
    expect(new Date(clock.addWorkingTime(fridayAfternoon, HOUR)).toISOString()).toBe('2026-11-30T13:00:00.000Z');
  });

  it('never lands working time outside opening hours, and never goes back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 5 * 24 * 60 }),
        (start, minutes) => {
          const end = clock.addWorkingTime(start, minutes * MINUTE);
          expect(end).toBeGreaterThan(start);
          const local = clock.local(end);
          expect(local.weekday).toBeGreaterThanOrEqual(1);
          expect(local.weekday).toBeLessThanOrEqual(5);
          expect(local.minuteOfDay).toBeGreaterThanOrEqual(7 * 60 + 30);
          expect(local.minuteOfDay).toBeLessThanOrEqual(16 * 60 + 30);
        },
      ),
    );
  });
});
