import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database';
import { LEGACY_CACHE_FILE, retireLegacyCache } from './legacy-cache';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-legacy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function legacyCache(waiting: boolean): Promise<string> {
  const file = join(dir, LEGACY_CACHE_FILE);
  const cache = await openDatabase(file);
  if (waiting) {
    await sql`PRAGMA foreign_keys = OFF`.execute(cache.db);
    await sql`INSERT INTO outbox_action (client_uuid, work_item_id, kind, payload, actor, decided_at, base_version, base_json, state, updated_at)
      VALUES ('u-1', 'task-1', 'note', '{}', 'Practitioner/rn-osei', '2026-11-27T15:00:00Z', '1', '{}', 'queued', 0)`.execute(
      cache.db,
    );
  }
  await cache.close();
  return file;
}

describe('the unencrypted cache of an earlier version', () => {
  it('is deleted, WAL and all, when nothing in it waits for the portal', async () => {
    const file = await legacyCache(false);
    writeFileSync(`${file}-wal`, '');
    expect(retireLegacyCache(dir)).toBe('removed');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(retireLegacyCache(dir)).toBe('none');
  });

  it('is kept, and said, while it holds staff changes the portal never received', async () => {
    const file = await legacyCache(true);
    const outcome = retireLegacyCache(dir);
    expect(typeof outcome === 'object' ? outcome.kept : outcome).toContain('still holds 1 staff change(s)');
    expect(existsSync(file)).toBe(true);
  });
});
