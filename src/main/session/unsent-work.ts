import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { QueueCounts } from '../../shared/outbox-view';
import type { UnsentWork } from '../../shared/session';
import type { SecretBox } from '../security/secret-box';
import { userCacheDirs, userCacheFilesIn, writeOwnerOnly } from '../security/user-cache';
import type { UserCacheFiles } from '../security/user-cache';

const sealedRecord = z
  .object({
    userName: z.string().max(200),
    waiting: z.number().int().nonnegative(),
    needsReview: z.number().int().nonnegative(),
  })
  .strict();

/**
 * What each user left unsent on this desk, keyed by their cache folder. It is written when a
 * cache closes (lock, sign-out, another person signing in, quitting) because the cache itself
 * opens only with its user's key: this sealed note is how the next person, or the sign-in screen
 * after a restart, learns whose changes are still waiting, without opening anyone's cache.
 */
export class UnsentWorkNotes {
  private readonly notes = new Map<string, UnsentWork>();

  /** Reads the notes left by earlier runs; none where secrets cannot be unsealed here. */
  constructor(
    dataDir: string,
    private readonly box: () => SecretBox,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    const dirs = userCacheDirs(dataDir);
    let opened: SecretBox;
    try {
      opened = box();
    } catch {
      return;
    }
    for (const dir of dirs) {
      const file = userCacheFilesIn(dir).sealedUnsent;
      if (!existsSync(file)) continue;
      try {
        this.notes.set(dir, sealedRecord.parse(JSON.parse(opened.open(readFileSync(file)).toString('utf8'))));
      } catch (error) {
        log(`[session] unreadable unsent-work note in ${basename(dir)}: ignored`, error);
      }
    }
  }

  /** Everyone's, except the cache folder given (the signed-in user's own). */
  othersThan(dir: string | null): UnsentWork[] {
    return [...this.notes.entries()]
      .filter(([owner]) => owner !== dir)
      .map(([, work]) => work)
      .sort((a, b) => a.userName.localeCompare(b.userName));
  }

  /** Kept when something waits, removed when the queue is empty. */
  record(files: UserCacheFiles, userName: string, counts: QueueCounts): void {
    if (counts.waiting + counts.needsReview === 0) {
      this.forget(files);
      return;
    }
    const work: UnsentWork = { userName, waiting: counts.waiting, needsReview: counts.needsReview };
    try {
      writeOwnerOnly(files.sealedUnsent, this.box().seal(Buffer.from(JSON.stringify(work), 'utf8')));
    } catch (error) {
      // The note only informs; the changes themselves are safe in the cache either way.
      this.log('[session] could not keep the unsent-work note', error);
    }
    this.notes.set(files.dir, work);
  }

  forget(files: UserCacheFiles): void {
    this.notes.delete(files.dir);
    rmSync(files.sealedUnsent, { force: true });
  }
}
