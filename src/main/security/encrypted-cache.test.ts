import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextLiveMessage } from '../../demo-clinic/live';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import { startAppCore } from '../app-core';
import type { AppCore } from '../app-core';
import { openDatabase } from '../db/open-database';
import { DEMO_NOW, testCoreOptions } from '../test-support/app-core-options';

/** Written by a patient and by a nurse; must be found nowhere outside the cipher. */
const CANARY = 'CANARY-7f3a9c-patient-potassium-3.1-Quintero';

let dir: string;
let core: AppCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Every regular file under `root`, with the bytes to search. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the encrypted cache', () => {
  it('keeps a patient message and a staff reply out of the database, WAL, temp files and logs, and opens only with its key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'triage-desk-canary-'));
    const cacheDir = join(dir, 'users', 'someone');
    const started = Date.now();
    const logged: string[] = [];
    const consoleLines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')),
      );
    }
    const key = randomBytes(32);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const file = join(cacheDir, 'cache.db');
    core = await startAppCore(
      testCoreOptions(dir, {
        cache: { file, key: Buffer.from(key) },
        log: (message, error) => logged.push(`${message} ${error instanceof Error ? error.message : ''}`),
      }),
    );
    // The patient writes the canary; the sync brings it into the cache (and its search index).
    const portal = core.portal!;
    const message = nextLiveMessage(portal.clinic, 3, DEMO_NOW);
    const resources: Resource[] = message.resources.map((r) =>
      r.resourceType === 'Communication' && r.payload !== undefined
        ? { ...r, payload: [{ contentString: CANARY }] }
        : r,
    );
    portal.simulator.store.transaction(() => {
      for (const resource of resources) portal.simulator.store.create(resource, { id: resource.id });
    });
    expect((await core.handlers['sync:now']({})).problem).toBeNull();
    const found = await core.handlers['inbox:list']({
      view: { kind: 'all' },
      filters: DEFAULT_FILTERS,
      search: 'potassium',
      offset: 0,
      limit: 10,
    });
    expect(found.items.map((i) => i.id)).toContain(message.task.id);
    // A nurse's reply quotes it: the outbox and audit rows hold it too.
    await core.handlers['item:act']({ id: message.task.id!, kind: 'note', payload: { text: `Re ${CANARY}` } });
    await core.handlers['item:get']({ id: message.task.id! });

    // While open: the database, its WAL and shared memory exist, owner-only, and hold no plain text.
    const cacheFiles = [file, `${file}-wal`, `${file}-shm`];
    for (const path of cacheFiles) {
      expect(readFileSync(path).includes(CANARY), path).toBe(false);
      expect(statSync(path).mode & 0o777, path).toBe(0o600);
    }
    // Nothing else in the cache's folder, no temp file since the start, no log line holds it.
    expect(filesUnder(cacheDir).sort()).toEqual([...cacheFiles].sort());
    const temporary = filesUnder(tmpdir()).filter((path) => {
      try {
        const stat = statSync(path);
        return stat.mtimeMs >= started && stat.size < 64 * 1024 * 1024 && !path.startsWith(dir);
      } catch {
        return false;
      }
    });
    for (const path of temporary) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue;
      }
      expect(bytes.includes(CANARY), path).toBe(false);
    }
    expect([...logged, ...consoleLines].filter((line) => line.includes(CANARY))).toEqual([]);

    await core.close();
    core = null;
    for (const path of [file, `${file}-wal`]) {
      try {
        expect(readFileSync(path).includes(CANARY), path).toBe(false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    // Without its key, or with another, the file does not open; with it, the text is there.
    await expect(openDatabase(file, { mustExist: true })).rejects.toThrow(/not a usable Triage Desk cache/);
    await expect(openDatabase(file, { key: randomBytes(32) })).rejects.toThrow(/does not open with this user's key/);
    const reopened = await openDatabase(file, { key });
    const rows = await reopened.db
      .selectFrom('fhir_resource')
      .select('json')
      .where('resource_type', '=', 'Communication')
      .execute();
    expect(rows.some((row) => row.json.includes(CANARY))).toBe(true);
    await reopened.close();
  });
});
