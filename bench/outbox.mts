import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Task } from '@medplum/fhirtypes';
import { generateClinic } from '../src/demo-clinic/generate';
import { openDatabase } from '../src/main/db/open-database';
import { FhirWriter } from '../src/main/outbox/fhir-writer';
import { pushOutbox } from '../src/main/outbox/pusher';
import type { PushSummary } from '../src/main/outbox/pusher';
import { recordAction } from '../src/main/outbox/record-action';
import { FhirClient } from '../src/main/sync/fhir-client';
import { syncOnce } from '../src/main/sync/sync-engine';
import { startSimulator } from '../src/simulator/start-simulator';
import type { RunningSimulator } from '../src/simulator/start-simulator';
import {
  byWorkItem,
  capturingFetch,
  copyDatabase,
  insertOutboxRaw,
  readOutboxRows,
  replayRaw,
} from './outbox-baselines.mjs';
import type { CapturedRequest, Replay } from './outbox-baselines.mjs';
import { planActions } from './outbox-plan.mjs';
import type { PlannedAction } from './outbox-plan.mjs';

/**
 * The outbox on the `small` clinic, against the portal simulator over loopback HTTP: recording
 * `BENCH_OUTBOX_ACTIONS` mixed decisions (default 1,000), each its own durable transaction, then
 * draining them with the pusher at concurrency 4 and 1. Each is printed as a ratio against a
 * baseline measured in the same run (see outbox-baselines.mts): R, the same outbox rows inserted
 * raw, one transaction each; P, the exact requests the drain sent, replayed with plain `fetch`
 * against a copy of the same portal state. Absolute times are for context only.
 *
 * Every drain starts from copies of the same two files, taken once after one sync: the portal's
 * SQLite file and the synced cache, so each round records into and pushes from the same state, and
 * P's portal is the drain's portal before the drain. `BENCH_OUTBOX_ROUNDS` rounds (default 3) after
 * one untimed warm-up; each round records and drains once per concurrency. A figure is the best of
 * its rounds and a ratio best against best, with the range of the rounds' own ratios beside it.
 */
const NOW = new Date('2026-11-27T15:00:00Z');
const ACTIONS = Math.max(1, Number(process.env['BENCH_OUTBOX_ACTIONS'] ?? 1000));
const ROUNDS = Math.max(1, Number(process.env['BENCH_OUTBOX_ROUNDS'] ?? 3));
const CONCURRENCIES = [4, 1] as const;

interface Cycle {
  record: number;
  raw: number;
  drain: number;
  replay: Replay;
  requests: CapturedRequest[];
  summary: PushSummary;
}

const best = (values: readonly number[]): number => Math.min(...values);
/** Best against best, then the range of the rounds' own ratios. */
const fmtRatio = (num: readonly number[], den: readonly number[]): string => {
  const rounds = num.map((n, i) => n / den[i]!);
  const range = rounds.length > 1 ? `  (${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)})` : '';
  return `${(best(num) / best(den)).toFixed(2)} x${range}`;
};
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const perSecond = (count: number, ms: number): string => int((count / ms) * 1000);

