import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * The audit log is copied to the portal as AuditEvents (audit/audit-push.ts). One row holds how far
 * that copy has got: the last audit row the portal confirmed (the cursor, never past a row it has
 * not confirmed) and, while it is stuck, why and when it tries again. Existing rows start unsent,
 * so the history this desk already has reaches the portal too.
 */
export const auditPush: Migration = {
  version: 8,
  name: 'audit-push',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`CREATE TABLE audit_push (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pushed_through INTEGER NOT NULL DEFAULT 0,
        pushed_hash TEXT NOT NULL DEFAULT ${sql.lit('0'.repeat(64))},
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at INTEGER NOT NULL DEFAULT 0
      ) STRICT`,
      sql`INSERT INTO audit_push (id) VALUES (1)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
