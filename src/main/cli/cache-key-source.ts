import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CacheOpenError } from '../db/cache-open-error';
import { openDatabase } from '../db/open-database';
import type { CacheDatabase } from '../db/open-database';
import type { SecretBox } from '../security/secret-box';
import { unsealCacheKey, userCacheFilesIn } from '../security/user-cache';
import { UsageError } from './cli-io';

/** The environment variable a user cache's key may come in (64 hex characters). */
export const CACHE_KEY_ENV = 'TRIAGE_DESK_CACHE_KEY';

export interface CacheKeySources {
  /** `--key-file`: a file holding the key as 64 hex characters. */
  keyFile: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The keychain the app sealed the key with, where this runs inside Electron. */
  secretBox: SecretBox | undefined;
}

const WHAT_IS_NEEDED =
  `Triage Desk keeps each user's cache encrypted under a key sealed by the operating system's keychain ` +
  `for the account that ran it (cache-key.sealed beside the cache). This command runs under plain Node, ` +
  `without the keychain: give the key as 64 hex characters in a file (--key-file FILE, readable only by you) ` +
  `or in ${CACHE_KEY_ENV}.`;

/**
 * Opens a cache for reading its audit log, existing files only. The key comes, in order, from
 * `--key-file`, the environment, or the sealed key beside the cache through the app's keychain
 * (where there is one); never from argv, which other accounts can read in the process list. A
 * plain cache (the developer CLI's) opens without one.
 */
export async function openCacheForAudit(file: string, sources: CacheKeySources): Promise<CacheDatabase> {
  const key = cacheKeyOf(file, sources);
  try {
    return await openDatabase(file, { mustExist: true, ...(key === undefined ? {} : { key }) });
  } catch (error) {
    const sealedBeside = existsSync(userCacheFilesIn(dirname(file)).sealedKey);
    if (error instanceof CacheOpenError && key === undefined && existsSync(file)) {
      throw new CacheOpenError(
        `${file} is encrypted${sealedBeside ? '' : ' (or is not a Triage Desk cache)'}. ${WHAT_IS_NEEDED}`,
      );
    }
    throw error;
  } finally {
    key?.fill(0);
  }
}

function cacheKeyOf(file: string, sources: CacheKeySources): Buffer | undefined {
  if (sources.keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(sources.keyFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--key-file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return hexKey(text, `--key-file ${sources.keyFile}`);
  }
  const fromEnv = sources.env[CACHE_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return hexKey(fromEnv, CACHE_KEY_ENV);
  const files = userCacheFilesIn(dirname(file));
  if (sources.secretBox === undefined || !existsSync(files.sealedKey)) return undefined;
  try {
    return unsealCacheKey(files, sources.secretBox);
  } catch (error) {
    throw new CacheOpenError(error instanceof Error ? error.message : String(error));
  }
}

function hexKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new UsageError(`${where} must hold the cache key as 64 hex characters (32 bytes), and nothing else.`);
  }
  return Buffer.from(hex, 'hex');
}