export async function runOutboxBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-bench-outbox-'));
  // The portal's clock stands still: every copy of it answers the same requests with the same versions.
  const portalNow = (): Date => new Date(NOW.getTime() + 60_000);
  const sims: RunningSimulator[] = [];
  const serve = async (file: string): Promise<RunningSimulator> => {
    const sim = await startSimulator({ file, validate: false, now: portalNow });
    sims.push(sim);
    return sim;
  };
  const stop = async (sim: RunningSimulator): Promise<void> => {
    sims.splice(sims.indexOf(sim), 1);
    await sim.close();
  };
  try {
    // The two snapshots every round starts from: the portal as generated, the cache synced from it.
    const setupStart = performance.now();
    const clinic = generateClinic({ seed: 1, now: NOW, size: 'small' });
    const plan = planActions(clinic.resources, ACTIONS, portalNow());
    const portalFile = join(dir, 'portal.db');
    const cacheFile = join(dir, 'cache.db');
    const seeded = await startSimulator({
      file: portalFile,
      resources: clinic.resources,
      validate: false,
      now: portalNow,
    });
    sims.push(seeded);
    const synced = await openDatabase(cacheFile);
    const sync = await syncOnce({ db: synced.db, client: new FhirClient({ baseUrl: seeded.baseUrl }) });
    await synced.close();
    await stop(seeded);
    console.log(
      `Portal: small workload, ${int(clinic.resources.length)} resources; cache synced once ` +
        `(${int(sync.created)} stored); set up in ${int(performance.now() - setupStart)} ms. ` +
        `${ROUNDS} rounds after one warm-up, each recording and draining ${int(ACTIONS)} actions ` +
        `once per concurrency (${CONCURRENCIES.join(', ')})\n`,
    );

    const cycle = async (name: string, concurrency: number): Promise<Cycle> => {
      const sub = join(dir, name);
      mkdirSync(sub);
      for (const [from, to] of [
        [cacheFile, 'cache.db'],
        [cacheFile, 'raw.db'],
        [portalFile, 'portal.db'],
        [portalFile, 'replay.db'],
      ] as const) {
        copyDatabase(from, join(sub, to));
      }
      const cache = await openDatabase(join(sub, 'cache.db'));
      try {
        const record = await recordAll(cache.db, plan);
        const rows = readOutboxRows(cache.sqlite);
        const rawCache = await openDatabase(join(sub, 'raw.db'));
        const raw = insertOutboxRaw(rawCache.sqlite, rows);
        await rawCache.close();

        const portal = await serve(join(sub, 'portal.db'));
        const requests: CapturedRequest[] = [];
        const writer = new FhirWriter({ baseUrl: portal.baseUrl, fetch: capturingFetch(requests) });
        const drainStart = performance.now();
        const summary = await pushOutbox({ db: cache.db, writer, concurrency });
        const drain = performance.now() - drainStart;
        const versions = taskVersions(portal, plan);
        const from = portal.baseUrl;
        await stop(portal);

        const items = byWorkItem(requests);
        const fresh = await serve(join(sub, 'replay.db'));
        const replay = await replayRaw(items, from, fresh.baseUrl, concurrency);
        const replayed = taskVersions(fresh, plan);
        await stop(fresh);

        if (summary.synced !== plan.length || summary.sent !== plan.length) {
          throw new Error(`The drain did not land every action in one pass: ${JSON.stringify(summary)}.`);
        }
        if (replay.requests !== requests.length || Object.keys(replay.byStatus).some((s) => s !== '200')) {
          throw new Error(`The replay was not answered like the drain: ${JSON.stringify(replay.byStatus)}.`);
        }
        if (JSON.stringify(replayed) !== JSON.stringify(versions)) {
          throw new Error("The replay left the portal's Tasks at other versions than the drain did.");
        }
        return { record, raw, drain, replay, requests, summary };
      } finally {
        await cache.close();
        rmSync(sub, { recursive: true, force: true });
      }
    };

    await cycle('warm-up', CONCURRENCIES[0]);
    const record: number[] = [];
    const raw: number[] = [];
    const drains = new Map(CONCURRENCIES.map((c) => [c, { drain: [] as number[], replay: [] as number[] }]));
    let last: Cycle | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of CONCURRENCIES) {
        last = await cycle(`round-${round}-c${concurrency}`, concurrency);
        record.push(last.record);
        raw.push(last.raw);
        drains.get(concurrency)!.drain.push(last.drain);
        drains.get(concurrency)!.replay.push(last.replay.ms);
      }
    }

    const n = plan.length;
    const requests = last!.requests.length;
    const rows = [
      ['step', 'requests', 'actions', 'ms (best)', 'actions/s', 'ms/action', 'ratio (best/best, rounds)'],
      [
        'record (recordAction, 1 tx each)',
        '',
        int(n),
        int(best(record)),
        perSecond(n, best(record)),
        (best(record) / n).toFixed(2),
        '',
      ],
      [
        '  R: raw INSERT of the outbox rows, 1 tx each',
        '',
        int(n),
        int(best(raw)),
        perSecond(n, best(raw)),
        (best(raw) / n).toFixed(2),
        `record / R = ${fmtRatio(record, raw)}`,
      ],
    ];
    for (const concurrency of CONCURRENCIES) {
      const m = drains.get(concurrency)!;
      rows.push(
        [
          `drain, concurrency ${concurrency} (pushOutbox)`,
          int(requests),
          int(n),
          int(best(m.drain)),
          perSecond(n, best(m.drain)),
          (best(m.drain) / n).toFixed(2),
          '',
        ],
        [
          '  P: same requests replayed raw',
          int(requests),
          '',
          int(best(m.replay)),
          perSecond(n, best(m.replay)),
          (best(m.replay) / n).toFixed(2),
          `drain / P = ${fmtRatio(m.drain, m.replay)}`,
        ],
        [
          "  drain − P (the desk's own work)",
          '',
          '',
          int(best(m.drain) - best(m.replay)),
          '',
          ((best(m.drain) - best(m.replay)) / n).toFixed(2),
          '',
        ],
      );
    }
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
    for (const [i, row] of rows.entries()) {
      console.log(
        row
          .map((cell, col) => (col === 0 || col === 6 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
          .join('  ')
          .trimEnd(),
      );
      if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    const kinds = new Map<string, number>();
    for (const a of plan) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    const bytes = last!.requests.reduce((sum, r) => sum + (r.body?.length ?? 0), 0);
    console.log(
      [
        '',
        `Actions: ${[...kinds].map(([k, c]) => `${c} ${k}`).join(', ')}; on ${new Set(plan.map((a) => a.item)).size} ` +
          'open work items, interleaved, each item in order.',
        `record: each action one transaction (local Task copy, placeholders, outbox row, audit row), ` +
          'cache file with WAL and synchronous=FULL; R: the outbox rows alone, as many commits.',
        `drain: one transaction Bundle per action (${int(bytes / requests)} bytes on average), each item's ` +
          "actions in order, the outbox's state committed before and after each request.",
        'P: the captured method, URL, headers and body sent with plain fetch to a fresh simulator on a copy ' +
          "of the drain's starting portal file, same concurrency by work item; answers read, not parsed; " +
          'every answer 200 and every Task left at the same version as by the drain.',
        'The simulator runs in this process: P and the drain both include its handling of each request.',
      ].join('\n'),
    );
  } finally {
    for (const sim of [...sims]) await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each decision recorded the way the UI records it: one `recordAction`, one durable commit. */
async function recordAll(db: Parameters<typeof recordAction>[0], plan: readonly PlannedAction[]): Promise<number> {
  const start = performance.now();
  for (const a of plan) {
    await recordAction(db, {
      workItemId: a.item,
      kind: a.kind,
      payload: a.payload,
      actor: a.actor,
      uuid: a.uuid,
      now: a.at,
    });
  }
  return performance.now() - start;
}

/** `id@version` of every Task the plan touches, as the portal holds it now. */
function taskVersions(sim: RunningSimulator, plan: readonly PlannedAction[]): string[] {
  return [...new Set(plan.map((a) => a.item))].map(
    (id) => `${id}@${(sim.store.read('Task', id) as Task).meta?.versionId ?? ''}`,
  );
}
