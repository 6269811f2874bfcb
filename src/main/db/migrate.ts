import { sql } from 'kysely';
import { CacheOpenError } from './cache-open-error';
import type { Migration, UntypedKysely } from './migrations/migration';

/** The schema version lives in SQLite's own header (`PRAGMA user_version`), so no table can disagree with it. */
export async function schemaVersion(db: UntypedKysely): Promise<number> {
  const result = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
  return result.rows[0]?.user_version ?? 0;
}

/**
 * Brings the cache up to the newest migration, each in its own transaction with its version stamp,
 * so a crash between two migrations leaves a database at a known version. A cache written by a
 * newer app is refused: silently running on a schema we do not know could lose a queued action.
 */
export async function migrateToLatest(db: UntypedKysely, list: readonly Migration[], file: string): Promise<number> {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}: expected version ${i + 1}`);
  });
  const latest = list.length;
  const current = await schemaVersion(db);
  if (current > latest) {
    throw new CacheOpenError(
      `The cache at ${file} was written by a newer version of Triage Desk (schema ${current}; this version knows up to ${latest}). ` +
        'Update Triage Desk, or ask IT to move the file aside so a fresh cache is built from the portal.',
    );
  }
  for (const migration of list.slice(current)) {
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      // PRAGMA takes no bound parameters; the version is an integer we own.
      await sql.raw(`PRAGMA user_version = ${migration.version}`).execute(trx);
    });
  }
  return latest;
}
