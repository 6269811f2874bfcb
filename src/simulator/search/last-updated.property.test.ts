import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FhirError } from '../errors';
import { boundHolds, parseLastUpdated } from './last-updated';
import { parseSearch } from './parse-search';

/** ISO prefixes at each precision R4 search allows, as lengths of a full ISO string. */
const PRECISIONS = [4, 7, 10, 16, 19, 23] as const;
const PREFIXES = ['', 'eq', 'gt', 'ge', 'lt', 'le'] as const;

const instant = fc
  .integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-12-31T23:59:59Z') })
  .map((ms) => new Date(ms).toISOString());

/** The value as written at a precision, with a zone where it has a time. */
function writeAt(iso: string, length: number): string {
  const cut = iso.slice(0, length);
  return length > 10 ? `${cut}Z` : cut;
}

/** The oracle: compare both instants truncated to the search value's precision, as text. */
function oracle(prefix: string, target: string, value: string, length: number): boolean {
  const a = target.slice(0, length);
  const b = value.slice(0, length);
  switch (prefix) {
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return a === b;
  }
}

describe('_lastUpdated parser', () => {
  it('agrees with truncation at every precision and prefix', () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        fc.constantFrom(...PRECISIONS),
        fc.constantFrom(...PREFIXES),
        (target, value, length, prefix) => {
          const bounds = parseLastUpdated(`${prefix}${writeAt(value, length)}`);
          expect(bounds.every((b) => boundHolds(b, target))).toBe(oracle(prefix, target, value, length));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a zone offset (also with + arriving as a space) as the same instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (iso, offsetMinutes) => {
        const ms = Date.parse(iso);
        const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const zone = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const expected = parseLastUpdated(`eq${iso}`);
        expect(parseLastUpdated(`eq${local}${sign}${zone}`)).toEqual(expected);
        if (sign === '+') expect(parseLastUpdated(`eq${local} ${zone}`)).toEqual(expected);
      }),
    );
  });

  it('answers any other text with a 400 FhirError, never a crash', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseLastUpdated(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FhirError);
          expect((error as FhirError).status).toBe(400);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('search parameter parser', () => {
  const key = fc.oneof(
    fc.constantFrom(
      '_id',
      '_lastUpdated',
      '_count',
      '_sort',
      '_total',
      '_include',
      'status',
      'owner',
      'code',
      'patient',
      'focus',
      'identifier',
    ),
    fc.string({ maxLength: 12 }),
  );
  it('either parses or refuses with a 4xx FhirError, whatever the query', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.string({ maxLength: 30 })), { maxLength: 6 }),
        fc.boolean(),
        (params, lenient) => {
          try {
            const query = parseSearch('Task', params, { lenient });
            expect(query.count).toBeGreaterThanOrEqual(0);
            expect(query.count).toBeLessThanOrEqual(1000);
          } catch (error) {
            expect(error).toBeInstanceOf(FhirError);
            expect((error as FhirError).status).toBeGreaterThanOrEqual(400);
            expect((error as FhirError).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips token values with escaped separators', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z:/.|,\\]{1,12}$/),
        fc.stringMatching(/^[a-z|,\\-]{1,12}$/),
        (system, code) => {
          const escape = (s: string) => s.replace(/[\\|,]/g, (c) => `\\${c}`);
          const query = parseSearch('Task', [['code', `${escape(system)}|${escape(code)}`]]);
          expect(query.filters).toEqual([{ kind: 'token', name: 'code', anyOf: [{ system, code }] }]);
        },
      ),
    );
  });
});
