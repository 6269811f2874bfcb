import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import { CacheOpenError } from './cache-open-error';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';
import type { DB } from './schema';

export interface OpenDatabaseOptions {
  /**
   * Path of a `better_sqlite3.node` built for the running runtime. Under Electron this points at the
   * Electron-ABI build that `npm start` prepares; under Node (tests, CLI) it stays unset.
   */
  nativeBinding?: string;
  /** Refuse to create a new file: the CLI reads an existing cache and must not invent an empty one. */
  mustExist?: boolean;
}

export interface CacheDatabase {
  db: Kysely<DB>;
  sqlite: Database.Database;
  file: string;
  close(): Promise<void>;
}

/** Opens (creating where allowed) and migrates the local cache. */
export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<CacheDatabase> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, {
      fileMustExist: options.mustExist ?? false,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
  } catch (error) {
    throw new CacheOpenError(
      options.mustExist === true
        ? `No cache database at ${file}: check the path.`
        : `Cannot open the cache database at ${file}: ${messageOf(error)}`,
    );
  }
  try {
    // The first read of the file is where a corrupt or foreign file shows itself.
    sqlite.pragma('schema_version');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // FULL: a committed staff decision must survive a power cut, not only a crash of the app.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    sqlite.close();
    throw new CacheOpenError(`${file} is not a usable Triage Desk cache (${messageOf(error)}).`);
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db, migrations, file);
  } catch (error) {
    await db.destroy();
    throw error instanceof CacheOpenError
      ? error
      : new CacheOpenError(`Cannot prepare the cache at ${file}: ${messageOf(error)}`);
  }
  return { db, sqlite, file, close: () => db.destroy() };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
