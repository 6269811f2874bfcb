import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../sqlite/open-sqlite';
import type { SqliteDatabase } from '../../sqlite/open-sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheOpenError } from './cache-open-error';
import { migrateToLatest, schemaVersion } from './migrate';
import { migrations } from './migrations';
import type { UntypedKysely } from './migrations/migration';
import { openDatabase } from './open-database';
import { inboxPageQuery } from '../inbox/queries';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import type { InboxView } from '../../shared/work-item';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rawKysely(file: string): { db: UntypedKysely; sqlite: SqliteDatabase } {
  const sqlite = openSqlite(file);
  sqlite.pragma('foreign_keys = ON');
  return { db: new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }), sqlite };
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, … with unique names', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  it.each(migrations.map((m) => [m.version, m.name] as const))(
    'migration %i (%s) applies on a fresh database on top of its predecessors',
    async (version) => {
      const { db, sqlite } = rawKysely(join(dir, `v${version}.db`));
      await migrateToLatest(db, migrations.slice(0, version), 'test');
      expect(await schemaVersion(db)).toBe(version);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      await db.destroy();
    },
  );

  it('creates the tables the later issues build on', async () => {
    const cache = await openDatabase(join(dir, 'cache.db'));
    const tables = cache.sqlite
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'fhir_resource',
        'patient',
        'practitioner',
        'practitioner_role',
        'pool',
        'pool_member',
        'work_item',
        'message',
        'medication_request',
        'medication_dispense',
        'diagnostic_report',
        'observation',
        'report_result',
        'allergy',
        'problem',
        'visit',
        'item_search',
        'derived_state',
        'notified_item',
      ]),
    );
    await cache.close();
  });

  it('migration 6 gives observations already cached their LOINC code, and a blood pressure its text', async () => {
    const { db, sqlite } = rawKysely(join(dir, 'v5.db'));
    await migrateToLatest(db, migrations.slice(0, 5), 'test');
    const loinc = (code: string) => ({ system: 'http://loinc.org', code });
    const cached = [
      {
        id: 'k-1',
        code: { coding: [{ system: 'urn:local-lab', code: 'K' }, loinc('2823-3')], text: 'Potassium' },
        valueQuantity: { value: 4.1, unit: 'mmol/L' },
        value_text: '4.1 mmol/L',
      },
      {
        id: 'bp-1',
        code: { coding: [loinc('85354-9')], text: 'Blood pressure' },
        component: [
          { code: { coding: [loinc('8480-6')] }, valueQuantity: { value: 128, unit: 'mmHg', code: 'mm[Hg]' } },
          { code: { coding: [loinc('8462-4')] }, valueQuantity: { value: 82, unit: 'mmHg', code: 'mm[Hg]' } },
        ],
        value_text: null,
      },
      { id: 'note-1', code: { text: 'Home reading' }, valueString: 'felt fine', value_text: 'felt fine' },
    ];
    cached.forEach(({ id, value_text, ...body }, i) => {
      const json = JSON.stringify({ resourceType: 'Observation', id, status: 'final', ...body });
      sqlite
        .prepare(
          `INSERT INTO fhir_resource (rid, resource_type, id, version_id, last_updated, last_updated_ms, json)
           VALUES (?, 'Observation', ?, '1', '2026-11-20T10:00:00.000Z', 0, ?)`,
        )
        .run(i + 1, id, json);
      sqlite
        .prepare(
          `INSERT INTO observation (id, rid, patient_id, name, value_text, held) VALUES (?, ?, 'pat-1', ?, ?, 0)`,
        )
        .run(id, i + 1, body.code.text, value_text);
    });
    await migrateToLatest(db, migrations.slice(0, 6), 'test');
    expect(sqlite.prepare('SELECT id, code, value_text FROM observation ORDER BY id').all()).toEqual([
      { id: 'bp-1', code: '85354-9', value_text: '128/82 mm[Hg]' },
      { id: 'k-1', code: '2823-3', value_text: '4.1 mmol/L' },
      { id: 'note-1', code: null, value_text: 'felt fine' },
    ]);
    await db.destroy();
  });

  it('migration 11 gives patients already cached their lookup keys', async () => {
    const { db, sqlite } = rawKysely(join(dir, 'v10.db'));
    await migrateToLatest(db, migrations.slice(0, 10), 'test');
    const patients = [
      {
        id: 'pat-1',
        name: [{ use: 'official', family: 'Núñez', given: ['Mary', 'Ann'] }],
        identifier: [{ system: 'http://triage-desk.local/fhir/sid/dod-id', value: '1234567890' }],
      },
      { id: 'pat-2', name: [{ text: 'Baker, Andre' }] },
    ];
    patients.forEach((p, i) => {
      sqlite
        .prepare(
          `INSERT INTO fhir_resource (rid, resource_type, id, version_id, last_updated, last_updated_ms, json)
           VALUES (?, 'Patient', ?, '1', '2026-11-20T10:00:00.000Z', 0, ?)`,
        )
        .run(i + 1, p.id, JSON.stringify({ resourceType: 'Patient', ...p }));
      sqlite.prepare(`INSERT INTO patient (id, rid, display_name) VALUES (?, ?, 'x')`).run(p.id, i + 1);
    });
    await migrateToLatest(db, migrations, 'test');
    expect(sqlite.prepare('SELECT id, family_key, given_key, dod_id FROM patient ORDER BY id').all()).toEqual([
      { id: 'pat-1', family_key: 'nunez', given_key: 'mary ann', dod_id: '1234567890' },
      { id: 'pat-2', family_key: 'baker', given_key: 'andre', dod_id: null },
    ]);
    await db.destroy();
  });

  it('migration 9 marks no queued action as refused, and refuses any value but 0 and 1', async () => {
    const { db, sqlite } = rawKysely(join(dir, 'v8.db'));
    await migrateToLatest(db, migrations.slice(0, 8), 'test');
    sqlite
      .prepare(
        `INSERT INTO outbox_action (client_uuid, work_item_id, kind, payload, actor, decided_at, base_version, base_json, state, updated_at)
         VALUES ('u-1', 'task-1', 'note', '{}', 'Practitioner/rn-1', '2026-11-20T10:00:00.000Z', '1', '{}', 'parked', 0)`,
      )
      .run();
    await migrateToLatest(db, migrations.slice(0, 9), 'test');
    expect(sqlite.prepare('SELECT client_uuid, state, refused FROM outbox_action').all()).toEqual([
      { client_uuid: 'u-1', state: 'parked', refused: 0 },
    ]);
    expect(() => sqlite.prepare("UPDATE outbox_action SET refused = 2 WHERE client_uuid = 'u-1'").run()).toThrow(
      /CHECK constraint failed/,
    );
    await db.destroy();
  });

  it('is a no-op on a database already at the latest version', async () => {
    const file = join(dir, 'cache.db');
    await (await openDatabase(file)).close();
    const again = await openDatabase(file);
    expect(await schemaVersion(again.db as unknown as UntypedKysely)).toBe(migrations.length);
    await again.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', async () => {
    const file = join(dir, 'newer.db');
    const sqlite = openSqlite(file);
    sqlite.pragma(`user_version = ${migrations.length + 3}`);
    sqlite.exec('CREATE TABLE from_the_future (x)');
    sqlite.close();

    const opening = openDatabase(file);
    await expect(opening).rejects.toBeInstanceOf(CacheOpenError);
    await expect(openDatabase(file)).rejects.toThrow(
      `newer version of Triage Desk (schema ${migrations.length + 3}; this version knows up to ${migrations.length})`,
    );

    const after = openSqlite(file);
    expect(after.pragma('user_version', { simple: true })).toBe(migrations.length + 3);
    after.close();
  });

  it('rolls a failing migration back whole, leaving the version where it was', async () => {
    const { db, sqlite } = rawKysely(join(dir, 'broken.db'));
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'broken',
        up: async (trx: UntypedKysely) => {
          await trx.schema.createTable('half_done').addColumn('x', 'integer').execute();
          throw new Error('disk full');
        },
      },
    ];
    await expect(migrateToLatest(db, broken, 'test')).rejects.toThrow('disk full');
    expect(await schemaVersion(db)).toBe(migrations.length);
    expect(sqlite.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).pluck().get()).toBe(0);
    await db.destroy();
  });

  it('rejects a migration list out of order', async () => {
    const { db } = rawKysely(join(dir, 'order.db'));
    const shuffled = [{ ...migrations[0]!, version: 2 }];
    await expect(migrateToLatest(db, shuffled, 'test')).rejects.toThrow(/out of order/);
    await db.destroy();
  });
});

