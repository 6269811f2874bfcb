import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';
import { deletedResources } from './history';
import type { HistoryEntry } from './history';
import { advanceWatermark, incrementalFrom, instantMillis } from './watermark';

const START = Date.parse('2026-01-01T00:00:00.000Z');
const instant = fc.integer({ min: 0, max: 10_000 }).map((offset) => new Date(START + offset).toISOString());

describe('advanceWatermark', () => {
  it('is the latest server instant seen, never moves back, and ignores what does not parse', () => {
    fc.assert(
      fc.property(
        fc.option(instant, { nil: null }),
        fc.array(fc.oneof(instant, fc.constantFrom(undefined, '', 'yesterday'))),
        (current, instants) => {
          const next = advanceWatermark(current, instants);
          const all = [current, ...instants].map(instantMillis).filter((ms) => ms !== undefined);
          expect(next === null ? undefined : instantMillis(next)).toBe(all.length === 0 ? undefined : Math.max(...all));
          // The watermark is one of the strings the server wrote, kept as written.
          if (next !== null) expect([current, ...instants]).toContain(next);
        },
      ),
    );
  });

  it('folding page by page gives the same watermark as all at once', () => {
    fc.assert(
      fc.property(fc.array(fc.array(instant)), (pages) => {
        const stepwise = pages.reduce<string | null>((w, page) => advanceWatermark(w, page), null);
        const whole = advanceWatermark(null, pages.flat());
        expect(stepwise === null ? null : instantMillis(stepwise)).toBe(whole === null ? null : instantMillis(whole));
      }),
    );
  });
});

describe('incrementalFrom', () => {
  it('reaches back by the overlap, so any write at or after the watermark matches ge', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5000 }), instant, (watermark, overlap, write) => {
        const from = incrementalFrom(watermark, overlap)!;
        expect(Date.parse(from)).toBe(Date.parse(watermark) - overlap);
        if (Date.parse(write) >= Date.parse(watermark))
          expect(Date.parse(write)).toBeGreaterThanOrEqual(Date.parse(from));
      }),
    );
    expect(incrementalFrom(null)).toBeNull();
  });
});

describe('deletedResources', () => {
  it('reports exactly the resources whose newest history entry is a DELETE', () => {
    const entry = fc.record({
      resourceType: fc.constantFrom('Patient', 'Task'),
      id: fc.constantFrom('a', 'b', 'c'),
      method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
      lastModified: instant,
    });
    fc.assert(
      fc.property(fc.array(entry), (oldestFirst) => {
        const newestFirst: HistoryEntry[] = [...oldestFirst].reverse();
        const finalState = new Map<string, string>();
        for (const e of oldestFirst) finalState.set(`${e.resourceType}/${e.id}`, e.method);
        const expected = [...finalState].filter(([, method]) => method === 'DELETE').map(([key]) => key);
        const got = deletedResources(newestFirst).map((d) => `${d.resourceType}/${d.id}`);
        expect(got.sort()).toEqual(expected.sort());
      }),
    );
  });
});

describe('backoffDelay', () => {
  it('stays within full jitter of the capped exponential, and never under Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
        (attempt, r, retryAfter) => {
          const policy = { baseMs: 100, capMs: 10_000 };
          const delay = backoffDelay(attempt, () => r, policy, retryAfter);
          const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(retryAfter ?? 0);
          if (retryAfter === undefined) expect(delay).toBeLessThan(Math.max(1, ceiling));
          else expect(delay).toBeLessThanOrEqual(Math.max(ceiling, retryAfter));
        },
      ),
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('86400', now)).toBe(120_000);
  });
});
