import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bundle, Task } from '@medplum/fhirtypes';
import { clinicShape, generateClinic } from '../src/demo-clinic/generate';
import type { ClinicRoster } from '../src/demo-clinic/generate';
import { openDatabase } from '../src/main/db/open-database';
import type { CacheDatabase } from '../src/main/db/open-database';
import { SYNC_FEEDS, syncOnce } from '../src/main/sync/sync-engine';
import type { SyncSummary } from '../src/main/sync/sync-engine';
import { startLiveMode } from '../src/simulator/live-mode';
import { startSimulator } from '../src/simulator/start-simulator';
import type { RunningSimulator } from '../src/simulator/start-simulator';
import { fetchAndParse, insertRaw, recordingClient } from './sync-baselines.mjs';
import type { RawInsert, ReadCounts } from './sync-baselines.mjs';

/**
 * The sync against the portal simulator over loopback HTTP, on the `clinic` workload: an initial
 * pass into an empty cache and incremental passes, each printed as a ratio against baselines
 * measured in the same run (see sync-baselines.mts). Absolute times are for context only.
 *
 * The initial pass is measured `BENCH_SYNC_ROUNDS` times (default 5), the incremental ones four
 * times as often, each kind after one untimed warm-up pass, with the baselines measured in the same
 * rounds. Each figure is the best of its rounds (other load on the machine only ever adds time), and
 * a ratio is best against best; the range of the rounds' own ratios is shown beside it.
 */
const NOW = new Date('2026-11-27T15:00:00Z');
const ROUNDS = Math.max(1, Number(process.env['BENCH_SYNC_ROUNDS'] ?? 5));
/** Incremental passes are short and so noisier: four times as many rounds. */
const INCREMENTAL_ROUNDS = 4 * ROUNDS;
/** Portal time between two passes; the change set is spread over it. */
const PASS_INTERVAL_MS = 5 * 60_000;
/** One pass's change set: 1% of the Tasks amended, new patient messages, a few deletes. */
const TASK_SHARE = 0.01;
const NEW_MESSAGES = 20;
const DELETES = 5;

interface Portal {
  sim: RunningSimulator;
  roster: ClinicRoster;
  /** Observations to delete, a few per round (nothing the change set amends refers to them). */
  observations: string[];
  tasks: number;
  resources: number;
  syncedTypes: number;
}

/** Generates the clinic and serves it; the generated resources are dropped once the simulator holds them. */
async function startPortal(file: string, clock: { ms: number }): Promise<Portal> {
  const clinic = generateClinic({ seed: 1, now: NOW, size: 'clinic' });
  const sim = await startSimulator({
    file,
    resources: clinic.resources,
    validate: false,
    now: () => new Date(clock.ms),
  });
  const synced = new Set<string>(SYNC_FEEDS);
  const observations = clinic.resources.filter((r) => r.resourceType === 'Observation').map((r) => r.id ?? '');
  return {
    sim,
    roster: clinic.roster,
    observations: observations.filter((_, i) => i % 10 === 0),
    tasks: clinicShape('clinic').workItems,
    resources: clinic.resources.length,
    syncedTypes: clinic.resources.filter((r) => synced.has(r.resourceType)).length,
  };
}

interface Pass {
  ms: number;
  requests: number;
  summary: SyncSummary;
  /** Every URL the pass asked for, in order. */
  urls: string[];
}

async function timedSync(cache: CacheDatabase, baseUrl: string): Promise<Pass> {
  const { client, urls } = recordingClient(baseUrl);
  const start = performance.now();
  const summary = await syncOnce({ db: cache.db, client });
  const ms = performance.now() - start;
  return { ms, requests: client.requests, summary, urls };
}

/** Baseline A for a pass, `times` over (the reads change nothing): the best time. */
async function timedRead(
  baseUrl: string,
  urls: readonly string[],
  times = 1,
): Promise<{ ms: number; counts: ReadCounts }> {
  const samples: number[] = [];
  let counts: ReadCounts = { requests: 0, searchPages: 0, entries: 0 };
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    counts = await fetchAndParse(baseUrl, urls);
    samples.push(performance.now() - start);
  }
  return { ms: Math.min(...samples), counts };
}

