import { join } from 'node:path';
import { openSqlite } from '../../sqlite/open-sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';
import { migrateToLatest } from '../db/migrate';
import { migrations } from '../db/migrations';
import type { UntypedKysely } from '../db/migrations/migration';
import type { DB } from '../db/schema';
import { openTestDatabase } from '../db/test-database';
import { auditHash, GENESIS, recordAudit, verifyAuditChain } from './audit-chain';
import type { AuditEntry } from './audit-chain';

/*
 * Issue 9's audit controls: every row is chained to the one before it, so an edited, deleted or
 * inserted row is found, by the app's check and by the admin CLI.
 */

let cache: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
afterEach(async () => {
  await cache?.dispose();
  cache = undefined;
});

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: 1_764_000_000_000 + n * 1000,
  actor: 'Practitioner/rn-osei',
  event: n % 2 === 0 ? 'view' : 'action.reply',
  workItemId: `task-${n}`,
  patientId: `pat-${n % 3}`,
  clientUuid: n % 2 === 0 ? null : `uuid-${n}`,
  outcome: 'success',
  detail: n % 2 === 0 ? null : JSON.stringify({ text: `reply ${n}` }),
  ...over,
});

async function chainOf(rows: number) {
  cache = await openTestDatabase();
  for (let n = 1; n <= rows; n++) await recordAudit(cache.db, entry(n));
  return cache;
}

const cli = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('the audit hash chain', () => {
  it('links each row to the one before it, from the genesis hash', async () => {
    const c = await chainOf(5);
    const rows = await c.db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute();
    expect(rows[0]?.prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(rows[2]?.hash).toBe(auditHash(entry(3), rows[1]!.hash));
    expect(await verifyAuditChain(c.db)).toEqual({ ok: true, rows: 5, head: rows[4]?.hash });
  });

  it('finds an edited row, whichever field was changed', async () => {
    for (const [column, value] of [
      ['actor', 'Practitioner/someone-else'],
      ['detail', '{"text":"softened"}'],
      ['at', 1],
      ['outcome', 'refused: nothing'],
      ['patient_id', 'pat-9'],
    ] as const) {
      const c = await chainOf(6);
      c.sqlite.prepare(`UPDATE audit_log SET ${column} = ? WHERE audit_id = 4`).run(value);
      expect(await verifyAuditChain(c.db), column).toEqual({
        ok: false,
        rows: 4,
        auditId: 4,
        problem: 'Its content does not match its hash: it was edited.',
      });
      await c.dispose();
      cache = undefined;
    }
  });

  it('finds a deleted row, an inserted one and a cut-off beginning', async () => {
    let c = await chainOf(6);
    c.sqlite.prepare('DELETE FROM audit_log WHERE audit_id = 3').run();
    expect(await verifyAuditChain(c.db)).toMatchObject({ ok: false, auditId: 4, problem: /deleted or inserted/ });
    await c.dispose();

    c = await chainOf(4);
    // Room between rows 2 and 3 (ids 20 and 30), then a forged row there, linked to row 2 and with
    // a correct hash of its own content: row 3 still names row 2, so the forgery shows.
    c.sqlite.prepare('UPDATE audit_log SET audit_id = audit_id * 10').run();
    const forged = entry(99);
    const prev = c.sqlite.prepare('SELECT hash FROM audit_log WHERE audit_id = 20').get() as { hash: string };
    c.sqlite
      .prepare(
        `INSERT INTO audit_log (audit_id, at, actor, event, work_item_id, patient_id, client_uuid, outcome, detail, prev_hash, hash)
         VALUES (25, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        forged.at,
        forged.actor,
        forged.event,
        forged.workItemId,
        forged.patientId,
        forged.clientUuid,
        forged.outcome,
        forged.detail,
        prev.hash,
        auditHash(forged, prev.hash),
      );
    expect(await verifyAuditChain(c.db, 2)).toMatchObject({ ok: false, auditId: 30, problem: /deleted or inserted/ });
    await c.dispose();

    cache = await chainOf(3);
    cache.sqlite.prepare('DELETE FROM audit_log WHERE audit_id = 1').run();
    expect(await verifyAuditChain(cache.db)).toMatchObject({ ok: false, auditId: 2, problem: /first row/ });
  });

  it('reads long chains page by page', async () => {
    const c = await chainOf(7);
    expect(await verifyAuditChain(c.db, 2)).toMatchObject({ ok: true, rows: 7 });
  });

  it('is checked by the admin CLI: exit 0 when intact, 1 naming the row when not', async () => {
    const c = await chainOf(3);
    const file = join(c.dir, 'cache.db');
    await c.close();
    let run = await cli(['audit', 'verify', '--db', file]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Audit chain intact: 3 rows, last hash [0-9a-f]{64}\.$/);
    const raw = openSqlite(file);
    raw.prepare("UPDATE audit_log SET event = 'action.note' WHERE audit_id = 2").run();
    raw.close();
    run = await cli(['audit', 'verify', '--db', file]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^Audit chain broken at row 2 \(row 2 in order\): Its content does not match its hash/);
    expect((await cli(['audit', 'check', '--db', file])).code).toBe(2);
    cache = await openTestDatabase();
  });
});

describe('migration 7', () => {
  it('chains the rows written before it, with the patient of their item', async () => {
    cache = await openTestDatabase();
    const file = join(cache.dir, 'old.db');
    const sqlite = openSqlite(file);
    const db: UntypedKysely = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db, migrations.slice(0, 6), 'test');
    const insert = sqlite.prepare(
      'INSERT INTO audit_log (at, actor, event, work_item_id, client_uuid, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(1000, 'Practitioner/a', 'action.reply', 'task-1', 'u-1', '{"text":"hi"}');
    insert.run(2000, 'Practitioner/b', 'outbox.discard', null, 'u-1', null);
    await migrateToLatest(db, migrations, 'test');
    const rows = sqlite.prepare('SELECT prev_hash, hash, outcome FROM audit_log ORDER BY audit_id').all() as {
      prev_hash: string;
      hash: string;
      outcome: string;
    }[];
    expect(rows.map((r) => r.outcome)).toEqual(['success', 'success']);
    expect(rows[0]?.prev_hash).toBe(GENESIS);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(await verifyAuditChain(db as unknown as Kysely<DB>)).toMatchObject({ ok: true, rows: 2 });
    await db.destroy();
  });
});
