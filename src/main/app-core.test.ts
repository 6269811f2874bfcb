import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../shared/ipc/channels';
import { startAppCore } from './app-core';
import type { AppCore } from './app-core';

let core: AppCore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the app core on the embedded portal', () => {
  it('starts with an empty cache, fills it through the sync, and keeps it across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'triage-desk-core-'));
    const events: EventChannel[] = [];
    const options = {
      dataDir: dir,
      version: 'test',
      portalUrl: null,
      clinicName: null,
      openExternal: () => Promise.resolve(),
      emit: (channel: EventChannel) => void events.push(channel),
      demoNow: new Date('2026-11-27T15:00:00Z'),
    };
    core = await startAppCore(options);
    const before = await core.handlers['inbox:list']({ poolId: null, includeClosed: false, offset: 0, limit: 10 });
    expect(before.total).toBe(0);

    const status = await core.handlers['sync:now']({});
    expect(status).toMatchObject({ connection: 'online', firstLoad: false, problem: null });
    const after = await core.handlers['inbox:list']({ poolId: null, includeClosed: false, offset: 0, limit: 10 });
    expect(after.total).toBeGreaterThan(100);
    expect(events).toContain('sync:changed');
    expect(events).toContain('inbox:changed');
    expect(await core.appInfo()).toMatchObject({ dataSource: 'demo', portalUrl: core.portal?.baseUrl });
    expect((await core.appInfo()).userName).toEqual(expect.any(String));

    // A restart finds the cache and its sync state where they were: no first load again.
    await core.close();
    core = await startAppCore(options);
    expect(core.sync.status()).toMatchObject({ firstLoad: false });
    expect(core.sync.status().lastSuccessAt).toBe(status.lastSuccessAt);
    const again = await core.handlers['sync:now']({});
    expect(again.problem).toBeNull();
    const runs = await core.cache.db.selectFrom('sync_run').select(['created']).orderBy('run_id').execute();
    expect(runs.at(-1)?.created).toBe(0);
  });
});
