import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { Kysely, SqliteDialect } from 'kysely';
import { openSqlite } from '../../sqlite/open-sqlite';
import type { SqliteDatabase } from '../../sqlite/open-sqlite';
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
  /**
   * The cache's 256-bit key (SQLCipher 4 format, page-level AES). The app always passes one (a
   * key per user, wrapped by the OS keychain); only the developer CLI and tests open plain files.
   */
  key?: Uint8Array;
}

/** SQLCipher takes a raw key as x'hex'; 32 bytes exactly, so no passphrase derivation runs. */
const KEY_BYTES = 32;

export interface CacheDatabase {
  db: Kysely<DB>;
  sqlite: SqliteDatabase;
  file: string;
  close(): Promise<void>;
}

/** Opens (creating where allowed) and migrates the local cache. */
export async function openDatabase(file: string, options: OpenDatabaseOptions = {}): Promise<CacheDatabase> {
  if (options.key !== undefined && options.key.length !== KEY_BYTES) {
    throw new CacheOpenError(`The cache key must be ${KEY_BYTES} bytes, not ${options.key.length}.`);
  }
  // Created owner-only before SQLite touches it: the WAL and shared-memory files SQLite creates
  // later take the database file's mode, so none of the three is ever readable by other accounts.
  if (options.mustExist !== true && !existsSync(file)) {
    try {
      closeSync(openSync(file, 'a', 0o600));
    } catch (error) {
      throw new CacheOpenError(`Cannot create the cache database at ${file}: ${messageOf(error)}`);
    }
  }
  let sqlite: SqliteDatabase;
  try {
    sqlite = openSqlite(file, { fileMustExist: options.mustExist ?? false, nativeBinding: options.nativeBinding });
  } catch (error) {
    throw new CacheOpenError(
      options.mustExist === true
        ? `No cache database at ${file}: check the path.`
        : `Cannot open the cache database at ${file}: ${messageOf(error)}`,
    );
  }
  try {
    if (options.key !== undefined) {
      sqlite.pragma(`cipher = 'sqlcipher'`);
      sqlite.pragma('legacy = 4');
      sqlite.pragma(`key = "x'${Buffer.from(options.key).toString('hex')}'"`);
    }
    // Sorts and temporary indexes stay in memory: a temp file would hold plain text outside the cipher.
    sqlite.pragma('temp_store = MEMORY');
    // The first read of the file is where a corrupt or foreign file, or a wrong key, shows itself.
    sqlite.pragma('schema_version');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // FULL: a committed staff decision must survive a power cut, not only a crash of the app.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    sqlite.close();
    throw new CacheOpenError(
      options.key === undefined
        ? `${file} is not a usable Triage Desk cache (${messageOf(error)}); an encrypted cache opens only with its user's key.`
        : `${file} does not open with this user's key (${messageOf(error)}): it is another user's cache, or damaged.`,
    );
  }
  restrictToOwner(file);
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

/** Files made by an earlier version (or copied in) are narrowed too; Windows ignores the mode. */
function restrictToOwner(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(path)) chmodSync(path, 0o600);
    } catch {
      // A file on a share that refuses chmod is still encrypted; the open must not fail for it.
    }
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