describe('openDatabase', () => {
  it('turns on WAL, foreign keys and full fsync', async () => {
    const cache = await openDatabase(join(dir, 'cache.db'));
    expect(cache.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(cache.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await cache.close();
  });

  it('says clearly when a file is not a database', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'these are not the pages you are looking for'.repeat(100));
    await expect(openDatabase(file)).rejects.toThrow(`${file} is not a usable Triage Desk cache`);
  });

  it('with mustExist, refuses to invent a cache at a wrong path', async () => {
    await expect(openDatabase(join(dir, 'missing.db'), { mustExist: true })).rejects.toThrow(/No cache database at/);
  });

  it('uses the indexes for the inbox queries', async () => {
    const cache = await openDatabase(join(dir, 'plan.db'));
    const plan = (query: string) =>
      cache.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${query}`)
        .all()
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    // The inbox's own SQL, as kysely compiles it: an index walk in due order, never a sort of the whole table.
    const inbox = (view: InboxView) => {
      const compiled = inboxPageQuery(
        cache.db,
        { view, filters: DEFAULT_FILTERS, search: '', offset: 0, limit: 200 },
        { userId: 'rn-harper', now: Date.parse('2026-11-27T15:00:00Z') },
      ).compile();
      return cache.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...compiled.parameters)
        .map((row) => (row as { detail: string }).detail)
        .join('\n');
    };
    // Migration 5: emergencies first, then soonest due, for every view.
    expect(inbox({ kind: 'all' })).toContain('USING INDEX work_item_open_by_urgency');
    expect(inbox({ kind: 'all' })).not.toContain('TEMP B-TREE');
    expect(inbox({ kind: 'pool', poolId: 'pool-nursing' })).toContain('USING INDEX work_item_pool_by_urgency');
    expect(inbox({ kind: 'pool', poolId: 'pool-nursing' })).not.toContain('TEMP B-TREE');
    expect(plan(`SELECT work_item_id FROM item_search WHERE item_search MATCH 'refill'`)).toContain(
      'VIRTUAL TABLE INDEX',
    );
    expect(plan(`SELECT id FROM work_item WHERE focus_type = 'Communication' AND focus_id = 'm'`)).toContain(
      'USING INDEX work_item_by_focus',
    );
    expect(plan(`SELECT id FROM message WHERE thread_id = 't' ORDER BY sent_at`)).toContain(
      'USING INDEX message_by_thread',
    );
    // Migration 6: a renewal's last fill and the patient's latest results of the drug class's tests.
    expect(plan(`SELECT max(handed_over_at) FROM medication_dispense WHERE prescription_id = 'rx-1'`)).toContain(
      'USING COVERING INDEX medication_dispense_by_prescription',
    );
    expect(
      plan(`SELECT code, value_text, effective_at FROM observation WHERE patient_id = 'p' AND code = '85354-9'
        AND effective_at IS NOT NULL ORDER BY effective_at DESC LIMIT 30`),
    ).toContain('USING INDEX observation_by_patient_code');
    expect(
      plan(`SELECT value_text FROM observation WHERE patient_id = 'p' AND code = '85354-9' ORDER BY effective_at DESC`),
    ).not.toContain('TEMP B-TREE');
    expect(
      plan(`SELECT code, value_text FROM observation WHERE patient_id = 'p' AND code IN ('2823-3', '2160-0')
        ORDER BY effective_at DESC LIMIT 30`),
    ).toContain('USING INDEX observation_by_patient_code');
    // Migration 11: the patient lookup's forms, each on its index, and a found patient's items.
    expect(plan(`SELECT id FROM patient WHERE family_key >= 'bak' AND family_key < 'bak\u{10FFFF}'`)).toContain(
      'INDEX patient_by_family',
    );
    expect(plan(`SELECT id FROM patient WHERE given_key >= 'and' AND given_key < 'and\u{10FFFF}'`)).toContain(
      'INDEX patient_by_given',
    );
    expect(plan(`SELECT id FROM patient WHERE birth_date = '1984-03-07'`)).toContain('INDEX patient_by_birth_date');
    expect(plan(`SELECT id FROM patient WHERE dod_id = '1234567890'`)).toContain('INDEX patient_by_dod_id');
    expect(plan(`SELECT id FROM work_item WHERE patient_id = 'p' AND is_open = 1`)).toContain(
      'INDEX work_item_by_patient',
    );
    await cache.close();
  });
});
