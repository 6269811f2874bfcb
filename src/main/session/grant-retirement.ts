import { withDeadline } from '../async/deadline';
import { CacheInUseError, lockCacheDir } from '../security/cache-dir-lock';
import type { SecretBox } from '../security/secret-box';
import { forgetRefreshToken, readRefreshToken, userCacheDirs, userCacheFilesIn } from '../security/user-cache';
import type { UserCacheFiles } from '../security/user-cache';

export interface GrantRetirementOptions {
  dataDir: string;
  secretBox: () => SecretBox;
  /** Ends a grant at the portal (token revocation); rejects when the portal could not be told. */
  revoke: (refreshToken: string) => Promise<unknown>;
  /** How long one revocation may take before it is left for the next start (default 10 s). */
  revokeTimeoutMs?: number;
  nativeBinding?: string | undefined;
  log: (message: string, error?: unknown) => void;
}

export interface GrantRetirement {
  /** Ends the grant behind `token` in the background, then forgets its sealed copy in `files`. */
  retire: (files: UserCacheFiles, token: string | null) => void;
  /** Ends the grants nobody is using: every user folder's but `exceptDir` and those open elsewhere. */
  retireLeftovers: (exceptDir: string | null) => void;
  /** Resolves once every revocation under way has ended, one way or the other. */
  settled: () => Promise<unknown>;
}

/**
 * A session that ends (lock, sign-out, quitting) revokes its grant at the portal; its refresh
 * token stays sealed on disk only until that succeeds, so a crash or a network cut leaves nothing
 * live that the next start does not end. Revocations run in the background (a lock must not wait
 * for the network), each token once however often it is retired meanwhile.
 */
export function createGrantRetirement(options: GrantRetirementOptions): GrantRetirement {
  const revocations = new Map<string, Promise<void>>();

  const sealedTokenOf = (files: UserCacheFiles): string | null => {
    try {
      return readRefreshToken(files, options.secretBox());
    } catch {
      return null;
    }
  };

  /** Open in another Triage Desk on this computer: its sealed token is that desk's live grant. */
  const heldElsewhere = (dir: string): boolean => {
    try {
      lockCacheDir(dir, options.nativeBinding).release();
      return false;
    } catch (error) {
      if (error instanceof CacheInUseError) return true;
      throw error;
    }
  };

  const retire = (files: UserCacheFiles, token: string | null): void => {
    if (token === null || revocations.has(token)) return;
    const job = withDeadline(options.revoke(token), options.revokeTimeoutMs ?? 10_000).then(
      () => {
        // Unless a newer sign-in has sealed another token there meanwhile.
        if (sealedTokenOf(files) === token) forgetRefreshToken(files);
      },
      (error: unknown) => options.log('[session] the portal did not end a sign-in; tried again later', error),
    );
    revocations.set(token, job);
    void job.finally(() => revocations.delete(token));
  };

  return {
    retire,
    // Grants left by a crash, a quit while offline or a failed revocation.
    retireLeftovers: (exceptDir) => {
      for (const dir of userCacheDirs(options.dataDir)) {
        if (dir === exceptDir || heldElsewhere(dir)) continue;
        const files = userCacheFilesIn(dir);
        retire(files, sealedTokenOf(files));
      }
    },
    settled: () => Promise.allSettled(revocations.values()),
  };
}
