import { sql } from 'kysely';
import { auditHash, entryOf, GENESIS } from '../../audit/audit-chain';
import type { Migration, UntypedKysely } from './migration';

/**
 * The audit log becomes tamper-evident: each row carries the hash of its content and of the row
 * before it (see audit/audit-chain.ts), and says which patient it concerns and how it ended.
 *
 * Rows written before this version are chained here, in order, with the patient of their item, so
 * the chain covers the whole history this desk has; from now on an edit or a deletion shows.
 */
export const auditChain: Migration = {
  version: 7,
  name: 'audit-chain',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`ALTER TABLE audit_log ADD COLUMN patient_id TEXT`,
      sql`ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'success'`,
      sql`ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''`,
      sql`ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''`,
      sql`UPDATE audit_log SET patient_id = (
        SELECT work_item.patient_id FROM work_item WHERE work_item.id = audit_log.work_item_id
      )`,
    ];
    for (const statement of statements) await statement.execute(db);
    const rows = (await db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute()) as (Parameters<
      typeof entryOf
    >[0] & { audit_id: number })[];
    let prevHash = GENESIS;
    for (const row of rows) {
      const hash = auditHash(entryOf(row), prevHash);
      await db
        .updateTable('audit_log')
        .set({ prev_hash: prevHash, hash })
        .where('audit_id', '=', row.audit_id)
        .execute();
      prevHash = hash;
    }
  },
};
