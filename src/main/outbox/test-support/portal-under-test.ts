import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { startSimulator } from '../../../simulator/start-simulator';
import type { DB } from '../../db/schema';
import { openTestDatabase } from '../../db/test-database';
import { FhirClient } from '../../sync/fhir-client';
import { syncOnce } from '../../sync/sync-engine';
import { medplumPortalFor } from '../../test-support/medplum-portal/medplum-portal';
import { FhirWriter } from '../fhir-writer';

/**
 * The portal-facing tests run against two FHIR servers: the project's simulator, and Medplum's
 * router, which nobody here wrote and which deviates from the specification where real portals do
 * (src/main/test-support/medplum-portal/README.md). Both are driven over HTTP only.
 */
export type PortalKind = 'simulator' | 'medplum';
export const PORTAL_KINDS: readonly PortalKind[] = ['simulator', 'medplum'];

export interface PortalUnderTest {
  kind: PortalKind;
  baseUrl: string;
  /** GET, `path` relative to the FHIR base; the parsed body. */
  get<T = Resource>(path: string): Promise<T>;
  /** A search's matches (search mode "match", or every entry where the server marks none). */
  search<T extends Resource = Resource>(path: string): Promise<T[]>;
  /** A write as another workstation would send it; the status and the parsed body. */
  send(
    method: string,
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startPortal(
  kind: PortalKind,
  resources: readonly Resource[],
  options: { statement?: (statement: CapabilityStatement) => CapabilityStatement } = {},
): Promise<PortalUnderTest> {
  let baseUrl: string;
  let close: () => Promise<void>;
  if (kind === 'simulator') {
    const dir = mkdtempSync(join(tmpdir(), 'triage-desk-portal-'));
    // Every write validated against R4, as a real server does.
    const sim = await startSimulator({ file: join(dir, 'portal.db'), resources, validate: true });
    baseUrl = sim.baseUrl;
    close = async () => {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const portal = await medplumPortalFor(
      resources,
      options.statement === undefined ? {} : { statement: options.statement },
    );
    baseUrl = portal.baseUrl;
    close = () => portal.close();
  }
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}/${path}`, { headers: { accept: 'application/fhir+json' } });
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    kind,
    baseUrl,
    get,
    search: async <T extends Resource>(path: string) =>
      ((await get<Bundle>(path)).entry ?? [])
        .filter((e) => e.search?.mode === undefined || e.search.mode === 'match')
        .map((e) => e.resource as T),
    send: async (method, path, body, headers = {}) => {
      const response = await fetch(`${baseUrl}/${path}`, {
        method,
        headers: {
          'Content-Type': method === 'PATCH' ? 'application/json-patch+json' : 'application/fhir+json',
          ...headers,
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    close,
  };
}

/** A desk's cache, synced once from the portal. */
export interface DeskUnderTest {
  db: Kysely<DB>;
  client(): FhirClient;
  /** The outbox's writer; `fetchImpl` lets a test lose answers or cut the network. */
  writer(fetchImpl?: typeof fetch): FhirWriter;
  dispose(): Promise<void>;
}

export async function syncedDesk(portal: PortalUnderTest): Promise<DeskUnderTest> {
  const cache = await openTestDatabase();
  const client = () => new FhirClient({ baseUrl: portal.baseUrl, sleep: () => Promise.resolve() });
  await syncOnce({ db: cache.db, client: client() });
  return {
    db: cache.db,
    client,
    writer: (fetchImpl) =>
      new FhirWriter({ baseUrl: portal.baseUrl, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) }),
    dispose: () => cache.dispose(),
  };
}

/**
 * Node's fetch, with the answer of the requests whose numbers (from 0, counted over every request
 * it makes) are in `lose` thrown away after the portal has handled them: the portal commits, the
 * desk hears a network error. `count()` says how many requests went through it.
 */
export function losingAnswers(lose: ReadonlySet<number>): typeof fetch & { count(): number } {
  let n = 0;
  const losing = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const mine = n++;
    const response = await fetch(input, init);
    if (!lose.has(mine)) return response;
    await response.arrayBuffer();
    throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
  }) as typeof fetch & { count(): number };
  losing.count = () => n;
  return losing;
}
