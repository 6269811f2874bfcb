import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkClinic, task } from '../test-support/clinic-fixture';
import { readAllPages, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
let clock = Date.parse('2026-11-27T14:00:00.000Z');
beforeAll(async () => {
  sim = await startTestSimulator({
    resources: bulkClinic(900),
    now: () => new Date(clock),
    snapshotTtlMs: 60_000,
  });
});
afterAll(async () => {
  await sim.stop();
});

const versionsOf = (pages: Bundle[]): string[] =>
  pages.flatMap((p) =>
    (p.entry ?? [])
      .filter((e) => e.search?.mode === 'match')
      .map((e) => `${e.resource?.id ?? ''}@${e.resource?.meta?.versionId ?? ''}`),
  );

function liveRequestedTasks(): string[] {
  const rows = sim.store.db
    .prepare(
      `SELECT id, version_id FROM resource_current r WHERE type = 'Task' AND deleted = 0
       AND id IN (SELECT id FROM search_token WHERE type = 'Task' AND name = 'status' AND code = 'requested')
       ORDER BY last_updated, id`,
    )
    .all() as { id: string; version_id: number }[];
  return rows.map((r) => `${r.id}@${r.version_id}`);
}

describe('paging stays stable while the portal changes', () => {
  it('serves exactly the set frozen at page one: no gaps, no repeats', async () => {
    const expected = liveRequestedTasks();
    expect(expected.length).toBeGreaterThan(250);
    const first = await sim.fhir('/Task?status=requested&_sort=_lastUpdated&_count=40');
    const page1 = first.body as Bundle;
    expect(page1.total).toBe(expected.length);

    // Meanwhile: matching Tasks from later pages are updated (moving to the end), closed (no longer
    // matching), deleted, and new matching ones arrive.
    const later = expected.slice(100).map((v) => v.split('@')[0] ?? '');
    for (const [i, id] of later.slice(0, 30).entries()) {
      clock += 1;
      const current = (await sim.fhir(`/Task/${id}`)).body as Task;
      if (i % 3 === 0) await sim.fhir(`/Task/${id}`, { method: 'PUT', body: { ...current, priority: 'urgent' } });
      else if (i % 3 === 1) await sim.fhir(`/Task/${id}`, { method: 'PUT', body: { ...current, status: 'accepted' } });
      else await sim.fhir(`/Task/${id}`, { method: 'DELETE' });
    }
    for (let i = 0; i < 10; i++) {
      await sim.fhir('/Task', {
        method: 'POST',
        body: task('x', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1'),
      });
    }

    const next = page1.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toContain('_getpages=');
    const rest = await readAllPages(sim, next.slice(sim.baseUrl.length));
    const served = versionsOf([page1, ...rest]);
    expect(served).toEqual(expected);
    expect(new Set(served).size).toBe(served.length);
    expect(rest.every((p) => p.total === expected.length)).toBe(true);

    // A new search sees the changes.
    const fresh = await readAllPages(sim, '/Task?status=requested&_count=1000');
    expect(versionsOf(fresh)).toEqual(liveRequestedTasks());
    expect(versionsOf(fresh)).not.toEqual(expected);
  });

  it('links previous pages and answers 410 once the snapshot has expired', async () => {
    const page1 = (await sim.fhir('/Task?_count=100')).body as Bundle;
    const nextUrl = page1.link?.find((l) => l.relation === 'next')?.url ?? '';
    const page2 = (await sim.fhir(nextUrl.slice(sim.baseUrl.length))).body as Bundle;
    const previous = page2.link?.find((l) => l.relation === 'previous')?.url ?? '';
    const again = (await sim.fhir(previous.slice(sim.baseUrl.length))).body as Bundle;
    expect(versionsOf([again])).toEqual(versionsOf([page1]));

    clock += 120_000;
    // Expiry runs when the next snapshot is taken.
    await sim.fhir('/Patient?_count=10');
    const expired = await sim.fhir(nextUrl.slice(sim.baseUrl.length));
    expect(expired.status).toBe(410);
  });
});
