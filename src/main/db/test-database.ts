import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './open-database';
import type { CacheDatabase } from './open-database';

/** A real cache file in a temporary folder: WAL and fsync behave as in the app, unlike `:memory:`. */
export async function openTestDatabase(): Promise<CacheDatabase & { dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-test-'));
  const cache = await openDatabase(join(dir, 'cache.db'));
  return {
    ...cache,
    dir,
    dispose: async () => {
      await cache.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