/** One pass's worth of portal activity, spread evenly over PASS_INTERVAL_MS of portal time. */
function applyChanges(portal: Portal, live: { tick(): string }, clock: { ms: number }, round: number): void {
  const { store } = portal.sim;
  const taskUpdates = Math.round(portal.tasks * TASK_SHARE);
  const amend = (n: number) => () => {
    const task = store.read('Task', `task-${String(n).padStart(5, '0')}`) as Task;
    const note = { time: new Date(clock.ms).toISOString(), text: `Reviewed again (bench round ${round}).` };
    store.update({ ...task, note: [...(task.note ?? []), note] });
  };
  const lists: (() => unknown)[][] = [
    // 97 is prime to the task count: distinct Tasks within a round and across rounds.
    Array.from({ length: taskUpdates }, (_, i) => amend(1 + (((round * taskUpdates + i) * 97) % portal.tasks))),
    Array.from({ length: NEW_MESSAGES }, () => () => live.tick()),
    Array.from({ length: DELETES }, (_, i) => () => {
      const id = portal.observations[round * DELETES + i];
      if (id === undefined) throw new Error('No Observations left to delete: run fewer BENCH_SYNC_ROUNDS.');
      return store.delete('Observation', id);
    }),
  ];
  const ops: (() => unknown)[] = [];
  for (let i = 0; ops.length < taskUpdates + NEW_MESSAGES + DELETES; i++) {
    for (const list of lists) if (list[i] !== undefined) ops.push(list[i]!);
  }
  const step = PASS_INTERVAL_MS / (ops.length + 1);
  for (const op of ops) {
    clock.ms += step;
    op();
  }
  clock.ms += step;
}

