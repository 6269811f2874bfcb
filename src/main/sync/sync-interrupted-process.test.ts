import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { RequestListener, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { FhirClient } from './fhir-client';
import { SYNC_FEEDS, syncOnce } from './sync-engine';
import { cacheKeys, serverKeys, startSyncHarness } from './test-support/sync-harness';
import type { SyncHarness } from './test-support/sync-harness';

// "A sync interrupted at any page (connection dropped, process killed) resumes with a consistent
// cache and no duplicates": here the process is the real CLI (`bin/triage-desk.mjs sync`), killed
// with SIGKILL, so nothing of it (no finally, no abort handler, no close) runs after the kill.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const clinic = generateClinic({ seed: 11, now: new Date('2026-11-25T12:00:00.000Z'), size: 40 });
const PAGE_SIZE = 20;

/** Each projection table and the resource type it is built from. */
const PROJECTIONS = {
  Patient: 'patient',
  Practitioner: 'practitioner',
  PractitionerRole: 'practitioner_role',
  CareTeam: 'pool',
  Task: 'work_item',
  Communication: 'message',
  MedicationRequest: 'medication_request',
  MedicationDispense: 'medication_dispense',
  DiagnosticReport: 'diagnostic_report',
  Observation: 'observation',
} as const;

/**
 * Where the child is stopped: the first request `matches` picks is never answered in full
 * (`silent`: not at all; `half-body`: headers and half the body), so the child is known to be
 * waiting on it, with every page before it committed, when the kill comes.
 */
interface KillPoint {
  name: string;
  /** Sees every request URL in order; true for the one to hold. */
  matches: (url: string) => boolean;
  hold: 'silent' | 'half-body';
  /** The last progress line the child must have printed before it blocked. */
  lastLine: RegExp;
  /** Every search chain was committed before the kill (only delete checks were left). */
  searchesDone: boolean;
}

/** The n-th request whose URL passes `test`, once a request passing `after` has been seen. */
function nth(n: number, test: (url: string) => boolean, after: (url: string) => boolean = () => true) {
  let armed = false;
  let seen = 0;
  return (url: string): boolean => {
    armed ||= after(url);
    return armed && test(url) && ++seen === n;
  };
}

const nextSearchPage = (url: string) => url.includes('_getpages=');

const KILL_POINTS: KillPoint[] = [
  {
    // The first next link followed is Task's page 2 (the `_count=1` history reads have none).
    name: 'in the Task feed, waiting for its second page',
    matches: nth(1, nextSearchPage),
    hold: 'silent',
    lastLine: /^Task changes: 20 of 40$/,
    searchesDone: false,
  },
  {
    name: 'in the Communication feed, halfway through the body of its third page',
    matches: nth(2, nextSearchPage, (url) => url.startsWith('/Communication?')),
    hold: 'half-body',
    lastLine: /^Communication changes: 40 of \d+$/,
    searchesDone: false,
  },
  {
    // A delete check reads only `_since` the history watermark (less the overlap): one short page
    // per type here. Stop before PractitionerRole's, with the checks before it committed.
    name: 'in the deletes phase, halfway through the body of PractitionerRole history',
    matches: (url) => url.startsWith('/PractitionerRole/_history?') && url.includes('_since='),
    hold: 'half-body',
    lastLine: /^Practitioner history checked for deletions: \d+ of \d+$/,
    searchesDone: true,
  },
];

interface Gate {
  point?: KillPoint;
  onHeld?: () => void;
}

/** Holds the kill point's request; everything else is served as usual. */
const gated =
  (gate: Gate) =>
  (handler: RequestListener): RequestListener =>
  (req, res) => {
    const point = gate.point;
    if (point === undefined || !point.matches(req.url ?? '')) return handler(req, res);
    gate.point = undefined;
    if (point.hold === 'silent') return gate.onHeld?.();
    res.end = ((chunk: string | Uint8Array) => {
      const body = Buffer.from(chunk);
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => gate.onHeld?.());
      return res;
    }) as ServerResponse['end'];
    handler(req, res);
  };

let h: SyncHarness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  // A failed test must not leave the CLI (or its tsx children) running.
  if (child !== undefined) killGroup(child);
  child = undefined;
  await h?.dispose();
  h = undefined;
});

