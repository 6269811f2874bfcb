import type { Bundle, Communication, Patient, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { restrictedServer } from '../../simulator/restricted-server';
import type { RestrictedServerOptions } from '../../simulator/restricted-server';
import { parseSearch } from '../../simulator/search/parse-search';
import { OPEN_TASK_STATUSES } from './reconcile-open-tasks';
import { syncOnce } from './sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });
const BARE: RestrictedServerOptions = { history: false, include: false, nextLinks: false };

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const isOpen = (task: Task) => (OPEN_TASK_STATUSES as readonly string[]).includes(task.status);
/** The simulator's current Tasks, read without HTTP so the restricted server does not get in the way. */
const serverTasks = (sim: SyncHarness['sim']): Task[] =>
  sim.store.search.firstPage(parseSearch('Task', [['_count', '1000']])).matches.map((e) => JSON.parse(e.json) as Task);

describe('syncOnce against a server without paging, _include or _history', () => {
  it('reads every resource through _lastUpdated windows, with the counts a full server gives', async () => {
    h = await startSyncHarness(clinic.resources);
    const full = await syncOnce({ db: h.db, client: h.client(), pageSize: 4 });
    await h.dispose();
    h = await startSyncHarness(clinic.resources, { handlerWrapper: restrictedServer(BARE) });
    // 18 Practitioners share one instant: a page of 4 must grow to get past them.
    const summary = await syncOnce({ db: h.db, client: h.client(), pageSize: 4 });
    const server = await serverKeys(h.sim.baseUrl);
    expect(await cacheKeys(h.db)).toEqual(server);
    // Windows repeat nothing: what is unchanged is only what the Task feed's includes brought first.
    expect(summary).toMatchObject({ created: server.length, unchanged: full.unchanged, deleted: 0, quarantined: 0 });
    expect(summary.pages).toBeGreaterThan(server.length / 4);
    expect(summary.limitations).toContain('Task: no _history: deletes are reconciled for open items only');
    expect(summary.limitations).toContain('Patient: no _history: deletes are not seen');
  });

  it('the Task feed alone caches what a server with _include would send', async () => {
    h = await startSyncHarness(clinic.resources);
    await syncOnce({ db: h.db, client: h.client(), pageSize: 7, feeds: ['Task'] });
    const withInclude = await cacheKeys(h.db);
    await h.dispose();
    h = await startSyncHarness(clinic.resources, { handlerWrapper: restrictedServer(BARE) });
    await syncOnce({ db: h.db, client: h.client(), pageSize: 7, feeds: ['Task'] });
    const withoutInclude = await cacheKeys(h.db);
    expect(withoutInclude).toEqual(withInclude);
    expect(withInclude.some((k) => k.startsWith('Patient/'))).toBe(true);
    expect(withInclude.some((k) => k.startsWith('Communication/'))).toBe(true);
  });

  it('the same without _id search: targets and existence are read one by one', async () => {
    h = await startSyncHarness(clinic.resources, { handlerWrapper: restrictedServer({ ...BARE, idSearch: false }) });
    await syncOnce({ db: h.db, client: h.client(), pageSize: 9 });
    const open = serverTasks(h.sim).filter(isOpen);
    h.clock.ms += 60_000;
    h.sim.store.delete('Task', open[0]!.id!);
    const summary = await syncOnce({ db: h.db, client: h.client(), pageSize: 9 });
    expect(summary.deleted).toBe(1);
    // The overlap re-reads the Tasks of the watermark's last moments: those are not asked about.
    expect(summary.reconciled).toBeGreaterThan(0);
    expect(summary.reconciled).toBeLessThanOrEqual(open.length);
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
  });

  it('picks up creates, updates and deletes of open Tasks; deletes of closed items are the known gap', async () => {
    h = await startSyncHarness(clinic.resources, { handlerWrapper: restrictedServer(BARE) });
    await syncOnce({ db: h.db, client: h.client(), pageSize: 5 });
    const tasks = serverTasks(h.sim);
    const open = tasks.filter(isOpen);
    const closed = tasks.find((t) => !isOpen(t))!;
    expect(open.length).toBeGreaterThan(3);

    h.clock.ms += 60_000;
    const { resource: created } = h.sim.store.create({ ...open[0]!, id: undefined, meta: undefined });
    h.sim.store.update({ ...open[1]!, priority: 'urgent' });
    h.sim.store.delete('Task', open[2]!.id!);
    h.sim.store.delete('Task', open[3]!.id!);
    h.sim.store.delete('Task', closed.id!);
    const patientId = (await h.db.selectFrom('patient').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const patientKey = (await cacheKeys(h.db)).find((k) => k.startsWith(`Patient/${patientId}@`))!;
    h.sim.store.delete('Patient', patientId);

    const summary = await syncOnce({ db: h.db, client: h.client(), pageSize: 5 });
    expect(summary).toMatchObject({ created: 1, updated: 1, deleted: 2, quarantined: 0 });
    // Open Tasks the search just read (the created, the updated one) are not asked about.
    expect(summary.reconciled).toBeGreaterThanOrEqual(2);
    expect(summary.reconciled).toBeLessThanOrEqual(open.length - 1);
    const closedKey = `Task/${closed.id!}@${closed.meta!.versionId!}`;
    expect(await cacheKeys(h.db)).toEqual([...(await serverKeys(h.sim.baseUrl)), closedKey, patientKey].sort());
    const inbox = await h.db.selectFrom('work_item').select('id').execute();
    expect(inbox.map((r) => r.id)).toContain(created.id);
    expect(inbox.map((r) => r.id)).not.toContain(open[2]!.id);
  });

  it('asks about at most reconcileLimit open Tasks a pass, from a point that moves between passes', async () => {
    h = await startSyncHarness(clinic.resources, { handlerWrapper: restrictedServer(BARE) });
    await syncOnce({ db: h.db, client: h.client() });
    const open = serverTasks(h.sim)
      .filter(isOpen)
      .map((t) => t.id!)
      .sort();
    // The last two in id order: a slice from the start never reaches them.
    for (const id of open.slice(-2)) h.sim.store.delete('Task', id);
    h.clock.ms += 60_000;
    const fromStart = await syncOnce({ db: h.db, client: h.client(), reconcileLimit: 4, random: () => 0 });
    expect(fromStart).toMatchObject({ reconciled: 4, deleted: 0 });
    // About 16 candidates (the overlap's Tasks are not asked about): 0.85 starts the slice four before the end.
    const nearEnd = await syncOnce({ db: h.db, client: h.client(), reconcileLimit: 4, random: () => 0.85 });
    expect(nearEnd).toMatchObject({ reconciled: 4, deleted: 2 });
    expect(await cacheKeys(h.db)).toEqual(await serverKeys(h.sim.baseUrl));
  });
});

describe('entered-in-error is a tombstone', () => {
  it('removes the Task and the message from the cache and the inbox, and counts them as deleted', async () => {
    h = await startSyncHarness(clinic.resources);
    await syncOnce({ db: h.db, client: h.client() });
    const task = serverTasks(h.sim).find((t) => isOpen(t) && t.focus?.reference?.startsWith('Communication/'))!;
    const messageId = task.focus!.reference!.split('/')[1]!;
    const message = h.sim.store.read('Communication', messageId) as Communication;
    h.clock.ms += 60_000;
    h.sim.store.update({ ...task, status: 'entered-in-error' });
    h.sim.store.update({ ...message, status: 'entered-in-error' });

    const summary = await syncOnce({ db: h.db, client: h.client() });
    expect(summary).toMatchObject({ deleted: 2, created: 0, updated: 0 });
    expect(await h.db.selectFrom('work_item').where('id', '=', task.id!).selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('message').where('id', '=', messageId).selectAll().execute()).toEqual([]);
    const tombstoned = [`Task/${task.id!}@`, `Communication/${messageId}@`];
    const server = (await serverKeys(h.sim.baseUrl)).filter((k) => !tombstoned.some((t) => k.startsWith(t)));
    expect(await cacheKeys(h.db)).toEqual(server);

    // The overlap reads the tombstones again: nothing comes back, nothing more is counted.
    expect(await syncOnce({ db: h.db, client: h.client() })).toMatchObject({ deleted: 0, created: 0 });
    expect(await cacheKeys(h.db)).toEqual(server);
  });

  it('a first load never stores one', async () => {
    const task = clinic.resources.find((r): r is Task => r.resourceType === 'Task' && isOpen(r))!;
    h = await startSyncHarness(clinic.resources.map((r) => (r === task ? { ...task, status: 'entered-in-error' } : r)));
    const summary = await syncOnce({ db: h.db, client: h.client(), feeds: ['Task'] });
    expect(summary.deleted).toBe(0);
    expect((await cacheKeys(h.db)).some((k) => k.startsWith(`Task/${task.id!}@`))).toBe(false);
  });
});

describe('quarantine', () => {
  it('is cleared when a good version of the same resource is stored', async () => {
    h = await startSyncHarness(clinic.resources);
    const baseUrl = h.sim.baseUrl;
    let victim: string | undefined;
    const breakOne: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.startsWith(`${baseUrl}/Patient?`)) return response;
      const bundle = (await response.json()) as Bundle;
      const resource = bundle.entry?.find((e) => e.resource?.id === (victim ??= e.resource?.id))?.resource;
      if (resource?.meta?.versionId === '1') delete resource.meta.versionId;
      return new Response(JSON.stringify(bundle), { status: 200 });
    };
    const client = h.client({ fetch: breakOne });
    expect(await syncOnce({ db: h.db, client, feeds: ['Patient'] })).toMatchObject({ quarantined: 1 });
    const other = (await h.db.selectFrom('patient').select('id').limit(1).executeTakeFirstOrThrow()).id;
    h.clock.ms += 60_000;
    h.sim.store.update({ ...(h.sim.store.read('Patient', other) as Patient), gender: 'other' });
    await syncOnce({ db: h.db, client, feeds: ['Patient'] });
    // A good version of another resource leaves the row alone.
    expect(await h.db.selectFrom('sync_quarantine').select('resource_id').execute()).toEqual([{ resource_id: victim }]);

    h.clock.ms += 60_000;
    h.sim.store.update({ ...(h.sim.store.read('Patient', victim!) as Patient), gender: 'unknown' });
    const summary = await syncOnce({ db: h.db, client, feeds: ['Patient'] });
    expect(summary).toMatchObject({ updated: 0, created: 1, quarantined: 0 });
    expect(await h.db.selectFrom('sync_quarantine').selectAll().execute()).toEqual([]);
    expect(await h.db.selectFrom('patient').where('id', '=', victim!).selectAll().execute()).toHaveLength(1);
  });
});
