import { FhirError } from '../errors';

/** A condition on the ISO `last_updated` column; a search value yields one or two, all required. */
export interface InstantBound {
  op: '>=' | '>' | '<' | '<=';
  value: string;
}

export type DatePrefix = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
const PREFIXES: readonly DatePrefix[] = ['eq', 'gt', 'ge', 'lt', 'le'];

const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

const MINUTE = 60_000;

function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function bad(text: string, why: string, param = '_lastUpdated'): FhirError {
  return new FhirError(400, 'invalid', `Invalid ${param} value '${text}': ${why}.`);
}

/**
 * The instant range [start, endInclusive] a date value denotes at its own precision: `2026` is the
 * whole year, `2026-11-27T14:00:00.5Z` half a second. Values with a time but no zone are read as
 * UTC (R4 lets the server pick its zone; the simulator's is UTC).
 */
export function parseDateRange(text: string, param = '_lastUpdated'): { start: number; endInclusive: number } {
  // A literal '+' in an unencoded query string arrives as a space.
  const value = text.replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = DATE_VALUE.exec(value);
  if (m === null) throw bad(text, 'expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time', param);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  if (month < 1 || month > 12) throw bad(text, 'month out of range', param);
  const daysInMonth = new Date(utc(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) throw bad(text, 'day out of range', param);
  if (mo === undefined) return { start: utc(year, 0, 1), endInclusive: utc(year + 1, 0, 1) - 1 };
  if (d === undefined) return { start: utc(year, month - 1, 1), endInclusive: utc(year, month, 1) - 1 };
  if (h === undefined) return { start: utc(year, month - 1, day), endInclusive: utc(year, month - 1, day + 1) - 1 };
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) throw bad(text, 'time out of range', param);
  const digits = frac ?? '';
  const ms = Number(digits.slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number);
    if ((oh ?? 0) > 14 || (om ?? 0) > 59) throw bad(text, 'zone offset out of range', param);
    offset = sign * ((oh ?? 0) * 60 + (om ?? 0)) * MINUTE;
  }
  const start = utc(year, month - 1, day, hour, minute, second, ms) - offset;
  const width = s === undefined ? MINUTE : digits.length === 0 ? 1000 : 10 ** Math.max(0, 3 - digits.length);
  return { start, endInclusive: start + width - 1 };
}

function iso(ms: number): string {
  const text = new Date(ms).toISOString();
  // Outside 0000–9999 the ISO form gains a sign and no longer sorts as text; clamp to the edges.
  if (text.length === 24) return text;
  return ms < 0 ? '0000-01-01T00:00:00.000Z' : '9999-12-31T23:59:59.999Z';
}

/** One `_lastUpdated` value, prefix included, as conditions on the stored ISO instants. */
export function parseLastUpdated(text: string): InstantBound[] {
  const prefix = PREFIXES.find((p) => text.startsWith(p));
  if (prefix === undefined && /^[a-z]{2}/.test(text)) {
    throw bad(text, 'supported prefixes are eq, gt, ge, lt and le');
  }
  const { start, endInclusive } = parseDateRange(prefix === undefined ? text : text.slice(2));
  switch (prefix ?? 'eq') {
    case 'gt':
      return [{ op: '>', value: iso(endInclusive) }];
    case 'ge':
      return [{ op: '>=', value: iso(start) }];
    case 'lt':
      return [{ op: '<', value: iso(start) }];
    case 'le':
      return [{ op: '<=', value: iso(endInclusive) }];
    default:
      return [
        { op: '>=', value: iso(start) },
        { op: '<=', value: iso(endInclusive) },
      ];
  }
}

export function boundHolds(bound: InstantBound, lastUpdated: string): boolean {
  switch (bound.op) {
    case '>':
      return lastUpdated > bound.value;
    case '>=':
      return lastUpdated >= bound.value;
    case '<':
      return lastUpdated < bound.value;
    case '<=':
      return lastUpdated <= bound.value;
  }
}
