import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClinic } from '../demo-clinic/generate';
import { startLiveMode } from './live-mode';
import { startSimulator } from './start-simulator';
import type { RunningSimulator } from './start-simulator';

let dir: string;
let sim: RunningSimulator;
const clinic = generateClinic({ seed: 11, now: new Date('2026-11-27T15:00:00Z'), size: 40 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-live-'));
  sim = await startSimulator({ file: join(dir, 'portal.db'), resources: clinic.resources });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('live mode', () => {
  it('writes new patient messages through the store, visible to a sync over HTTP', async () => {
    const before = new Date(Date.now() - 1).toISOString();
    const events: string[] = [];
    const live = startLiveMode({ store: sim.store, clinic, intervalMs: 60_000, onEvent: (e) => events.push(e.kind) });
    const first = live.tick();
    const second = live.tick();
    live.stop();
    expect([first, second]).toEqual(['task-live-000001', 'task-live-000002']);
    expect(events).toEqual(['message', 'message']);

    const res = await fetch(`${sim.baseUrl}/Task?_lastUpdated=ge${before}&_include=Task:focus`);
    const bundle = (await res.json()) as Bundle;
    const tasks = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Task => r?.resourceType === 'Task');
    expect(tasks.map((t) => t.id).sort()).toEqual([first, second]);
    for (const task of tasks) {
      expect(task.status).toBe('requested');
      expect(task.meta?.versionId).toBe('1');
    }
    const threads = (bundle.entry ?? []).filter((e) => e.search?.mode === 'include');
    expect(threads.map((e) => e.resource?.resourceType)).toEqual(['Communication', 'Communication']);
  });

  it('continues after the live messages already in the store, never reusing an id', () => {
    const live = startLiveMode({ store: sim.store, clinic, intervalMs: 60_000 });
    expect(live.tick()).toBe('task-live-000003');
    live.stop();
  });
});
