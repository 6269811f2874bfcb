import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

const URGENCY_INDEXES = [
  { name: 'work_item_open_by_urgency', lead: '' },
  { name: 'work_item_pool_by_urgency', lead: 'pool_id, ' },
  { name: 'work_item_owner_by_urgency', lead: 'owner_id, ' },
] as const;

/**
 * A second tier of red flag: wording that may be an emergency (a nurse reads it now, at the top of
 * the pool, without the 911/988 acknowledgement a first-tier emergency needs). The inbox orders
 * emergencies, then possible ones, then by due time, so the urgency indexes gain the column.
 */
export const redFlagTiers: Migration = {
  version: 10,
  name: 'red-flag-tiers',
  async up(db: UntypedKysely): Promise<void> {
    for (const table of ['message', 'work_item']) {
      await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN possible_emergency INTEGER NOT NULL DEFAULT 0
        CHECK (possible_emergency IN (0, 1))`.execute(db);
    }
    for (const index of URGENCY_INDEXES) {
      await sql`DROP INDEX IF EXISTS ${sql.raw(index.name)}`.execute(db);
      await sql`CREATE INDEX ${sql.raw(index.name)} ON work_item
        (${sql.raw(index.lead)}is_open, emergency DESC, possible_emergency DESC, due_at, id)`.execute(db);
    }
  },
};
