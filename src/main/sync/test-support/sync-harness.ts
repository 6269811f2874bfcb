import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { startSimulator } from '../../../simulator/start-simulator';
import type { RunningSimulator, SimulatorOptions } from '../../../simulator/start-simulator';
import type { DB } from '../../db/schema';
import { openTestDatabase } from '../../db/test-database';
import { FhirClient } from '../fhir-client';
import type { FhirClientOptions } from '../fhir-client';
import { SYNC_FEEDS } from '../sync-engine';

/** A simulator over real HTTP with a controllable clock, and an empty cache beside it (tests only). */
export interface SyncHarness {
  sim: RunningSimulator;
  cache: Awaited<ReturnType<typeof openTestDatabase>>;
  db: Kysely<DB>;
  clock: { ms: number };
  client(options?: Partial<FhirClientOptions>): FhirClient;
  dispose(): Promise<void>;
}

export async function startSyncHarness(
  resources: readonly Resource[],
  options: Partial<SimulatorOptions> & { startAt?: string } = {},
): Promise<SyncHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-sync-'));
  const clock = { ms: Date.parse(options.startAt ?? '2026-11-25T12:00:00.000Z') };
  const sim = await startSimulator({
    file: join(dir, 'portal.db'),
    resources,
    validate: false,
    now: () => new Date(clock.ms),
    ...options,
  });
  const cache = await openTestDatabase();
  return {
    sim,
    cache,
    db: cache.db,
    clock,
    client: (clientOptions = {}) =>
      new FhirClient({ baseUrl: sim.baseUrl, sleep: () => Promise.resolve(), ...clientOptions }),
    dispose: async () => {
      await sim.close();
      await cache.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `Type/id@version` of every current resource of the synced types, read over HTTP. A server under
 * fault injection answers some reads with an error or a cut body: those are read again, never
 * taken as an empty page.
 */
export async function serverKeys(baseUrl: string): Promise<string[]> {
  const keys: string[] = [];
  for (const type of SYNC_FEEDS) {
    let url: string | undefined = `${baseUrl}/${type}?_count=1000`;
    while (url !== undefined) {
      const bundle = await readBundle(url);
      for (const e of bundle.entry ?? []) {
        const r = e.resource!;
        keys.push(`${r.resourceType}/${r.id ?? ''}@${r.meta?.versionId ?? ''}`);
      }
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
  }
  return keys.sort();
}

export async function cacheKeys(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('fhir_resource').select(['resource_type', 'id', 'version_id']).execute();
  return rows.map((r) => `${r.resource_type}/${r.id}@${r.version_id}`).sort();
}

async function readBundle(url: string): Promise<Bundle> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return (await response.json()) as Bundle;
      await response.body?.cancel();
      if (attempt >= 50) throw new Error(`${url}: still ${response.status} after ${attempt} reads`);
    } catch (error) {
      if (attempt >= 50) throw error;
    }
  }
}
