import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearch } from '../search/parse-search';
import { buildSearchSql } from '../search/search-sql';
import { bulkClinic } from '../test-support/clinic-fixture';
import { startSimulator } from '../start-simulator';
import type { RunningSimulator } from '../start-simulator';

const N = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'portal-sim-perf-'));
let sim: RunningSimulator;
let seedMs = 0;

// Plain fetch and no validation here: the R4 validator would dwarf what is being timed.
beforeAll(async () => {
  const resources = bulkClinic(N);
  const started = performance.now();
  sim = await startSimulator({ file: join(dir, 'portal.db'), resources, validate: false });
  seedMs = performance.now() - started;
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(type: 'Task' | 'Communication', params: [string, string][]): string {
  const query = parseSearch(type, params);
  const sql = buildSearchSql(query);
  const rows = sim.store.db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT r.json FROM resource_current r WHERE ${sql.where} ORDER BY ${sql.orderBy} LIMIT 50`,
    )
    .all(...sql.params) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

async function answered(path: string): Promise<Bundle> {
  const response = await fetch(`${sim.baseUrl}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as Bundle;
}

/*
 * Correctness at size and the query plans that keep it fast. How fast is measured by `npm run bench`
 * (BENCH=sync), as ratios against a baseline of the same run: a wall-clock limit here failed on a
 * busy machine without anything being wrong.
 */
describe(`a ${N}-resource portal`, () => {
  it('seeds in one transaction', () => {
    expect(sim.seeded).toBe(N);
    console.info(`seed of ${N} resources (open + migrate + bulk insert + listen): ${seedMs.toFixed(0)} ms`);
  });

  it('answers search pages at that size', async () => {
    const paths = [
      '/Task?_count=50',
      '/Task?status=requested&owner=CareTeam/pool-nursing&_sort=_lastUpdated&_count=50',
      '/Task?patient=Patient/bulk-1234',
      '/Task?_lastUpdated=ge2026-10-10T00:00:00Z&_count=100&_include=Task:focus&_include=Task:patient',
      '/Communication?subject=Patient/bulk-77',
    ];
    for (const path of paths) expect((await answered(path)).type, path).toBe('searchset');

    const first = await answered('/Task?_count=1000');
    const next = first.link?.find((l) => l.relation === 'next')?.url ?? '';
    const later = await answered(next.slice(sim.baseUrl.length));
    expect(later.entry?.length).toBeGreaterThan(0);
  });

  it('reads a whole feed page by page', async () => {
    const started = performance.now();
    let next: string | undefined = `${sim.baseUrl}/Task?_sort=_lastUpdated&_count=1000`;
    let total = 0;
    let pages = 0;
    let expected = 0;
    while (next !== undefined) {
      const bundle = (await (await fetch(next)).json()) as Bundle;
      total += bundle.entry?.length ?? 0;
      expected = bundle.total ?? 0;
      pages++;
      next = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    console.info(`all ${total} Tasks in ${pages} pages: ${(performance.now() - started).toFixed(0)} ms`);
    expect(total).toBe(expected);
  });

  it('plans searches on indexes, without sorting in a temp b-tree for the default order', () => {
    const all = plan('Task', [['_count', '50']]);
    expect(all).toMatch(/USING (COVERING )?INDEX resource_current_by_updated/);
    expect(all).not.toMatch(/TEMP B-TREE/);
    const byOwner = plan('Task', [
      ['owner', 'CareTeam/pool-nursing'],
      ['status', 'requested'],
    ]);
    expect(byOwner).toMatch(/search_reference_lookup|search_token_lookup/);
    expect(byOwner).not.toMatch(/SCAN search_/);
    const byPatient = plan('Communication', [['subject', 'Patient/bulk-5']]);
    expect(byPatient).toMatch(/search_reference_lookup/);
    const byTime = plan('Task', [['_lastUpdated', 'ge2026-10-10']]);
    expect(byTime).toMatch(/INDEX resource_current_by_updated \(type=\? AND deleted=\? AND last_updated>\?\)/);
  });
});
