import { writeSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { openDatabase } from '../../db/open-database';
import type { DB } from '../../db/schema';
import { FhirClient } from '../../sync/fhir-client';
import { syncOnce } from '../../sync/sync-engine';
import { FhirWriter } from '../fhir-writer';
import { pushOutbox } from '../pusher';
import { recordAction } from '../record-action';
import { CHILD_LINE, CRASH_WORKLOAD, RESTART_STEP, RESTART_STEP_INDEX, stepUuid } from './crash-workload';
import type { CrashChildConfig } from './crash-workload';

// The process outbox-crash.test.ts kills. It runs the real enqueue and push code on a real cache
// file against the test's simulator; the only additions are at the seams (the SQLite handle under
// Kysely, the fetch under the FhirWriter), where every commit and every request passes a numbered
// write point. At the chosen one it SIGKILLs itself: no finally, no close, no flush runs after.

const config = JSON.parse(process.argv[2] ?? '{}') as CrashChildConfig;
let hits = 0;
const labels: string[] = [];

function writePoint(label: string): void {
  hits++;
  labels.push(label);
  if (hits !== config.killAt) return;
  writeSync(1, `${CHILD_LINE.kill}${hits} ${label}\n`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before the call returns; should it not be, nothing else runs.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** What a statement writes, e.g. `update outbox_action→sending`, for the write point's name. */
function describeWrite(sql: string, params: readonly unknown[]): string {
  const match = /^\s*(insert into|update|delete from)\s+"(\w+)"/i.exec(sql);
  if (match === null) return sql.slice(0, 40);
  const [, verb, table] = match;
  const state = /^\s*update "outbox_action" set "state" = \?/i.test(sql) ? `→${String(params[0])}` : '';
  return `${verb?.split(' ')[0]?.toLowerCase() ?? ''} ${table ?? ''}${state}`;
}

/** A transaction named by what it writes: the recording of an action, its settling, a sync page. */
function describeTransaction(writes: readonly string[]): string {
  if (writes.includes('insert outbox_action')) return 'record';
  if (writes.includes('update outbox_action→synced')) return 'settle';
  if (writes.some((w) => w.startsWith('update outbox_action→'))) return `resolve ${writes.join(', ')}`;
  return writes.length === 0 ? 'empty' : `sync (${writes[0]}…)`;
}

/**
 * The SQLite handle Kysely writes through, with a write point before and after every commit:
 * each COMMIT, and each write statement run outside a transaction (SQLite commits it on its own).
 * "Before" a COMMIT is after every statement of the transaction ran: the kill lands mid-transaction.
 */
function withWritePoints(sqlite: Database.Database): SqliteDatabase {
  let writes: string[] = [];
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const statement = sqlite.prepare(sql);
      const control = /^\s*(begin|commit|rollback|savepoint|release)\b/i.exec(sql)?.[1]?.toLowerCase();
      const around = <T>(params: readonly unknown[], run: () => T): T => {
        if (control === 'commit') {
          const name = `commit ${describeTransaction(writes)}`;
          writePoint(`before ${name}`);
          const result = run();
          writes = [];
          writePoint(`after ${name}`);
          return result;
        }
        if (control !== undefined) {
          if (control !== 'savepoint' && control !== 'release') writes = [];
          return run();
        }
        if (statement.readonly) return run();
        if (sqlite.inTransaction) {
          writes.push(describeWrite(sql, params));
          return run();
        }
        const name = `write ${describeWrite(sql, params)}`;
        writePoint(`before ${name}`);
        const result = run();
        writePoint(`after ${name}`);
        return result;
      };
      return {
        get reader() {
          return statement.reader;
        },
        all: (params) => around(params, () => statement.all(params)),
        run: (params) => around(params, () => statement.run(params)),
        iterate: (params) => statement.iterate(params),
      };
    },
  };
}

/**
 * fetch with a write point before each request and after its whole answer arrived. A kill at the
 * latter is the lost answer: the portal committed, the client never learned it.
 */
const fetchWithWritePoints: typeof fetch = async (input, init) => {
  // Named by the path under the portal's base, so a point is named alike on every server.
  const basePath = new URL(config.portal).pathname.replace(/\/+$/, '');
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname.slice(basePath.length);
  const name = `${init?.method ?? 'GET'} ${path}`;
  writePoint(`before ${name}`);
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  writePoint(`after ${name} ${response.status}`);
  return new Response(body.byteLength === 0 ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

async function main(): Promise<void> {
  const cache = await openDatabase(config.cacheFile, { mustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withWritePoints(cache.sqlite) }) });
  const writer = new FhirWriter({ baseUrl: config.portal, fetch: fetchWithWritePoints });
  // Nothing fails transiently here, so no retry should wait; an instant schedule keeps it so.
  const push = () => pushOutbox({ db, writer, concurrency: config.concurrency, random: () => 0 });

  if (config.mode === 'work') {
    for (const [index, step] of CRASH_WORKLOAD.entries()) {
      writeSync(1, `${CHILD_LINE.step}${index}\n`);
      if (step.kind === 'push') {
        await push();
        continue;
      }
      await recordAction(db, {
        workItemId: config.items[step.item] ?? '',
        kind: step.kind,
        payload: step.payload,
        actor: config.actor,
        uuid: stepUuid(index),
      });
    }
  } else {
    if (config.recordOnRestart) {
      await recordAction(db, {
        workItemId: config.items[RESTART_STEP.item] ?? '',
        kind: RESTART_STEP.kind,
        payload: RESTART_STEP.payload,
        actor: config.actor,
        uuid: stepUuid(RESTART_STEP_INDEX),
      });
    }
    if (config.syncFirst) {
      await syncOnce({ db, client: new FhirClient({ baseUrl: config.portal, sleep: () => Promise.resolve() }) });
    }
    // As the app's pusher would on its next ticks, until nothing more goes out.
    for (let pass = 0; pass < 5; pass++) {
      if ((await push()).sent === 0) break;
    }
  }
  await db.destroy();
  writeSync(1, `${CHILD_LINE.done}${JSON.stringify({ hits, labels })}\n`);
}

await main();
