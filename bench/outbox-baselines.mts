import { copyFileSync, existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Bundle } from '@medplum/fhirtypes';
import type Database from 'better-sqlite3-multiple-ciphers';

/** One request as the outbox's writer sent it, byte for byte. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * A `fetch` for the writer that notes every request (method, URL, headers, body) before sending it
 * on, so the baseline can send exactly the same bytes. Recording at the HTTP level keeps the
 * baseline faithful whatever the pusher's request logic becomes.
 */
export function capturingFetch(into: CapturedRequest[]): typeof globalThis.fetch {
  return (input, init) => {
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new Error('The benchmark captures string bodies only.');
    }
    into.push({
      method: init?.method ?? 'GET',
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: body ?? undefined,
    });
    return globalThis.fetch(input, init);
  };
}

/**
 * The captured requests by work item, in the order the items were first sent, each item's in the
 * order sent: the pusher's own unit of parallelism (an item's actions go one after another). The
 * item is the Task a transaction patches, or the Task a read asks for.
 */
export function byWorkItem(requests: readonly CapturedRequest[]): CapturedRequest[][] {
  const items = new Map<string, CapturedRequest[]>();
  for (const r of requests) {
    let task: string | undefined;
    if (r.method === 'POST' && r.body !== undefined) {
      const bundle = JSON.parse(r.body) as Bundle;
      task = bundle.entry?.find((e) => e.request?.method === 'PATCH')?.request?.url;
    } else {
      task = /\/(Task\/[^/?]+)/.exec(r.url)?.[1];
    }
    if (task === undefined) throw new Error(`Cannot tell the work item of ${r.method} ${r.url}.`);
    const list = items.get(task) ?? [];
    list.push(r);
    items.set(task, list);
  }
  return [...items.values()];
}

export interface Replay {
  ms: number;
  requests: number;
  byStatus: Record<string, number>;
}

/**
 * Baseline P: the same requests, same bytes, against a portal in the same state, sent with plain
 * `fetch` by `concurrency` workers that each take one work item's requests at a time, in order, as
 * the pusher does. Each answer is read whole (`response.text()`) and its status counted; nothing is
 * parsed and nothing is written on this side.
 */
export async function replayRaw(
  items: readonly (readonly CapturedRequest[])[],
  from: string,
  to: string,
  concurrency: number,
): Promise<Replay> {
  const queue = [...items];
  const result: Replay = { ms: 0, requests: 0, byStatus: {} };
  const start = performance.now();
  const workers = Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      for (const r of item) {
        const response = await fetch(to + r.url.slice(from.length), {
          method: r.method,
          headers: r.headers,
          ...(r.body === undefined ? {} : { body: r.body }),
        });
        await response.text();
        result.requests++;
        result.byStatus[response.status] = (result.byStatus[response.status] ?? 0) + 1;
      }
    }
  });
  await Promise.all(workers);
  result.ms = performance.now() - start;
  return result;
}

/** An `outbox_action` row as recorded, without its generated id. */
export type OutboxRow = Record<string, string | number | null>;

export const OUTBOX_COLUMNS = [
  'client_uuid',
  'work_item_id',
  'kind',
  'payload',
  'actor',
  'decided_at',
  'base_version',
  'base_json',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'theirs_json',
  'conflict_fields',
  'result_version',
  'updated_at',
] as const;

/** The outbox rows a recording made, in order, as they were committed. */
export function readOutboxRows(sqlite: Database.Database): OutboxRow[] {
  return sqlite
    .prepare(`SELECT ${OUTBOX_COLUMNS.join(', ')} FROM outbox_action ORDER BY action_id`)
    .all() as OutboxRow[];
}

/**
 * Baseline R: the same outbox rows written into the same table of a cache file just like the one
 * recorded into (WAL, `synchronous = FULL`), one prepared `INSERT`, one transaction per row: as
 * many commits, so as many fsyncs, as recording made, and nothing else (no read of the local copy,
 * no applyAction, no local-copy or audit rows, no query builder).
 */
export function insertOutboxRaw(sqlite: Database.Database, rows: readonly OutboxRow[]): number {
  const insert = sqlite.prepare(
    `INSERT INTO outbox_action (${OUTBOX_COLUMNS.join(', ')}) VALUES (${OUTBOX_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const insertOne = sqlite.transaction((row: OutboxRow) => insert.run(row));
  const start = performance.now();
  for (const row of rows) insertOne(row);
  return performance.now() - start;
}

/** A closed SQLite file (and its WAL, if one was left) copied whole. */
export function copyDatabase(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}
