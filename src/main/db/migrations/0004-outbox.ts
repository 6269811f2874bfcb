import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * The outbox: every staff action, durable before the UI calls it saved, until the portal has it.
 * `base_json` is the portal's version the action was decided on, kept so that a conflict can be
 * judged field by field (what did the other person change?) long after the cache moved on.
 * `audit_log` is the desk's own record of who did what, written in the same transaction as the
 * change it describes.
 */
export const outbox: Migration = {
  version: 4,
  name: 'outbox',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`CREATE TABLE outbox_action (
        action_id INTEGER PRIMARY KEY,
        client_uuid TEXT NOT NULL UNIQUE,
        work_item_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        actor TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        base_version TEXT NOT NULL,
        base_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'synced', 'parked', 'conflict', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        theirs_json TEXT,
        conflict_fields TEXT,
        result_version TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT`,
      sql`CREATE INDEX outbox_by_item ON outbox_action (work_item_id, action_id)`,
      sql`CREATE INDEX outbox_by_state ON outbox_action (state, next_attempt_at)`,
      // The portal's newest version of an item whose local copy the sync must not overwrite yet
      // (see outbox/pending.ts), so that copy can be rebuilt on it when the queue settles.
      sql`CREATE TABLE held_server_version (
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        last_updated_ms INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (resource_type, id)
      ) STRICT`,
      sql`CREATE TABLE audit_log (
        audit_id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        event TEXT NOT NULL,
        work_item_id TEXT,
        client_uuid TEXT,
        detail TEXT
      ) STRICT`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
