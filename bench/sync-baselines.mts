import { performance } from 'node:perf_hooks';
import type { Bundle } from '@medplum/fhirtypes';
import type Database from 'better-sqlite3-multiple-ciphers';
import { FhirClient } from '../src/main/sync/fhir-client';

/**
 * The engine's own client, over a `fetch` that notes every URL it asks for (`/metadata`, first
 * pages, `next` links, any reads), so a baseline can ask for exactly the same ones. Recording at
 * the HTTP level keeps the baseline faithful whatever the engine's request logic becomes.
 */
export function recordingClient(baseUrl: string): { client: FhirClient; urls: string[] } {
  const urls: string[] = [];
  const recording: typeof globalThis.fetch = (input, init) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return globalThis.fetch(input, init);
  };
  return { client: new FhirClient({ baseUrl, fetch: recording }), urls };
}

export interface ReadCounts {
  requests: number;
  /** Searchset pages among them (B writes one transaction per page). */
  searchPages: number;
  /** Bundle entries received: search matches and includes, and history entries. */
  entries: number;
}

/**
 * Baseline A: the same requests as a recorded pass, in the same order, each through the same
 * `FhirClient.getJson` the engine's pages come from (fetch, read the body, `JSON.parse`, with its
 * retries), storing nothing. A `next` link reads the paging snapshot the engine's own first page
 * made; the data has not changed since, so the pages are the same.
 */
export async function fetchAndParse(
  baseUrl: string,
  urls: readonly string[],
  onSearchPage?: (page: Bundle) => void,
): Promise<ReadCounts> {
  const client = new FhirClient({ baseUrl });
  const counts: ReadCounts = { requests: 0, searchPages: 0, entries: 0 };
  for (const url of urls) {
    const body = await client.getJson(url);
    if (body.resourceType !== 'Bundle') continue;
    counts.entries += body.entry?.length ?? 0;
    if (body.type !== 'searchset') continue;
    counts.searchPages++;
    onSearchPage?.(body);
  }
  counts.requests = client.requests;
  return counts;
}

/** One `fhir_resource` row. */
type RawRow = [type: string, id: string, versionId: string, lastUpdated: string, lastUpdatedMs: number, json: string];

/** The resources of a search page as the engine receives them (matches and includes), as rows. */
function rowsOf(page: Bundle): RawRow[] {
  const rows: RawRow[] = [];
  for (const entry of page.entry ?? []) {
    const r = entry.resource;
    if (r === undefined || r.resourceType === 'OperationOutcome') continue;
    const lastUpdated = r.meta?.lastUpdated ?? '';
    rows.push([
      r.resourceType,
      r.id ?? '',
      r.meta?.versionId ?? '',
      lastUpdated,
      Date.parse(lastUpdated),
      JSON.stringify(r),
    ]);
  }
  return rows;
}

export interface RawInsert {
  rows: number;
  ms: number;
  /** Of `ms`, the time spent making the rows (JSON.stringify, Date.parse). */
  serialiseMs: number;
}

/**
 * Baseline B: the resources of the same search pages, as received, written into an empty
 * `fhir_resource` with one prepared statement, one transaction per page: each row serialised
 * (`JSON.stringify`, as the cache stores it) and inserted, and nothing else: no version lookup, no
 * projections, no sync state, no query builder. An `_include`d resource that its own feed sends
 * again overwrites itself, as in the cache.
 */
export function insertRaw(sqlite: Database.Database, pages: readonly Bundle[]): RawInsert {
  const insert = sqlite.prepare(
    `INSERT INTO fhir_resource (resource_type, id, version_id, last_updated, last_updated_ms, json)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (resource_type, id) DO UPDATE SET version_id = excluded.version_id,
       last_updated = excluded.last_updated, last_updated_ms = excluded.last_updated_ms, json = excluded.json`,
  );
  const insertPage = sqlite.transaction((rows: readonly RawRow[]) => {
    for (const row of rows) insert.run(...row);
  });
  const result: RawInsert = { rows: 0, ms: 0, serialiseMs: 0 };
  const start = performance.now();
  for (const page of pages) {
    const serialiseStart = performance.now();
    const rows = rowsOf(page);
    result.serialiseMs += performance.now() - serialiseStart;
    insertPage(rows);
    result.rows += rows.length;
  }
  result.ms = performance.now() - start;
  return result;
}
