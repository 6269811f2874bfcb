import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallClinic, task } from '../test-support/clinic-fixture';
import { readAllPages, startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';

let sim: TestSimulator;
let clock = Date.parse('2026-11-27T14:00:00.000Z');
beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic(), now: () => new Date(clock) });
});
afterAll(async () => {
  await sim.stop();
});

const summary = (bundle: Bundle): string[] =>
  (bundle.entry ?? []).map((e) => `${e.request?.method ?? ''} ${e.fullUrl?.slice(sim.baseUrl.length + 1) ?? ''}`);

describe('_history', () => {
  it('shows versions newest first, deletes as DELETE entries, at instance, type and system level', async () => {
    clock += 1000;
    const since = new Date(clock).toISOString();
    const created = (
      await sim.fhir('/Task', {
        method: 'POST',
        body: task('x', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1'),
      })
    ).body as Task;
    const id = created.id ?? '';
    clock += 1000;
    await sim.fhir(`/Task/${id}`, { method: 'PUT', body: { ...created, status: 'accepted' } });
    clock += 1000;
    await sim.fhir(`/Task/${id}`, { method: 'DELETE' });
    clock += 1000;
    await sim.fhir('/Patient/pat-2', { method: 'DELETE' });

    const instance = (await sim.fhir(`/Task/${id}/_history`)).body as Bundle;
    expect(instance.type).toBe('history');
    expect(summary(instance)).toEqual([`DELETE Task/${id}`, `PUT Task/${id}`, `POST Task/${id}`]);
    const deleteEntry = instance.entry?.[0];
    expect(deleteEntry?.resource).toBeUndefined();
    expect(deleteEntry?.request?.url).toBe(`Task/${id}`);
    expect(deleteEntry?.response?.etag).toBe('W/"3"');

    const type = (await sim.fhir(`/Task/_history?_since=${encodeURIComponent(since)}`)).body as Bundle;
    expect(summary(type)).toEqual([`DELETE Task/${id}`, `PUT Task/${id}`, `POST Task/${id}`]);

    const system = (await sim.fhir(`/_history?_since=${encodeURIComponent(since)}`)).body as Bundle;
    expect(summary(system)).toEqual(['DELETE Patient/pat-2', `DELETE Task/${id}`, `PUT Task/${id}`, `POST Task/${id}`]);
    expect(system.total).toBe(4);
  });

  it('pages with _count, stays stable while new versions arrive, and 404s an unknown id', async () => {
    const all = (await sim.fhir('/_history?_count=1000')).body as Bundle;
    const firstPage = (await sim.fhir('/_history?_count=5')).body as Bundle;
    expect(firstPage.entry).toHaveLength(5);
    clock += 1000;
    await sim.fhir('/Task', {
      method: 'POST',
      body: task('y', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1'),
    });
    const next = firstPage.link?.find((l) => l.relation === 'next')?.url ?? '';
    const rest = await readAllPages(sim, next.slice(sim.baseUrl.length));
    const served = [firstPage, ...rest].flatMap(summary);
    expect(served).toEqual(summary(all));
    expect((await sim.fhir('/Task/never/_history')).status).toBe(404);
  });

  it('keeps history and current consistent: the newest history row is the current version', () => {
    const mismatches = sim.store.db
      .prepare(
        `SELECT c.type, c.id FROM resource_current c
         JOIN resource_history h ON h.type = c.type AND h.id = c.id
         GROUP BY c.type, c.id HAVING max(h.version_id) != c.version_id`,
      )
      .all();
    expect(mismatches).toEqual([]);
  });
});
