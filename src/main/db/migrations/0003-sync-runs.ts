import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * One row per finished sync pass, so the app can say when it last heard from the portal after a
 * restart (and whether the inbox ever finished its first load), and IT can see recent failures in
 * the diagnostics view. Times are this machine's clock: they describe the desk, not the server.
 */
export const syncRuns: Migration = {
  version: 3,
  name: 'sync-runs',
  async up(db: UntypedKysely): Promise<void> {
    await sql`CREATE TABLE sync_run (
      run_id INTEGER PRIMARY KEY,
      started_at INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled')),
      created INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      deleted INTEGER NOT NULL,
      quarantined INTEGER NOT NULL,
      pages INTEGER NOT NULL,
      problem TEXT
    ) STRICT`.execute(db);
  },
};
