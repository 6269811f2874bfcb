import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trendOf } from './trend';
import type { Point } from './trend';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const point = (id: string, value: number | undefined, day: number, over: Partial<Point> = {}): Point => ({
  id,
  code: '2823-3',
  unit: 'mmol/L',
  value,
  at: T0 + day * DAY,
  ...over,
});

describe('trendOf', () => {
  it('takes the earlier values of the same test in the same unit, oldest first', () => {
    const current = point('now', 4.3, 300);
    const history = [
      point('b', 4.1, 200),
      point('a', 4.2, 100),
      point('other-test', 140, 150, { code: '2951-2', unit: 'mmol/L' }),
      point('other-unit', 16, 120, { unit: 'mg/dL' }),
      point('later', 5.0, 310),
      point('withdrawn', 9.9, 250, { status: 'entered-in-error' }),
      point('no-value', undefined, 260),
      current,
    ];
    const trend = trendOf(current, history, 'normal');
    expect(trend.previous.map((p) => p.id)).toEqual(['a', 'b']);
    expect(trend).toMatchObject({ direction: 'stable', summary: 'normal, stable' });
  });

  it('says rising, falling or first result', () => {
    expect(trendOf(point('c', 6.0, 30), [point('p', 4.0, 0)], 'abnormal').summary).toBe('abnormal, rising');
    expect(trendOf(point('c', 3.0, 30), [point('p', 4.0, 0)], 'abnormal').direction).toBe('falling');
    expect(trendOf(point('c', 4.0, 30), [], 'critical').summary).toBe('critical, first result');
  });

  it('keeps the most recent few', () => {
    const history = Array.from({ length: 10 }, (_, i) => point(`p${i}`, 4 + i / 100, i));
    expect(trendOf(point('c', 4.1, 20), history, 'normal', 6).previous.map((p) => p.id)).toEqual([
      'p4',
      'p5',
      'p6',
      'p7',
      'p8',
      'p9',
    ]);
  });

  it('never shows a later result, another test or another unit beside this one (property)', () => {
    const arbitraryPoint = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      code: fc.constantFrom('2823-3', '2160-0'),
      unit: fc.constantFrom('mmol/L', 'mg/dL', undefined),
      value: fc.option(fc.double({ min: -10, max: 500, noNaN: true }), { nil: undefined }),
      at: fc.integer({ min: T0, max: T0 + 400 * DAY }),
      status: fc.constantFrom('final', 'amended', 'entered-in-error', undefined),
    });
    fc.assert(
      fc.property(arbitraryPoint, fc.array(arbitraryPoint, { maxLength: 30 }), (current, history) => {
        const { previous } = trendOf(current, history, 'normal');
        expect(previous.length).toBeLessThanOrEqual(6);
        for (const p of previous) {
          expect(p.at).toBeLessThan(current.at);
          expect(p.code).toBe(current.code);
          expect(p.unit).toBe(current.unit);
          expect(p.status).not.toBe('entered-in-error');
        }
        for (let i = 1; i < previous.length; i++) expect(previous[i - 1]!.at).toBeLessThanOrEqual(previous[i]!.at);
      }),
    );
  });
});
