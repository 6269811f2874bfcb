import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { nextLiveMessage } from '../demo-clinic/live';
import { TASK_POOL_EXT } from '../domain/fhir/codes';
import type { EventChannel } from '../shared/ipc/channels';
import { DEFAULT_QUICK_TEXTS } from '../shared/quick-texts';
import { DEFAULT_FILTERS } from '../shared/work-item';
import { startAppCore } from './app-core';
import type { AppCore, AppCoreOptions } from './app-core';
import type { DeskNotification } from './notifications/notifier';
import { DEMO_NOW, testCoreOptions } from './test-support/app-core-options';

const cores: AppCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const core of cores.splice(0).reverse()) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const list = { view: { kind: 'all' as const }, filters: DEFAULT_FILTERS, search: '', offset: 0, limit: 10 };

/** Options for a desk in a data folder of its own, removed after the test. */
function optionsFor(over: Partial<AppCoreOptions> = {}): AppCoreOptions {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-core-'));
  dirs.push(dir);
  return testCoreOptions(dir, over);
}

async function start(options: AppCoreOptions): Promise<AppCore> {
  const core = await startAppCore(options);
  cores.push(core);
  return core;
}

/** A new patient message on the portal, in the given pool, with the given words. */
function portalMessage(core: AppCore, n: number, poolId: string, words: string, priority: Task['priority']): string {
  const portal = core.portal!;
  const message = nextLiveMessage(portal.clinic, n, DEMO_NOW);
  const resources: Resource[] = message.resources.map((r) => {
    if (r.resourceType === 'Communication' && r.payload !== undefined) {
      return { ...r, payload: [{ contentString: words }] };
    }
    if (r.resourceType === 'Task' && r.id === message.task.id) {
      const pool = { reference: `CareTeam/${poolId}` };
      return {
        ...r,
        priority,
        owner: pool,
        extension: [
          ...(r.extension ?? []).filter((e) => e.url !== TASK_POOL_EXT),
          { url: TASK_POOL_EXT, valueReference: pool },
        ],
      };
    }
    return r;
  });
  portal.simulator.store.transaction(() => {
    for (const resource of resources) portal.simulator.store.create(resource, { id: resource.id });
  });
  return message.task.id!;
}

