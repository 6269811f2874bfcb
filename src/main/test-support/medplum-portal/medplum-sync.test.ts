import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../../demo-clinic/generate';
import { smallClinic } from '../../../simulator/test-support/clinic-fixture';
import { openTestDatabase } from '../../db/test-database';
import { syncOnce } from '../../sync/sync-engine';
import { cacheKeys, serverKeys } from '../../sync/test-support/sync-harness';
import { medplumPortalFor } from './medplum-portal';
import type { MedplumPortal } from './medplum-portal';

let portal: MedplumPortal | undefined;
let cache: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
afterEach(async () => {
  await portal?.close();
  await cache?.dispose();
  portal = undefined;
  cache = undefined;
});

describe('the desk’s sync against the Medplum portal', () => {
  it('FhirClient reads /metadata and runs a search on a seeded smallClinic()', async () => {
    portal = await medplumPortalFor(smallClinic());
    const client = portal.client();
    const caps = await client.capabilities();
    expect(caps.types.get('Task')).toMatchObject({ searchType: true, historyType: false });
    const pages = [];
    for await (const page of client.search(
      'Task',
      new URLSearchParams({ _sort: '_lastUpdated', _count: '50' }),
      undefined,
      {
        include: ['Task:focus', 'Task:patient'],
      },
    )) {
      pages.push(page);
    }
    expect(pages).toHaveLength(1);
    const entries = pages[0]?.entry ?? [];
    expect(entries.filter((e) => e.search?.mode !== 'include').map((e) => e.resource?.id)).toEqual([
      'task-1',
      'task-2',
      'task-3',
    ]);
    // No _include on the server: the client read the foci and patients itself.
    expect(
      entries
        .filter((e) => e.search?.mode === 'include')
        .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)
        .sort(),
    ).toEqual([
      'Communication/thread-1',
      'DiagnosticReport/dr-1',
      'MedicationRequest/rx-1',
      'Patient/pat-1',
      'Patient/pat-2',
    ]);
  });

  it('one full pass of syncOnce over smallClinic() fills the cache as the server holds it; deletes of open Tasks are reconciled', async () => {
    portal = await medplumPortalFor(smallClinic());
    cache = await openTestDatabase();
    const summary = await syncOnce({ db: cache.db, client: portal.client() });
    const server = await serverKeys(portal.baseUrl);
    expect(await cacheKeys(cache.db)).toEqual(server);
    expect(summary).toMatchObject({ created: server.length, updated: 0, deleted: 0, quarantined: 0, reconciled: 0 });
    expect(summary.limitations).toContain('Task: no _history: deletes are reconciled for open items only');
    expect(await cache.db.selectFrom('work_item').select('id').orderBy('id').execute()).toEqual([
      { id: 'task-1' },
      { id: 'task-2' },
      { id: 'task-3' },
    ]);

    expect((await portal.http('DELETE', 'Task/task-2')).status).toBe(200);
    const again = await syncOnce({ db: cache.db, client: portal.client() });
    expect(again).toMatchObject({ created: 0, updated: 0, deleted: 1, reconciled: 1 });
    expect(await cacheKeys(cache.db)).toEqual(await serverKeys(portal.baseUrl));
  });

  it('a generated clinic larger than a page is read to its end through _lastUpdated windows', async () => {
    const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });
    portal = await medplumPortalFor(clinic.resources);
    cache = await openTestDatabase();
    const summary = await syncOnce({ db: cache.db, client: portal.client(), pageSize: 50 });
    const server = await serverKeys(portal.baseUrl);
    expect(await cacheKeys(cache.db)).toEqual(server);
    expect(summary).toMatchObject({ created: server.length, quarantined: 0 });
    // Windows, not next links: every search the portal saw is a first page.
    expect(portal.requests.some((r) => /_lastUpdated=ge/.test(decodeURIComponent(r.url)))).toBe(true);
  });

  it('an incremental pass brings in what changed at the portal since, and only that', async () => {
    const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });
    portal = await medplumPortalFor(clinic.resources);
    cache = await openTestDatabase();
    await syncOnce({ db: cache.db, client: portal.client() });
    const task = (await portal.http<{ entry?: { resource: { id: string } }[] }>('GET', 'Task?_count=1')).body.entry?.[0]
      ?.resource;
    expect(task).toBeDefined();
    const current = (await portal.http<Record<string, unknown>>('GET', `Task/${task!.id}`)).body;
    expect((await portal.http('PUT', `Task/${task!.id}`, { ...current, priority: 'urgent' })).status).toBe(200);
    expect(
      (
        await portal.http('POST', 'Communication', {
          resourceType: 'Communication',
          status: 'completed',
          payload: [{ contentString: 'A new message from the portal side' }],
        })
      ).status,
    ).toBe(201);
    const again = await syncOnce({ db: cache.db, client: portal.client() });
    expect(again).toMatchObject({ created: 1, updated: 1, quarantined: 0 });
    expect(await cacheKeys(cache.db)).toEqual(await serverKeys(portal.baseUrl));
  });

  it('converges through 503s, answers dropped after the portal handled them, and slow answers', async () => {
    const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });
    portal = await medplumPortalFor(clinic.resources, {
      faults: { seed: 3, unavailable: 0.2, drop: 0.1, slow: 0.1, slowMs: 5, maxInARow: 3 },
    });
    cache = await openTestDatabase();
    await syncOnce({ db: cache.db, client: portal.client({ maxAttempts: 10 }), pageSize: 50 });
    portal.faults.paused = true;
    expect(await cacheKeys(cache.db)).toEqual(await serverKeys(portal.baseUrl));
    expect(portal.faults.served.unavailable).toBeGreaterThan(0);
    expect(portal.faults.served['drop-after-commit']).toBeGreaterThan(0);
  });
});
