import { describe, expect, it } from 'vitest';
import { federalHolidays } from './federal-holidays';

/**
 * Observed closures by calendar year, written out independently of the code under test (computed
 * with GNU date from the 5 U.S.C. 6103 rules, then checked against OPM's published tables for the
 * years it has them). Every year's list is complete, so a missing or extra closure fails too.
 */
const OBSERVED: Record<number, string[]> = {
  2020: [
    '2020-01-01',
    '2020-01-20',
    '2020-02-17',
    '2020-05-25',
    '2020-07-03',
    '2020-09-07',
    '2020-10-12',
    '2020-11-11',
    '2020-11-26',
    '2020-12-25',
  ],
  2021: [
    '2021-01-01',
    '2021-01-18',
    '2021-02-15',
    '2021-05-31',
    '2021-06-18',
    '2021-07-05',
    '2021-09-06',
    '2021-10-11',
    '2021-11-11',
    '2021-11-25',
    '2021-12-24',
    '2021-12-31',
  ],
  2022: [
    '2022-01-17',
    '2022-02-21',
    '2022-05-30',
    '2022-06-20',
    '2022-07-04',
    '2022-09-05',
    '2022-10-10',
    '2022-11-11',
    '2022-11-24',
    '2022-12-26',
  ],
  2023: [
    '2023-01-02',
    '2023-01-16',
    '2023-02-20',
    '2023-05-29',
    '2023-06-19',
    '2023-07-04',
    '2023-09-04',
    '2023-10-09',
    '2023-11-10',
    '2023-11-23',
    '2023-12-25',
  ],
  2024: [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-10-14',
    '2024-11-11',
    '2024-11-28',
    '2024-12-25',
  ],
  2025: [
    '2025-01-01',
    '2025-01-20',
    '2025-02-17',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-10-13',
    '2025-11-11',
    '2025-11-27',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
  ],
  2027: [
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-10-11',
    '2027-11-11',
    '2027-11-25',
    '2027-12-24',
    '2027-12-31',
  ],
  2028: [
    '2028-01-17',
    '2028-02-21',
    '2028-05-29',
    '2028-06-19',
    '2028-07-04',
    '2028-09-04',
    '2028-10-09',
    '2028-11-10',
    '2028-11-23',
    '2028-12-25',
  ],
  2029: [
    '2029-01-01',
    '2029-01-15',
    '2029-02-19',
    '2029-05-28',
    '2029-06-19',
    '2029-07-04',
    '2029-09-03',
    '2029-10-08',
    '2029-11-12',
    '2029-11-22',
    '2029-12-25',
  ],
  2030: [
    '2030-01-01',
    '2030-01-21',
    '2030-02-18',
    '2030-05-27',
    '2030-06-19',
    '2030-07-04',
    '2030-09-02',
    '2030-10-14',
    '2030-11-11',
    '2030-11-28',
    '2030-12-25',
  ],
  2031: [
    '2031-01-01',
    '2031-01-20',
    '2031-02-17',
    '2031-05-26',
    '2031-06-19',
    '2031-07-04',
    '2031-09-01',
    '2031-10-13',
    '2031-11-11',
    '2031-11-27',
    '2031-12-25',
  ],
  2032: [
    '2032-01-01',
    '2032-01-19',
    '2032-02-16',
    '2032-05-31',
    '2032-06-18',
    '2032-07-05',
    '2032-09-06',
    '2032-10-11',
    '2032-11-11',
    '2032-11-25',
    '2032-12-24',
    '2032-12-31',
  ],
  2033: [
    '2033-01-17',
    '2033-02-21',
    '2033-05-30',
    '2033-06-20',
    '2033-07-04',
    '2033-09-05',
    '2033-10-10',
    '2033-11-11',
    '2033-11-24',
    '2033-12-26',
  ],
  2034: [
    '2034-01-02',
    '2034-01-16',
    '2034-02-20',
    '2034-05-29',
    '2034-06-19',
    '2034-07-04',
    '2034-09-04',
    '2034-10-09',
    '2034-11-10',
    '2034-11-23',
    '2034-12-25',
  ],
  2035: [
    '2035-01-01',
    '2035-01-15',
    '2035-02-19',
    '2035-05-28',
    '2035-06-19',
    '2035-07-04',
    '2035-09-03',
    '2035-10-08',
    '2035-11-12',
    '2035-11-22',
    '2035-12-25',
  ],
};

describe('federalHolidays', () => {
  it.each(Object.entries(OBSERVED))('%s matches the hand-checked observed dates', (year, dates) => {
    expect(federalHolidays(Number(year)).map((h) => h.observed)).toEqual(dates);
  });

  it.each([
    ['2026-07-03', '2026-07-04', 'Independence Day', 'Friday'],
    ['2027-12-31', '2028-01-01', "New Year's Day", 'Friday'],
    ['2021-06-18', '2021-06-19', 'Juneteenth National Independence Day', 'Friday'],
    ['2022-12-26', '2022-12-25', 'Christmas Day', 'Monday'],
    ['2023-01-02', '2023-01-01', "New Year's Day", 'Monday'],
    ['2023-11-10', '2023-11-11', 'Veterans Day', 'Friday'],
  ])('observes %s for %s (%s), a %s', (observed, actual, name, weekday) => {
    const year = Number(observed.slice(0, 4));
    expect(federalHolidays(year)).toContainEqual({ observed, actual, name, weekday });
  });

  it('puts New Year 2028 in 2027 and leaves 2028 without a January 1 closure', () => {
    expect(
      federalHolidays(2027)
        .filter((h) => h.name === "New Year's Day")
        .map((h) => h.observed),
    ).toEqual(['2027-01-01', '2027-12-31']);
    expect(federalHolidays(2028).filter((h) => h.name === "New Year's Day")).toEqual([]);
  });

  it('lists only the eleven 6103(a) holidays: no Juneteenth before 2021, no Inauguration Day', () => {
    expect(federalHolidays(2020).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
    const names = new Set(Array.from({ length: 15 }, (_, i) => federalHolidays(2021 + i).map((h) => h.name)).flat());
    expect([...names].sort()).toEqual([
      'Birthday of Martin Luther King, Jr.',
      'Christmas Day',
      'Columbus Day',
      'Independence Day',
      'Juneteenth National Independence Day',
      'Labor Day',
      'Memorial Day',
      "New Year's Day",
      'Thanksgiving Day',
      'Veterans Day',
      "Washington's Birthday",
    ]);
  });

  it('never observes on a weekend, and says so when the date moved', () => {
    for (let year = 1986; year <= 2200; year++) {
      for (const h of federalHolidays(year)) {
        expect(['Saturday', 'Sunday']).not.toContain(h.weekday);
        expect(h.weekday).toBe(
          new Date(`${h.observed}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }),
        );
        const moved = Math.abs(Date.parse(h.observed) - Date.parse(h.actual)) / 86_400_000;
        expect(moved).toBeLessThanOrEqual(1);
      }
    }
  });

  it('refuses years it has no rules for', () => {
    expect(() => federalHolidays(1985)).toThrow(RangeError);
    expect(() => federalHolidays(2026.5)).toThrow(RangeError);
  });
});
