import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import type { SyncStatus } from '../../shared/sync-status';
import { FhirWriter } from '../outbox/fhir-writer';
import { recordAction } from '../outbox/record-action';
import { createSyncService } from './sync-service';
import type { SyncService } from './sync-service';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

const clinic = generateClinic({ seed: 5, now: new Date('2026-11-25T12:00:00.000Z'), size: 30 });
const NURSE = 'Practitioner/rn-osei';

let h: SyncHarness | undefined;
let service: SyncService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await h?.dispose();
  h = undefined;
});

/** A local clock that moves one second per reading, so pass order shows in the recorded times. */
function tickingClock(start = Date.parse('2026-11-27T15:00:00.000Z')) {
  let ms = start;
  return () => new Date((ms += 1000));
}

const runs = (harness: SyncHarness) => harness.db.selectFrom('sync_run').selectAll().orderBy('run_id').execute();

describe('the background sync service', () => {
  it('reports the first load with progress, fills the inbox page by page, and remembers success across restarts', async () => {
    h = await startSyncHarness(clinic.resources);
    const statuses: SyncStatus[] = [];
    let cacheChanges = 0;
    service = await createSyncService({
      db: h.db,
      client: h.client(),
      portalUrl: h.sim.baseUrl,
      pageSize: 10,
      now: tickingClock(),
      onStatus: (s) => statuses.push(s),
      onCacheChanged: () => cacheChanges++,
      firstLoadNotifyMs: 0,
      progressEveryMs: 0,
    });
    expect(service.status()).toMatchObject({ firstLoad: true, connection: 'unknown', lastSuccessAt: null });
    const done = await service.syncNow();

    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
    const taskProgress = statuses.filter((s) => s.progress?.label === 'Work items');
    expect(taskProgress.length).toBeGreaterThan(1);
    expect(taskProgress.every((s) => s.running && s.firstLoad && s.progress?.step === 1)).toBe(true);
    expect(taskProgress.at(-1)?.progress).toMatchObject({ done: taskProgress.at(-1)?.progress?.total });
    // Each committed search page during the first load, plus the end of the pass.
    const searchPages = statuses.filter((s) => s.progress?.phase === 'search').length;
    expect(cacheChanges).toBe(searchPages + 1);
    expect(done).toMatchObject({
      running: false,
      firstLoad: false,
      connection: 'online',
      problem: null,
      progress: null,
    });
    expect(done.lastSuccessAt).not.toBeNull();

    await service.stop();
    service = await createSyncService({ db: h.db, client: h.client(), portalUrl: h.sim.baseUrl });
    expect(service.status()).toMatchObject({ firstLoad: false, lastSuccessAt: done.lastSuccessAt });
  });

  it('tells the page after a pass that only sent queued actions (the pull then finds nothing new)', async () => {
    h = await startSyncHarness(clinic.resources);
    let cacheChanges = 0;
    service = await createSyncService({
      db: h.db,
      client: h.client(),
      writer: new FhirWriter({ baseUrl: h.sim.baseUrl }),
      portalUrl: h.sim.baseUrl,
      onCacheChanged: () => cacheChanges++,
    });
    await service.syncNow();
    await service.syncNow();
    const before = cacheChanges;
    const item = await h.db.selectFrom('work_item').select('id').where('is_open', '=', 1).executeTakeFirstOrThrow();
    await recordAction(h.db, {
      workItemId: item.id,
      kind: 'note',
      payload: { text: 'Called the patient.' },
      actor: NURSE,
    });
    await service.syncNow();
    expect(await h.db.selectFrom('outbox_action').select('state').execute()).toEqual([{ state: 'synced' }]);
    expect(cacheChanges).toBe(before + 1);
    // And a pass with nothing to send or pull says nothing.
    await service.syncNow();
    expect(cacheChanges).toBe(before + 1);
  });

  it('never runs two passes at once: a request during a pass queues exactly one more', async () => {
    h = await startSyncHarness(clinic.resources);
    service = await createSyncService({
      db: h.db,
      client: h.client(),
      portalUrl: h.sim.baseUrl,
      pageSize: 10,
      now: tickingClock(),
    });
    const results = await Promise.all([service.syncNow(), service.syncNow(), service.syncNow(), service.syncNow()]);
    expect(results.every((s) => s.connection === 'online')).toBe(true);
    const recorded = await runs(h);
    expect(recorded.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(recorded[1]!.started_at).toBeGreaterThan(recorded[0]!.finished_at);
  });

  it('goes offline from failed requests, keeps the first "offline since", and comes back online', async () => {
    h = await startSyncHarness(clinic.resources);
    let down = true;
    const flaky: typeof fetch = (input, init) =>
      down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
    service = await createSyncService({
      db: h.db,
      client: h.client({ fetch: flaky, maxAttempts: 2 }),
      portalUrl: h.sim.baseUrl,
      now: tickingClock(),
    });
    const first = await service.syncNow();
    expect(first).toMatchObject({ connection: 'offline', firstLoad: true, lastSuccessAt: null });
    expect(first.problem?.message).toContain('Cannot reach the portal');
    expect(first.offlineSince).not.toBeNull();
    const second = await service.syncNow();
    expect(second.offlineSince).toBe(first.offlineSince);

    down = false;
    const back = await service.syncNow();
    expect(back).toMatchObject({ connection: 'online', offlineSince: null, problem: null, firstLoad: false });
    expect((await runs(h)).map((r) => r.outcome)).toEqual(['failed', 'failed', 'ok']);
  });

  it('a portal answering errors is online but failing, with words to act on', async () => {
    h = await startSyncHarness(clinic.resources);
    const unavailable: typeof fetch = () => Promise.resolve(new Response('busy', { status: 503 }));
    service = await createSyncService({
      db: h.db,
      client: h.client({ fetch: unavailable, maxAttempts: 2 }),
      portalUrl: h.sim.baseUrl,
    });
    const status = await service.syncNow();
    expect(status.connection).toBe('online');
    expect(status.offlineSince).toBeNull();
    expect(status.problem?.message).toContain('answering with errors (HTTP 503)');
    expect(status.problem?.action).toMatch(/IT/);
  });

  it('stop() cancels the running pass, keeps its committed pages and schedules nothing more', async () => {
    h = await startSyncHarness(clinic.resources);
    const harness = h;
    let stopping: Promise<void> | undefined;
    const local = await createSyncService({
      db: harness.db,
      client: harness.client(),
      portalUrl: harness.sim.baseUrl,
      pageSize: 5,
      intervalMs: 20,
      progressEveryMs: 0,
      onStatus: (s) => {
        if (s.progress?.label === 'Patients' && stopping === undefined) stopping = local.stop();
      },
    });
    service = local;
    await local.syncNow();
    await stopping;
    const recorded = await runs(harness);
    expect(recorded.map((r) => r.outcome)).toEqual(['cancelled']);
    expect(local.status()).toMatchObject({ running: false, problem: null, firstLoad: true });
    const tasks = await harness.db.selectFrom('work_item').select('id').execute();
    expect(tasks.length).toBe(clinic.resources.filter((r) => r.resourceType === 'Task').length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await runs(harness)).toHaveLength(1);
  });

  it('runs again on its interval after start()', async () => {
    h = await startSyncHarness(clinic.resources);
    service = await createSyncService({ db: h.db, client: h.client(), portalUrl: h.sim.baseUrl, intervalMs: 10 });
    await service.start();
    const harness = h;
    await expect.poll(async () => (await runs(harness)).length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect((await runs(harness)).every((r) => r.outcome === 'ok')).toBe(true);
  });
});
