import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-io';
import { holidaysCommand } from './holidays-command';

function holidays(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = holidaysCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('triage-desk holidays', () => {
  it('lists a year by observed date, with the actual date where it differs', () => {
    const { code, out, err } = holidays('--year', '2027');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^DATE +WEEKDAY +HOLIDAY +ACTUAL DATE$/);
    expect(out).toHaveLength(1 + 12 + 1);
    expect(out[1]).toMatch(/^2027-01-01 +Friday +New Year's Day$/);
    expect(out[6]).toMatch(/^2027-07-05 +Monday +Independence Day +2027-07-04 \(Sunday\)$/);
    expect(out[12]).toMatch(/^2027-12-31 +Friday +New Year's Day +2028-01-01 \(Saturday\)$/);
    expect(out.at(-1)).toBe('12 federal holidays observed in 2027 (Inauguration Day, DC area only, is not included)');
  });

  it('writes JSON with --json', () => {
    const { code, out } = holidays('--year', '2028', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(out.join('\n')) as { date: string; weekday: string; name: string; actualDate: string }[];
    expect(list).toHaveLength(10);
    expect(list[0]).toEqual({
      date: '2028-01-17',
      weekday: 'Monday',
      name: 'Birthday of Martin Luther King, Jr.',
      actualDate: '2028-01-17',
    });
    expect(list.find((h) => h.name === 'Veterans Day')).toEqual({
      date: '2028-11-10',
      weekday: 'Friday',
      name: 'Veterans Day',
      actualDate: '2028-11-11',
    });
  });

  it.each([
    [[], '--year YYYY is required'],
    [['--year', '1985'], '--year must be a whole number from 1986 to 2200'],
    [['--year', 'next'], '--year must be a whole number'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => holidays(...argv)).toThrow(UsageError);
    expect(() => holidays(...argv)).toThrow(message);
  });
});
