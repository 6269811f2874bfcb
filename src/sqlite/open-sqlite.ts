import Database from 'better-sqlite3-multiple-ciphers';

export type SqliteDatabase = Database.Database;

export interface SqliteOpenOptions {
  /**
   * Path of a `better_sqlite3.node` built for the running runtime. Under Electron it must be given:
   * the driver's own build in node_modules is kept for Node's ABI (the tests and the CLI load it),
   * and Electron refuses it. Under Node it stays unset.
   */
  nativeBinding?: string | undefined;
  fileMustExist?: boolean;
  readonly?: boolean;
}

/**
 * The one place a SQLite file is opened (a lint rule keeps `new Database(` out of every other file),
 * so that no database the app opens can miss the binding Electron needs: the user caches, the
 * embedded portal's store and whatever comes next all take it through here.
 */
export function openSqlite(file: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  return new Database(file, {
    fileMustExist: options.fileMustExist ?? false,
    readonly: options.readonly ?? false,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
}