/** SIGKILL to the CLI's whole process group: the bin script, tsx and the process doing the sync. */
function killGroup(cli: ChildProcess): void {
  if (cli.pid === undefined) return;
  try {
    process.kill(-cli.pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Runs `triage-desk sync` into the harness's cache file, waits until it is blocked on the kill
 * point's request, and kills it. Returns the progress lines it printed.
 */
async function runAndKill(harness: SyncHarness, gate: Gate, point: KillPoint): Promise<string[]> {
  const held = new Promise<void>((resolve) => (gate.onHeld = resolve));
  gate.point = point;
  const cli = spawn(
    process.execPath,
    [
      join(root, 'bin', 'triage-desk.mjs'),
      'sync',
      '--portal',
      harness.sim.baseUrl,
      '--db',
      harness.cache.file,
      '--page-size',
      String(PAGE_SIZE),
    ],
    // Its own process group, so the kill reaches the process that does the work, not only the bin wrapper.
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = cli;
  const lines: string[] = [];
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: cli.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    cli.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const outcome = await Promise.race([held.then(() => 'held' as const), exited.then(() => 'exited' as const)]);
  if (outcome === 'exited') {
    throw new Error(`the CLI ended before the kill point:\n${lines.join('\n')}\n${stderr}`);
  }
  // The child writes each progress line before it asks for the next page, so once the request is
  // held the line is on its way; wait for it to be read.
  for (let tries = 0; tries < 300 && !point.lastLine.test(lines.at(-1) ?? ''); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  killGroup(cli);
  expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(lines.at(-1), `${lines.join('\n')}\n${stderr}`).toMatch(point.lastLine);
  return lines;
}

/** `Type/id@version` → `meta.lastUpdated` of every current resource of the synced types, over HTTP. */
async function serverLastUpdated(baseUrl: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const type of SYNC_FEEDS) {
    let url: string | undefined = `${baseUrl}/${type}?_count=1000`;
    while (url !== undefined) {
      const bundle = (await (await fetch(url)).json()) as Bundle;
      for (const { resource: r } of bundle.entry ?? []) {
        out.set(`${r!.resourceType}/${r!.id ?? ''}@${r!.meta?.versionId ?? ''}`, r!.meta!.lastUpdated!);
      }
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
  }
  return out;
}

/** What a killed pass may leave behind: whole pages only, and no watermark ahead of them. */
async function expectConsistentCache(harness: SyncHarness): Promise<string[]> {
  const { db, sqlite } = harness.cache;
  expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(sqlite.pragma('foreign_key_check')).toEqual([]);

  // Every raw row is the resource it claims to be, and a version the server has.
  const cached = await cacheKeys(db);
  const server = await serverLastUpdated(harness.sim.baseUrl);
  expect(cached.filter((key) => !server.has(key))).toEqual([]);
  const mislabelled = await sql<{ rid: number }>`
    SELECT rid FROM fhir_resource
    WHERE json_extract(json, '$.resourceType') IS NOT resource_type
       OR json_extract(json, '$.id') IS NOT id
       OR json_extract(json, '$.meta.versionId') IS NOT version_id
       OR json_extract(json, '$.meta.lastUpdated') IS NOT last_updated`.execute(db);
  expect(mislabelled.rows).toEqual([]);

  // Raw rows and projections come and go together: one projection row per raw row of its type.
  for (const [type, table] of Object.entries(PROJECTIONS)) {
    const { rows } = await sql<{ raw: number; projected: number; matched: number }>`
      SELECT
        (SELECT count(*) FROM fhir_resource WHERE resource_type = ${type}) AS raw,
        (SELECT count(*) FROM ${sql.table(table)}) AS projected,
        (SELECT count(*) FROM ${sql.table(table)} p
           JOIN fhir_resource r ON r.rid = p.rid AND r.resource_type = ${type} AND r.id = p.id) AS matched`.execute(db);
    const { raw, projected, matched } = rows[0]!;
    expect({ type, projected, matched }).toEqual({ type, projected: raw, matched: raw });
  }
  expect(await db.selectFrom('sync_quarantine').select('qid').execute()).toEqual([]);

  // A feed's watermark is never ahead of what was committed: every server resource of its type at
  // or before the watermark is in the cache, or the next pass (reading from the watermark) would
  // miss it.
  const held = new Set(cached);
  for (const feed of await db.selectFrom('sync_feed').selectAll().execute()) {
    if (feed.watermark === null) continue;
    const watermark = Date.parse(feed.watermark);
    const missing = [...server]
      .filter(([key, at]) => key.startsWith(`${feed.feed}/`) && Date.parse(at) <= watermark && !held.has(key))
      .map(([key]) => key);
    expect({ feed: feed.feed, missing }).toEqual({ feed: feed.feed, missing: [] });
  }
  return cached;
}

// Process groups and SIGKILL are POSIX; CI runs on Debian.
describe.skipIf(process.platform === 'win32')('a sync pass killed mid-way (SIGKILL to the CLI)', () => {
  it.each(KILL_POINTS.map((point) => [point.name, point] as const))(
    'killed %s: the cache is consistent and the next pass completes it without re-creating anything',
    { timeout: 30_000 },
    async (_name, point) => {
      const gate: Gate = {};
      h = await startSyncHarness(clinic.resources, { handlerWrapper: gated(gate) });
      await runAndKill(h, gate, point);

      const partial = await expectConsistentCache(h);
      const everything = await serverKeys(h.sim.baseUrl);
      expect(partial.length).toBeGreaterThan(0);
      if (point.searchesDone) expect(partial).toEqual(everything);
      else expect(partial.length).toBeLessThan(everything.length);

      // While the cache sat half-filled, the portal deleted two resources it already holds.
      h.clock.ms += 60_000;
      const gone = [partial.find((k) => k.startsWith('Task/'))!, partial.find((k) => k.startsWith('Patient/'))!];
      for (const key of gone) {
        const [type, id] = key.split('@')[0]!.split('/') as [string, string];
        h.sim.store.delete(type, id);
      }

      const summary = await syncOnce({
        db: h.db,
        client: new FhirClient({ baseUrl: h.sim.baseUrl }),
        pageSize: PAGE_SIZE,
      });
      const server = await serverKeys(h.sim.baseUrl);
      expect(await cacheKeys(h.db)).toEqual(server);
      // What the killed pass stored stays stored: only the rest is created, nothing is rewritten.
      expect(summary).toMatchObject({
        created: server.length - (partial.length - gone.length),
        updated: 0,
        deleted: gone.length,
        quarantined: 0,
      });
      await expectConsistentCache(h);
    },
  );
});