const best = (values: readonly number[]): number => Math.min(...values);
/** Best against best, then the range of the rounds' own ratios. */
const fmtRatio = (num: readonly number[], den: readonly number[]): string => {
  const rounds = num.map((n, i) => n / den[i]!);
  const range = rounds.length > 1 ? `  (${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)})` : '';
  return `${(best(num) / best(den)).toFixed(2)} x${range}`;
};
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function runSyncBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-bench-sync-'));
  const clock = { ms: NOW.getTime() + 60_000 };
  const genStart = performance.now();
  const portal = await startPortal(join(dir, 'portal.db'), clock);
  console.log(
    `Portal: clinic workload, ${int(portal.resources)} resources (${int(portal.syncedTypes)} of the synced types), ` +
      `generated and loaded in ${int(performance.now() - genStart)} ms; ` +
      `${ROUNDS} initial and ${INCREMENTAL_ROUNDS} incremental rounds, each kind after one warm-up\n`,
  );
  const { baseUrl } = portal.sim;
  const caches: CacheDatabase[] = [];
  const openCache = async (name: string): Promise<CacheDatabase> => {
    mkdirSync(join(dir, name));
    const cache = await openDatabase(join(dir, name, 'cache.db'));
    caches.push(cache);
    return cache;
  };
  const dropCache = async (cache: CacheDatabase, name: string): Promise<void> => {
    await cache.close();
    caches.splice(caches.indexOf(cache), 1);
    rmSync(join(dir, name), { recursive: true, force: true });
  };
  try {
    // Warm-up (untimed): a full pass, its baseline reads and a raw insert.
    const warmCache = await openCache('warm-up');
    const warm = await timedSync(warmCache, baseUrl);
    await dropCache(warmCache, 'warm-up');
    await timedRead(baseUrl, warm.urls);
    const rawInsert = async (round: string): Promise<RawInsert> => {
      // The pages as received, fetched untimed, held only for the insert.
      const pages: Bundle[] = [];
      await fetchAndParse(baseUrl, warm.urls, (page) => pages.push(page));
      const rawCache = await openCache(`raw-${round}`);
      const result = insertRaw(rawCache.sqlite, pages);
      await dropCache(rawCache, `raw-${round}`);
      return result;
    };
    await rawInsert('warm-up');

    const initial = { sync: [] as number[], read: [] as number[], insert: [] as number[], serialise: [] as number[] };
    let last: { cache: CacheDatabase; pass: Pass; counts: ReadCounts; raw: RawInsert } | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const cache = await openCache(`initial-${round}`);
      const pass = await timedSync(cache, baseUrl);
      const read = await timedRead(baseUrl, pass.urls);
      const raw = await rawInsert(String(round));
      initial.sync.push(pass.ms);
      initial.read.push(read.ms);
      initial.insert.push(raw.ms);
      initial.serialise.push(raw.serialiseMs);
      if (last !== undefined) await dropCache(last.cache, `initial-${round - 1}`);
      last = { cache, pass, counts: read.counts, raw };
    }
    const { cache, pass: initialPass, counts: initialCounts, raw } = last!;

    const changed = { sync: [] as number[], read: [] as number[], passes: [] as Pass[], counts: [] as ReadCounts[] };
    const quiet = { sync: [] as number[], read: [] as number[], passes: [] as Pass[], counts: [] as ReadCounts[] };
    const live = startLiveMode({
      store: portal.sim.store,
      clinic: { roster: portal.roster },
      now: () => new Date(clock.ms),
    });
    live.stop();
    const measure = async (into: typeof changed): Promise<void> => {
      const pass = await timedSync(cache, baseUrl);
      const read = await timedRead(baseUrl, pass.urls, 3);
      into.sync.push(pass.ms);
      into.read.push(read.ms);
      into.passes.push(pass);
      into.counts.push(read.counts);
    };
    // One untimed incremental pass first: the first one after the initial pass also warms its own paths.
    applyChanges(portal, live, clock, 0);
    await timedSync(cache, baseUrl);
    for (let round = 1; round <= INCREMENTAL_ROUNDS; round++) {
      applyChanges(portal, live, clock, round);
      await measure(changed);
      clock.ms += PASS_INTERVAL_MS;
      await measure(quiet);
    }

    const s = initialPass.summary;
    const stored = s.created + s.updated;
    const rows1 = [
      ['pass', 'requests', 'pages', 'resources', 'ms (best)', 'resources/s', 'ratio (best/best, rounds)'],
      [
        'initial sync',
        String(initialPass.requests),
        String(s.pages),
        int(stored),
        int(best(initial.sync)),
        int((stored / best(initial.sync)) * 1000),
        '',
      ],
      [
        '  A: fetch + parse, no writes',
        String(initialCounts.requests),
        '',
        int(initialCounts.entries),
        int(best(initial.read)),
        int((initialCounts.entries / best(initial.read)) * 1000),
        `sync / A = ${fmtRatio(initial.sync, initial.read)}`,
      ],
      [
        '  B: serialise + raw insert, no projections',
        '',
        String(initialCounts.searchPages),
        int(raw.rows),
        int(best(initial.insert)),
        int((raw.rows / best(initial.insert)) * 1000),
        `sync / B = ${fmtRatio(initial.sync, initial.insert)}`,
      ],
      [
        "  sync − A (the cache's own work)",
        '',
        '',
        '',
        int(best(initial.sync) - best(initial.read)),
        '',
        `(sync − A) / B = ${fmtRatio(
          initial.sync.map((v, i) => v - initial.read[i]!),
          initial.insert,
        )}`,
      ],
    ];
    const incremental = (label: string, m: typeof changed): string[][] => {
      const p = m.passes[m.passes.length - 1]!;
      const c = m.counts[m.counts.length - 1]!;
      const handled = p.summary.created + p.summary.updated + p.summary.unchanged;
      return [
        [
          label,
          String(p.requests),
          String(p.summary.pages),
          `${int(handled)} (+${p.summary.created} ~${p.summary.updated} -${p.summary.deleted})`,
          best(m.sync).toFixed(1),
          '',
          '',
        ],
        [
          '  A: fetch + parse, no writes',
          String(c.requests),
          '',
          int(c.entries),
          best(m.read).toFixed(1),
          '',
          `sync / A = ${fmtRatio(m.sync, m.read)}`,
        ],
      ];
    };
    const table = [...rows1, ...incremental('incremental pass', changed), ...incremental('quiet pass', quiet)];
    const widths = table[0]!.map((_, col) => Math.max(...table.map((r) => r[col]!.length)));
    for (const [i, row] of table.entries()) {
      console.log(
        row
          .map((cell, col) => (col === 0 || col === 6 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
          .join('  ')
          .trimEnd(),
      );
      if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    const taskUpdates = Math.round(portal.tasks * TASK_SHARE);
    console.log(
      [
        '',
        `Change set before each incremental pass, spread over ${PASS_INTERVAL_MS / 60_000} min of portal time: ` +
          `${taskUpdates} Tasks amended (${TASK_SHARE * 100}%), ${NEW_MESSAGES} new messages (thread + Task), ` +
          `${DELETES} Observations deleted; the quiet pass follows with no changes.`,
        "requests: HTTP requests, /metadata included; A asks for exactly the sync's URLs, in order.",
        "pages: the engine's count of search and _history pages; for B, its transactions.",
        'resources: initial sync = stored; A = entries received (matches, includes, history); B = rows ' +
          'inserted; incremental = handled (+created ~updated -deleted).',
        `B: one transaction per search page; ${int(initial.serialise[initial.insert.indexOf(best(initial.insert))]!)} ` +
          'ms of its best time went to making the rows (JSON.stringify). Page size 200; every cache a file ' +
          'with WAL and synchronous=FULL.',
      ].join('\n'),
    );
  } finally {
    for (const cache of [...caches]) await cache.close();
    await portal.sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
