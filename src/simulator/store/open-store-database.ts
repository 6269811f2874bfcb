import { openSqlite } from '../../sqlite/open-sqlite';
import type { SqliteDatabase } from '../../sqlite/open-sqlite';
import type { StoreMigration } from './schema';
import { STORE_MIGRATIONS } from './schema';

export type { SqliteDatabase };

export interface StoreDatabaseOptions {
  migrations?: readonly StoreMigration[];
  /** The driver built for Electron's ABI, when the simulator runs inside the app (the demo portal). */
  nativeBinding?: string | undefined;
}

/** Opens (creating) the simulator's own file and brings its schema up to date. */
export function openStoreDatabase(file: string, options: StoreDatabaseOptions = {}): SqliteDatabase {
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  const db = openSqlite(file, { nativeBinding: options.nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL: a simulator may lose its last write on a power cut; it must never corrupt.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A bulk seed rewrites the same index pages over and over; keeping them in memory saves ~10%.
    db.pragma('cache_size = -65536');
    migrateStore(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrateStore(db: SqliteDatabase, migrations: readonly StoreMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Simulator migration ${m.name} must be number ${i + 1}.`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `This simulator file was written by a newer build (schema ${current}, this build knows ${migrations.length}): ` +
        'use a newer build or start from a new file.',
    );
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
