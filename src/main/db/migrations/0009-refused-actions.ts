import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * An action the portal refused, with nothing of it landed (a release whose report the lab
 * relabelled), stays in the queue for a person to retry or discard, but the item is shown as the
 * portal has it: still open, in its queue, with the reason, instead of looking decided.
 */
export const refusedActions: Migration = {
  version: 9,
  name: 'refused-actions',
  async up(db: UntypedKysely): Promise<void> {
    await sql`ALTER TABLE outbox_action ADD COLUMN refused INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1))`.execute(
      db,
    );
  },
};
