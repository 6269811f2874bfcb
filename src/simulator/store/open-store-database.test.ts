import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreDatabase } from './open-store-database';
import { STORE_MIGRATIONS } from './schema';

const dir = mkdtempSync(join(tmpdir(), 'portal-sim-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStoreDatabase', () => {
  it('migrates a fresh file to the latest schema, and reopens it without re-running migrations', () => {
    const file = join(dir, 'fresh.db');
    const db = openStoreDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(STORE_MIGRATIONS.length);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual([
      'paging_entry',
      'paging_snapshot',
      'resource_current',
      'resource_history',
      'search_reference',
      'search_string',
      'search_token',
    ]);
    db.close();
    openStoreDatabase(file).close();
  });

  it('refuses a file written by a newer build', () => {
    const file = join(dir, 'newer.db');
    const db = openStoreDatabase(file);
    db.pragma(`user_version = ${STORE_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStoreDatabase(file)).toThrow(/newer build/);
  });
});
