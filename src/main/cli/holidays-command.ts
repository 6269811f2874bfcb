import { parseArgs } from 'node:util';
import { federalHolidays, FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR } from '../../domain/business-hours/federal-holidays';
import { UsageError, wholeNumberOption } from './cli-io';
import type { CliIo } from './cli-io';

export const HOLIDAYS_USAGE = 'holidays --year YYYY [--json]';

const weekdayOf = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });

/**
 * `triage-desk holidays`: the federal holidays (5 U.S.C. 6103) the clock closes for in one calendar
 * year, by observed date. A holiday observed in the year before its own (New Year 2028 on
 * 2027-12-31) is listed under the year it closes the clinic. Synchronous: nothing to wait for.
 */
export function holidaysCommand(args: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...args],
    options: { year: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const year = wholeNumberOption('year', values.year, FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR);
  if (year === undefined) throw new UsageError('--year YYYY is required');
  const list = federalHolidays(year);
  if (values.json === true) {
    io.out(
      JSON.stringify(
        list.map((h) => ({ date: h.observed, weekday: h.weekday, name: h.name, actualDate: h.actual })),
        null,
        2,
      ),
    );
    return 0;
  }
  const rows = list.map((h) => [
    h.observed,
    h.weekday,
    h.name,
    h.actual === h.observed ? '' : `${h.actual} (${weekdayOf(h.actual)})`,
  ]);
  const header = ['DATE', 'WEEKDAY', 'HOLIDAY', 'ACTUAL DATE'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  io.out(line(header));
  for (const row of rows) io.out(line(row));
  io.out(`${list.length} federal holidays observed in ${year} (Inauguration Day, DC area only, is not included)`);
  return 0;
}
