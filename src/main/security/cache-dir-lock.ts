import { join } from 'node:path';
import { openSqlite } from '../../sqlite/open-sqlite';

/** Beside the cache; holds nothing, only the lock. */
export const CACHE_LOCK_FILE = 'in-use.lock';

export class CacheInUseError extends Error {
  constructor() {
    super(
      'This person’s desk is already open in another Triage Desk on this computer (another window, or ' +
        'another session of this account). Close it there first: two desks on one cache could send the same change twice.',
    );
    this.name = 'CacheInUseError';
  }
}

export interface CacheDirLock {
  release(): void;
}

/**
 * Holds a user's cache folder for this process until released: the second guard behind Electron's
 * single-instance lock, for a second copy started another way (another install, a second OS session
 * of the same account). Both would sync and push from one outbox, and each could send the rows the
 * other marked as being sent. The lock is SQLite's own exclusive file lock on a small file beside
 * the cache, so the operating system drops it when the process dies: no stale lock after a crash,
 * on Windows (LockFileEx) and on POSIX systems (fcntl) alike, and a second connection in the same
 * process is refused as well.
 */
export function lockCacheDir(dir: string, nativeBinding?: string): CacheDirLock {
  const db = openSqlite(join(dir, CACHE_LOCK_FILE), { nativeBinding });
  try {
    // No waiting: the holder keeps the lock for as long as the desk is open.
    db.pragma('busy_timeout = 0');
    // EXCLUSIVE keeps the lock from the first write until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new CacheInUseError();
    throw error;
  }
  let held = true;
  return {
    release: () => {
      if (!held) return;
      held = false;
      db.close();
    },
  };
}