describe('the app core on the embedded portal', () => {
  it('starts with an empty cache, fills it through the sync, and keeps it across a restart', async () => {
    const events: EventChannel[] = [];
    const options = optionsFor({ emit: (channel: EventChannel) => void events.push(channel) });
    let core = await start(options);
    // Before the roster arrives there is nobody to read as: main refuses rather than guess.
    await expect(core.handlers['inbox:list'](list)).rejects.toMatchObject({ code: 'signed-out' });
    expect(await core.cache.db.selectFrom('work_item').select('id').execute()).toEqual([]);

    const status = await core.handlers['sync:now']({});
    expect(status).toMatchObject({ connection: 'online', firstLoad: false, problem: null });
    const after = await core.handlers['inbox:list'](list);
    expect(after.total).toBeGreaterThan(100);
    expect(events).toContain('sync:changed');
    expect(events).toContain('inbox:changed');
    expect(await core.appInfo()).toMatchObject({ dataSource: 'demo', portalUrl: core.portal?.baseUrl });
    expect((await core.appInfo()).userName).toEqual(expect.any(String));
    const views = await core.handlers['inbox:views']({});
    expect(views.user?.name).toBe((await core.appInfo()).userName);
    expect(views.pools.length).toBeGreaterThan(0);

    // A restart finds the cache and its sync state where they were: no first load again.
    await core.close();
    cores.length = 0;
    core = await start(options);
    expect(core.sync.status()).toMatchObject({ firstLoad: false });
    expect(core.sync.status().lastSuccessAt).toBe(status.lastSuccessAt);
    const again = await core.handlers['sync:now']({});
    expect(again.problem).toBeNull();
    const runs = await core.cache.db.selectFrom('sync_run').select(['created']).orderBy('run_id').execute();
    expect(runs.at(-1)?.created).toBe(0);
  });

  it('runs the demo desk as a nurse who leads a pool, who may not prescribe', async () => {
    const core = await start(optionsFor());
    await core.handlers['sync:now']({});
    const { user } = await core.handlers['inbox:views']({});
    expect(user).toMatchObject({ id: 'rn-harper', role: 'nurse', canPrescribe: false });
    expect(await core.appInfo()).toMatchObject({ userName: user?.name, canPrescribe: false });
  });

  it('notifies of an emergency in one of the user pools once, and of nothing on the first load or in other pools', async () => {
    const shown: DeskNotification[] = [];
    const core = await start(optionsFor({ notifier: { show: (n) => void shown.push(n) } }));
    await core.handlers['sync:now']({});
    await core.alertsSettled();
    expect(shown).toEqual([]);
    const notified = await core.cache.db.selectFrom('notified_item').select('work_item_id').execute();
    expect(notified.length).toBeGreaterThan(0);

    const user = (await core.handlers['inbox:views']({})).user!;
    const memberships = await core.cache.db
      .selectFrom('pool_member')
      .select('pool_id')
      .where('practitioner_id', '=', user.id)
      .execute();
    const mine = memberships.map((m) => m.pool_id);
    const pools = await core.cache.db.selectFrom('pool').select(['id', 'name']).execute();
    const theirs = pools.find((p) => !mine.includes(p.id))!;
    const ours = pools.find((p) => p.id === mine[0])!;

    const words = 'I have crushing chest pain right now and my left arm is numb';
    const emergency = portalMessage(core, 9001, ours.id, words, 'routine');
    portalMessage(core, 9002, theirs.id, words, 'stat');
    await core.handlers['sync:now']({});
    await core.alertsSettled();
    expect(shown).toEqual([
      {
        title: `Emergency wording — ${ours.name}`,
        body: 'A message with emergency wording arrived. Open Triage Desk.',
        itemId: emergency,
        urgency: 'critical',
      },
    ]);
    const [first] = (await core.handlers['inbox:list']({ ...list, view: { kind: 'pool', poolId: ours.id } })).items;
    expect(first).toMatchObject({ id: emergency, emergency: { kind: 'medical' } });

    await core.handlers['sync:now']({});
    await core.alertsSettled();
    expect(shown).toHaveLength(1);
  });

  it('acts as the staff member named, on another desk’s portal, with the clinic’s quick texts', async () => {
    const first = await start(optionsFor());
    await first.handlers['sync:now']({});
    const options = optionsFor({ portalUrl: first.portal!.baseUrl, deskUserId: 'pcm-reyes', demoNow: DEMO_NOW });
    const texts = [{ id: 'hours', label: 'Clinic hours', categories: [], text: 'We are open 7:30-4:30.' }];
    writeFileSync(join(options.dataDir, 'quick-texts.json'), JSON.stringify(texts));
    const second = await start(options);
    expect(second.portal).toBeNull();
    await second.handlers['sync:now']({});
    expect((await second.handlers['inbox:views']({})).user).toMatchObject({
      id: 'pcm-reyes',
      role: 'pcm',
      canPrescribe: true,
    });
    expect((await second.handlers['inbox:views']({})).renewalsCount).toBeGreaterThan(0);
    expect((await second.appInfo()).userName).toBe((await second.handlers['inbox:views']({})).user?.name);
    expect(await second.handlers['quick-texts:list']({})).toEqual(texts);
    expect(await first.handlers['quick-texts:list']({})).toEqual(DEFAULT_QUICK_TEXTS);
    // Both desks read the same portal; on a clinic's own portal (least privilege) Dr. Reyes, Team
    // Blue's lead, sees Team Blue's items and her own, where the demo's supervisor sees them all.
    const hers = await second.handlers['inbox:list']({ ...list, limit: 1000 });
    const all = await first.handlers['inbox:list']({ ...list, limit: 1000 });
    expect(hers.total).toBeGreaterThan(0);
    expect(hers.total).toBeLessThan(all.total);
    expect(hers.items.every((i) => i.poolId === 'pool-pcm-blue' || i.ownerId === 'pcm-reyes')).toBe(true);
    for (const item of hers.items) expect(all.items.map((i) => i.id)).toContain(item.id);
  });
});
