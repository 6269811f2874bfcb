import type { Bundle, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { parseFaultSpec, withFaults } from '../../simulator/fault-injection';
import { parseSearch } from '../../simulator/search/parse-search';
import { RetriesExhaustedError } from './fhir-client';
import { syncOnce } from './sync-engine';
import type { SyncProgress } from './sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const patient = (id: string, family: string): Patient => ({ resourceType: 'Patient', id, name: [{ family }] });

describe('syncOnce against the portal simulator', () => {
  it('initial load equals the server, with progress from Bundle.total', async () => {
    h = await startSyncHarness(clinic.resources);
    const progress: SyncProgress[] = [];
    const summary = await syncOnce({ db: h.db, client: h.client(), pageSize: 50, onProgress: (p) => progress.push(p) });
    const server = await serverKeys(h.sim.baseUrl);
    expect(await cacheKeys(h.db)).toEqual(server);
    expect(summary.created).toBe(server.length);
    expect(summary).toMatchObject({ updated: 0, deleted: 0, quarantined: 0, limitations: [] });
    const lastTask = progress.filter((p) => p.feed === 'Task' && p.phase === 'search').at(-1)!;
    expect(lastTask.done).toBe(lastTask.total);
    const inbox = await h.db.selectFrom('work_item').select('id').execute();
    expect(inbox.length).toBe(server.filter((k) => k.startsWith('Task/')).length);
    // The fills a renewal shows as "last filled", a feed of their own right after the prescriptions.
    const fills = server.filter((k) => k.startsWith('MedicationDispense/')).length;
    expect(fills).toBeGreaterThan(0);
    expect(await h.db.selectFrom('medication_dispense').select('id').execute()).toHaveLength(fills);
    const feeds = [...new Set(progress.map((p) => p.feed))];
    expect(feeds.indexOf('MedicationDispense')).toBe(feeds.indexOf('MedicationRequest') + 1);

    // A quiet second pass re-reads only the overlap and changes nothing.
    const again = await syncOnce({ db: h.db, client: h.client(), pageSize: 50 });
    expect(again).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(again.unchanged).toBeLessThan(server.length / 4);
  });

  it('picks up creates, updates and deletes incrementally', async () => {
    h = await startSyncHarness(clinic.resources);
    await syncOnce({ db: h.db, client: h.client() });
    const [first, second] = (await h.db.selectFrom('patient').select('id').orderBy('id').limit(2).execute()).map(
      (r) => r.id,
    );
    h.clock.ms += 60_000;
    h.sim.store.create(patient('ignored', 'Newcomer'));
    h.sim.store.update({ ...(h.sim.store.read('Patient', first!) as Patient), gender: 'unknown' });
    h.sim.store.delete('Patient', second!);
    const task = await h.db.selectFrom('work_item').select('id').limit(1).executeTakeFirstOrThrow();
    h.sim.store.delete('Task', task.id);

    const summary = await syncOnce({ db: h.db, client: h.client() });
    expect(summary).toMatchObject({ created: 1, updated: 1, deleted: 2, quarantined: 0 });
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
    expect(await h.db.selectFrom('work_item').where('id', '=', task.id).selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('patient').where('id', '=', second!).selectAll().execute()).toEqual([]);
  });

  it('misses no write made in the same millisecond as the watermark', async () => {
    h = await startSyncHarness(clinic.resources);
    // The server clock stands still: every write below shares one lastUpdated with the watermark.
    h.clock.ms += 60_000;
    h.sim.store.update(patient('same-ms-1', 'First'));
    await syncOnce({ db: h.db, client: h.client() });
    const feed = await h.db.selectFrom('sync_feed').selectAll().where('feed', '=', 'Patient').executeTakeFirstOrThrow();
    expect(feed.watermark).toBe(new Date(h.clock.ms).toISOString());
    h.sim.store.update(patient('same-ms-2', 'Second'));
    h.sim.store.update({ ...patient('same-ms-1', 'First'), gender: 'female' });
    h.sim.store.delete('Patient', 'same-ms-2');
    h.sim.store.update(patient('same-ms-3', 'Third'));
    const summary = await syncOnce({ db: h.db, client: h.client() });
    expect(summary).toMatchObject({ created: 1, updated: 1 });
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
  });

  it('an aborted pass leaves a consistent cache and the next one completes it without duplicates', async () => {
    h = await startSyncHarness(clinic.resources);
    const controller = new AbortController();
    let pages = 0;
    const aborted = syncOnce({
      db: h.db,
      client: h.client(),
      pageSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.feed === 'Patient' && ++pages === 1) controller.abort(new Error('user closed the laptop'));
      },
    });
    await expect(aborted).rejects.toThrow('user closed the laptop');
    const partial = await cacheKeys(h.db);
    const server = await serverKeys(h.sim.baseUrl);
    expect(partial.length).toBeGreaterThan(0);
    expect(server).toEqual(expect.arrayContaining(partial));
    // Task's chain completed, Patient's did not: its watermark has not moved.
    const feeds = await h.db.selectFrom('sync_feed').selectAll().execute();
    expect(feeds.find((f) => f.feed === 'Task')?.watermark).not.toBeNull();
    expect(feeds.find((f) => f.feed === 'Patient')?.watermark).toBeNull();

    h.clock.ms += 1000;
    h.sim.store.update(patient('late', 'Latecomer'));
    const summary = await syncOnce({ db: h.db, client: h.client(), pageSize: 10 });
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
    expect(summary.created).toBe(server.length + 1 - partial.length);
  });

  it('a connection that keeps dropping fails the pass after its retries; the next pass converges', async () => {
    let dropping = false;
    let served = 0;
    h = await startSyncHarness(clinic.resources, {
      handlerWrapper: (handler) => (req, res) => {
        if (dropping && ++served > 6) {
          res.socket?.destroy();
          return;
        }
        handler(req, res);
      },
    });
    dropping = true;
    const delays: number[] = [];
    const client = h.client({ maxAttempts: 3, sleep: (ms) => (delays.push(ms), Promise.resolve()) });
    await expect(syncOnce({ db: h.db, client, pageSize: 20 })).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(delays).toHaveLength(2);
    dropping = false;
    await syncOnce({ db: h.db, client: h.client(), pageSize: 20 });
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
  });

  it(
    'converges through 500s, 429s with Retry-After, dropped connections and slow bodies',
    // Below the client's 30 s per-request timeout, so a request left hanging fails the test.
    { timeout: 25_000 },
    async () => {
      h = await startSyncHarness(clinic.resources, {
        // Slow bodies trickle in 8 KiB chunks: the default 512 B every 20 ms would take most of a minute here.
        handlerWrapper: withFaults({
          ...parseFaultSpec('error=0.2,statuses=429/503/500,drop=0.1,slow=0.1,seed=3'),
          slowChunkBytes: 8192,
          slowPauseMs: 5,
        }),
      });
      const delays: number[] = [];
      const client = h.client({
        maxAttempts: 12,
        sleep: (ms) => (delays.push(ms), Promise.resolve()),
      });
      await syncOnce({ db: h.db, client, pageSize: 40 });
      h.clock.ms += 5000;
      h.sim.store.update(patient('during-faults', 'Faulty'));
      await syncOnce({ db: h.db, client, pageSize: 40 });
      expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
      expect(client.retries).toBeGreaterThan(3);
      // Retry-After: 1 on 429 and 503 is honoured (no jittered delay below it where it was sent).
      expect(delays.filter((d) => d >= 1000).length).toBeGreaterThan(0);
    },
  );

  it('quarantines a malformed resource and stores the rest of its page', async () => {
    h = await startSyncHarness(clinic.resources);
    const baseUrl = h.sim.baseUrl;
    let broken: string | undefined;
    // Rewrites the first Patient search page on its way in: one Patient loses its versionId.
    const rewriting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.startsWith(`${baseUrl}/Patient?`) || broken !== undefined) return response;
      const bundle = (await response.json()) as Bundle;
      const victim = bundle.entry![3]!.resource!;
      broken = victim.id;
      delete victim.meta!.versionId;
      return new Response(JSON.stringify(bundle), { status: 200 });
    };
    const summary = await syncOnce({
      db: h.db,
      client: h.client({ fetch: rewriting }),
      pageSize: 20,
      feeds: ['Patient'],
    });
    expect(summary.quarantined).toBe(1);
    const rows = await h.db.selectFrom('sync_quarantine').selectAll().execute();
    expect(rows).toEqual([
      expect.objectContaining({ feed: 'Patient', resource_type: 'Patient', resource_id: broken, version_id: null }),
    ]);
    expect(rows[0]!.reason).toMatch(/versionId/);
    expect(JSON.parse(rows[0]!.json)).toMatchObject({ resourceType: 'Patient', id: broken });
    const server = await serverKeys(baseUrl);
    const cached = await cacheKeys(h.db);
    expect(cached).toEqual(server.filter((k) => k.startsWith('Patient/') && !k.startsWith(`Patient/${broken}@`)));
    expect(await h.db.selectFrom('patient').where('id', '=', broken!).selectAll().execute()).toEqual([]);
  });

  it('without _history on the server, records the limitation and still syncs creates and updates', async () => {
    h = await startSyncHarness(clinic.resources);
    const baseUrl = h.sim.baseUrl;
    const noHistory: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (url !== `${baseUrl}/metadata`) return response;
      const statement = (await response.json()) as CapabilityStatement;
      for (const resource of statement.rest![0]!.resource!) {
        resource.interaction = resource.interaction!.filter((i) => i.code !== 'history-type');
      }
      return new Response(JSON.stringify(statement), { status: 200 });
    };
    const client = h.client({ fetch: noHistory });
    await syncOnce({ db: h.db, client });
    const victim = await h.db.selectFrom('patient').select('id').limit(1).executeTakeFirstOrThrow();
    h.clock.ms += 10_000;
    h.sim.store.delete('Patient', victim.id);
    h.sim.store.update(patient('after', 'After'));
    const summary = await syncOnce({ db: h.db, client });
    expect(summary).toMatchObject({ created: 1, deleted: 0 });
    expect(summary.limitations).toContain('Patient: no _history: deletes are not seen');
    const feed = await h.db.selectFrom('sync_feed').selectAll().where('feed', '=', 'Task').executeTakeFirstOrThrow();
    expect(feed).toMatchObject({
      history_watermark: null,
      limitation: 'no _history: deletes are reconciled for open items only',
    });
    // The known gap: a Patient is no open item, so its delete goes unseen.
    expect(await h.db.selectFrom('patient').where('id', '=', victim.id).selectAll().execute()).toHaveLength(1);
  });

  it('starts a chain again when its paging snapshot expires mid-way (410 on a next link)', async () => {
    h = await startSyncHarness(clinic.resources, { snapshotTtlMs: 1000 });
    const sim = h.sim;
    const clock = h.clock;
    let expired = false;
    const summary = await syncOnce({
      db: h.db,
      client: h.client(),
      pageSize: 5,
      feeds: ['Patient'],
      onProgress: (p) => {
        if (expired || p.phase !== 'search') return;
        expired = true;
        // A long pause, then any new search: the simulator drops snapshots older than the TTL.
        clock.ms += 5000;
        sim.store.update(patient('meanwhile', 'Meanwhile'));
        sim.store.search.firstPage(parseSearch('Patient', [['_count', '1']]));
      },
    });
    expect(expired).toBe(true);
    const patients = (await serverKeys(sim.baseUrl)).filter((k) => k.startsWith('Patient/'));
    expect(await cacheKeys(h.db)).toEqual(patients);
    expect(summary.created).toBe(patients.length);
  });
});
