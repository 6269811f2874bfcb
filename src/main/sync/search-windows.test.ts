import type { Bundle, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchIncompleteError, windowedSearch } from './search-windows';
import type { WindowSource } from './search-windows';

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second)).toISOString();
const patient = (id: string, second: number, versionId = '1'): Resource => ({
  resourceType: 'Patient',
  id,
  meta: { versionId, lastUpdated: at(second) },
});

/**
 * A server over a fixed list that does not page: it answers the first `_count` (capped at `cap`)
 * of the matches in (lastUpdated, id) order, honouring `_lastUpdated=ge…`, with an exact total.
 */
function notPaging(resources: Resource[], options: { cap?: number; total?: boolean } = {}) {
  const asked: URLSearchParams[] = [];
  const source: WindowSource = {
    async *chain(params) {
      asked.push(params);
      await Promise.resolve();
      const from = params.getAll('_lastUpdated').find((v) => v.startsWith('ge'));
      const fromMs = from === undefined ? -Infinity : Date.parse(from.slice(2));
      const hits = resources
        .filter((r) => Date.parse(r.meta!.lastUpdated!) >= fromMs)
        .sort((a, b) => a.meta!.lastUpdated!.localeCompare(b.meta!.lastUpdated!) || a.id!.localeCompare(b.id!));
      const count = Math.min(Number(params.get('_count')), options.cap ?? Infinity);
      yield {
        resourceType: 'Bundle',
        type: 'searchset',
        ...(options.total === false ? {} : { total: hits.length }),
        entry: hits.slice(0, count).map((resource) => ({ resource, search: { mode: 'match' } })),
      } satisfies Bundle;
    },
    canFilterLastUpdated: () => Promise.resolve(true),
  };
  return { source, asked };
}

const read = async (pages: AsyncGenerator<Bundle>) => {
  const ids: string[] = [];
  for await (const page of pages) for (const e of page.entry ?? []) ids.push(e.resource!.id!);
  return ids;
};

const params = (count: number) => new URLSearchParams({ _sort: '_lastUpdated', _count: String(count) });

describe('windowedSearch', () => {
  it('passes a paging chain through untouched and asks nothing more when its total is reached', async () => {
    const pages: Bundle[] = [1, 2].map((n) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      total: 2,
      entry: [{ resource: patient(`p${n}`, n), search: { mode: 'match' } }],
      link: n === 1 ? [{ relation: 'next', url: 'x' }] : [],
    }));
    let chains = 0;
    const source: WindowSource = {
      async *chain() {
        chains++;
        await Promise.resolve();
        yield* pages;
      },
      canFilterLastUpdated: () => Promise.reject(new Error('not asked')),
    };
    const seen: Bundle[] = [];
    for await (const page of windowedSearch(params(1), source)) seen.push(page);
    expect(seen).toEqual(pages);
    expect(chains).toBe(1);
  });

  it('reads a server that does not page in windows, each version once, keeping other parameters', async () => {
    const resources = Array.from({ length: 11 }, (_, i) => patient(`p${i}`, Math.floor(i / 2)));
    const { source, asked } = notPaging(resources);
    const query = new URLSearchParams({ _sort: '_lastUpdated', _count: '3', _lastUpdated: 'lt2030-01-01', name: 'x' });
    query.append('_lastUpdated', `ge${at(0)}`);
    const ids = await read(windowedSearch(query, source));
    expect(ids).toEqual(resources.map((r) => r.id));
    expect(asked[1]!.getAll('_lastUpdated')).toEqual(['lt2030-01-01', `ge${at(1)}`]);
    expect(asked[1]!.get('name')).toBe('x');
  });

  it('without Bundle.total, goes on while pages come back full', async () => {
    const resources = Array.from({ length: 6 }, (_, i) => patient(`p${i}`, i));
    const { source, asked } = notPaging(resources, { total: false });
    expect(await read(windowedSearch(params(2), source))).toEqual(resources.map((r) => r.id));
    // Each window starts on the instant the last one ended on (ge, so that instant's unread resources
    // are not skipped): with pages of two that is one new resource a window, and a short page ends it.
    expect(asked.map((p) => p.getAll('_lastUpdated'))).toEqual([[], ...[1, 2, 3, 4, 5].map((s) => [`ge${at(s)}`])]);
  });

  it('doubles _count to get past more resources on one instant than a page holds', async () => {
    const resources = [
      patient('a', 0),
      ...Array.from({ length: 9 }, (_, i) => patient(`same${i}`, 1)),
      patient('z', 2),
    ];
    const { source, asked } = notPaging(resources);
    expect(await read(windowedSearch(params(2), source))).toEqual(resources.map((r) => r.id));
    expect(asked.map((p) => p.get('_count'))).toEqual(['2', '2', '4', '8', '16']);
  });

  it('fails clearly where the server caps _count below what one instant holds', async () => {
    const resources = Array.from({ length: 9 }, (_, i) => patient(`same${i}`, 1));
    const { source } = notPaging(resources, { cap: 4 });
    await expect(read(windowedSearch(params(2), source))).rejects.toThrow(SearchIncompleteError);
  });

  it('fails clearly where the search is not sorted by _lastUpdated', async () => {
    const { source } = notPaging([patient('a', 0), patient('b', 1)]);
    await expect(read(windowedSearch(new URLSearchParams({ _count: '1' }), source))).rejects.toThrow(
      /_sort=_lastUpdated/,
    );
  });

  it('any instants and page size: every resource exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (seconds, count, total) => {
          const resources = seconds.map((s, i) => patient(`p${String(i).padStart(2, '0')}`, s));
          const { source } = notPaging(resources, { total });
          const ids = await read(windowedSearch(params(count), source));
          expect([...ids].sort()).toEqual(resources.map((r) => r.id).sort());
        },
      ),
      { numRuns: 200 },
    );
  });
});
