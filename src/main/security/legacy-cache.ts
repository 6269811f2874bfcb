import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../../sqlite/open-sqlite';

/** Where versions before sign-in kept one unencrypted cache for every user of the computer. */
export const LEGACY_CACHE_FILE = 'triage-desk-cache.db';

export type LegacyCacheOutcome = 'none' | 'removed' | { kept: string };

/**
 * Versions before sign-in kept one plain-text cache in the app's folder. Each user now has an
 * encrypted one filled from the portal, so the old file only exposes patient data: it is deleted,
 * unless it still holds staff changes the portal never received (those are kept, and said).
 */
export function retireLegacyCache(dataDir: string, nativeBinding?: string): LegacyCacheOutcome {
  const file = join(dataDir, LEGACY_CACHE_FILE);
  if (!existsSync(file)) return 'none';
  let waiting = 0;
  try {
    const db = openSqlite(file, { readonly: true, fileMustExist: true, nativeBinding });
    try {
      const row = db
        .prepare("SELECT count(*) AS n FROM outbox_action WHERE state IN ('queued', 'sending', 'parked', 'conflict')")
        .get() as { n: number } | undefined;
      waiting = row?.n ?? 0;
    } catch {
      // No outbox table: a version from before the outbox, nothing of staff's own in it.
    } finally {
      db.close();
    }
  } catch {
    // Unreadable: nothing in it can be sent any more, and it is not left lying about.
  }
  if (waiting > 0) {
    return {
      kept: `${file} is the unencrypted cache of an earlier version and still holds ${waiting} staff change(s) the portal never received. It was kept: ask IT to send them with that version, then delete the file.`,
    };
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) rmSync(path, { force: true });
  return 'removed';
}
