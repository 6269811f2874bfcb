import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SecretBox } from './secret-box';

/** Where one signed-in user's cache lives: a folder of their own, named so it says nothing about them. */
export interface UserCacheFiles {
  dir: string;
  database: string;
  /** The cache key, sealed by the OS keychain. */
  sealedKey: string;
  /** The SMART refresh token, sealed likewise; absent when signed out. */
  sealedRefreshToken: string;
  /** Whose cache this is and what it holds unsent, sealed likewise; absent when nothing waits. */
  sealedUnsent: string;
}

/** Who a cache belongs to: the same Practitioner id on two portals is two people. */
export interface CacheOwner {
  portal: string;
  practitionerId: string;
}

export function userCacheFiles(dataDir: string, owner: CacheOwner): UserCacheFiles {
  const name = createHash('sha256').update(`${owner.portal}\n${owner.practitionerId}`).digest('hex').slice(0, 32);
  return userCacheFilesIn(join(dataDir, 'users', name));
}

/** Every user's cache folder on this desk (whoever they are is sealed inside). */
export function userCacheDirs(dataDir: string): string[] {
  const users = join(dataDir, 'users');
  if (!existsSync(users)) return [];
  return readdirSync(users, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(users, entry.name));
}

export function userCacheFilesIn(dir: string): UserCacheFiles {
  return {
    dir,
    database: join(dir, 'cache.db'),
    sealedKey: join(dir, 'cache-key.sealed'),
    sealedRefreshToken: join(dir, 'refresh-token.sealed'),
    sealedUnsent: join(dir, 'unsent.sealed'),
  };
}

/**
 * The user's cache key: read and unsealed, or on their first sign-in here a new random 256-bit
 * one sealed and kept. A key that will not unseal (the profile was copied from another account or
 * machine) makes the cache unreadable, so it starts again empty rather than failing for ever; the
 * portal holds the data, and the outbox of such a copy could never have been sent as this user.
 */
export function cacheKeyFor(files: UserCacheFiles, box: SecretBox): { key: Buffer; created: boolean } {
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  if (existsSync(files.sealedKey)) {
    try {
      return { key: box.open(readFileSync(files.sealedKey)), created: false };
    } catch {
      discardCache(files);
    }
  } else if (existsSync(files.database)) {
    // A cache without its key is unreadable by anyone: same as above.
    discardCache(files);
  }
  const key = randomBytes(32);
  writeOwnerOnly(files.sealedKey, box.seal(key));
  return { key, created: true };
}

/**
 * The user's cache key as the app seals it, for a tool that must not change the cache: unlike
 * cacheKeyFor, a key that will not unseal throws instead of starting the cache again (which would
 * destroy what the tool was asked to examine).
 */
export function unsealCacheKey(files: UserCacheFiles, box: SecretBox): Buffer {
  let sealed: Buffer;
  try {
    sealed = readFileSync(files.sealedKey);
  } catch {
    throw new Error(`No sealed cache key beside the cache (${files.sealedKey}).`);
  }
  try {
    return box.open(sealed);
  } catch {
    throw new Error(
      `The cache key (${files.sealedKey}) does not unseal with this account's keychain (${box.backend}): it was sealed for another account or computer.`,
    );
  }
}

export function saveRefreshToken(files: UserCacheFiles, box: SecretBox, token: string): void {
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  writeOwnerOnly(files.sealedRefreshToken, box.seal(Buffer.from(token, 'utf8')));
}

export function readRefreshToken(files: UserCacheFiles, box: SecretBox): string | null {
  if (!existsSync(files.sealedRefreshToken)) return null;
  try {
    return box.open(readFileSync(files.sealedRefreshToken)).toString('utf8');
  } catch {
    return null;
  }
}

export function forgetRefreshToken(files: UserCacheFiles): void {
  rmSync(files.sealedRefreshToken, { force: true });
}

function discardCache(files: UserCacheFiles): void {
  const wal = `${files.database}-wal`;
  const shm = `${files.database}-shm`;
  for (const file of [files.database, wal, shm, files.sealedKey, files.sealedUnsent]) {
    rmSync(file, { force: true });
  }
}

/** Written beside and renamed, so a crash never leaves half a sealed key (and a cache it cannot open). */
export function writeOwnerOnly(file: string, data: Buffer): void {
  const temporary = `${file}.new`;
  writeFileSync(temporary, data, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
