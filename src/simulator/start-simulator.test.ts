import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestListener } from 'node:http';
import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { generateClinic } from '../demo-clinic/generate';
import { startSimulator } from './start-simulator';
import { smallClinic, task } from './test-support/clinic-fixture';
import { fhirFetch } from './test-support/harness';
import { loadFhirDefinitions } from './validation';

const dir = mkdtempSync(join(tmpdir(), 'portal-sim-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startSimulator', () => {
  it('listens on 127.0.0.1, seeds once, and keeps its data across restarts', async () => {
    loadFhirDefinitions();
    const file = join(dir, 'restart.db');
    const first = await startSimulator({ file, resources: smallClinic() });
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.seeded).toBe(smallClinic().length);
    const created = await fhirFetch(first.baseUrl, '/Task', {
      method: 'POST',
      body: task('x', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1'),
    });
    await first.close();

    const second = await startSimulator({ file, resources: smallClinic() });
    expect(second.seeded).toBe(0);
    const read = await fhirFetch(second.baseUrl, `/Task/${(created.body as Task).id ?? ''}`);
    expect(read.status).toBe(200);
    await second.close();
  });

  it('never moves lastUpdated backwards, even when the clock does; same-millisecond writes share it', async () => {
    const file = join(dir, 'clock.db');
    let clock = Date.parse('2026-11-27T14:00:00.000Z');
    const sim = await startSimulator({ file, resources: smallClinic(), now: () => new Date(clock), validate: false });
    const body = task('x', 'respond-to-message', 'Patient/pat-1', 'Communication/thread-1');
    const a = (await fhirFetch(sim.baseUrl, '/Task', { method: 'POST', body })).body as Task;
    const b = (await fhirFetch(sim.baseUrl, '/Task', { method: 'POST', body })).body as Task;
    expect(b.meta?.lastUpdated).toBe(a.meta?.lastUpdated);
    clock -= 3_600_000;
    const c = (await fhirFetch(sim.baseUrl, '/Task', { method: 'POST', body })).body as Task;
    expect(c.meta?.lastUpdated).toBe(a.meta?.lastUpdated);
    await sim.close();

    // A restart with an even earlier clock still starts from the newest lastUpdated in the file.
    clock -= 86_400_000;
    const again = await startSimulator({ file, now: () => new Date(clock), validate: false });
    const d = (await fhirFetch(again.baseUrl, '/Task', { method: 'POST', body })).body as Task;
    expect(d.meta?.lastUpdated).toBe(a.meta?.lastUpdated);
    await again.close();
  });

  it('takes the demo clinic as it is generated: every type served, every resource valid, every reference resolved', async () => {
    const clinic = generateClinic({ seed: 7, now: new Date('2026-11-27T14:00:00Z'), size: 'small' });
    const sim = await startSimulator({ file: join(dir, 'demo.db'), resources: clinic.resources, validateSeed: true });
    expect(sim.seeded).toBe(clinic.resources.length);
    const dangling = (
      sim.store.db.prepare('SELECT DISTINCT target FROM search_reference').all() as { target: string }[]
    )
      .map((r) => r.target.split('/'))
      .filter(([type, id]) => sim.store.tables.live(type ?? '', id ?? '') === undefined);
    expect(dangling).toEqual([]);
    const open = await fhirFetch<Bundle>(sim.baseUrl, '/Task?status=requested&_include=Task:focus&_count=20');
    expect(open.body.total).toBeGreaterThan(0);
    await sim.close();
  });

  it('puts handlerWrapper around the FHIR handler', async () => {
    const seen: string[] = [];
    const wrapper =
      (handler: RequestListener): RequestListener =>
      (req, res) => {
        seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
        handler(req, res);
      };
    const sim = await startSimulator({ file: join(dir, 'wrapped.db'), handlerWrapper: wrapper, validate: false });
    expect((await fhirFetch(sim.baseUrl, '/metadata')).status).toBe(200);
    expect(seen).toEqual(['GET /metadata']);
    await sim.close();
  });

  it('refuses a seed with an unsupported type or a duplicate id, leaving the file empty', async () => {
    await expect(
      startSimulator({
        file: join(dir, 'bad-seed.db'),
        resources: [...smallClinic(), smallClinic()[0]!],
        validate: false,
      }),
    ).rejects.toThrow(/twice/);
    const sim = await startSimulator({ file: join(dir, 'bad-seed.db'), validate: false });
    expect(sim.store.tables.isEmpty()).toBe(true);
    await sim.close();
  });
});
