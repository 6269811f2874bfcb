import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * What the sync remembers between passes. `sync_feed` holds one row per feed (a resource type):
 * the search watermark and the `_history` watermark, both instants the *server* wrote, plus a note
 * when the server lacks something the sync would use (e.g. no `_history`, so deletes go unseen).
 * `sync_quarantine` keeps resources the cache could not hold, raw and with the reason, so one bad
 * resource never stops a page and nothing about it is lost.
 */
export const syncState: Migration = {
  version: 2,
  name: 'sync-state',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`CREATE TABLE sync_feed (
        feed TEXT PRIMARY KEY,
        watermark TEXT,
        history_watermark TEXT,
        limitation TEXT
      ) STRICT`,
      sql`CREATE TABLE sync_quarantine (
        qid INTEGER PRIMARY KEY,
        feed TEXT NOT NULL,
        resource_type TEXT,
        resource_id TEXT,
        version_id TEXT,
        reason TEXT NOT NULL,
        json TEXT NOT NULL,
        quarantined_at INTEGER NOT NULL,
        UNIQUE (json)
      ) STRICT`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
