import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memorySecretBox } from './test-support/memory-secret-box';
import {
  cacheKeyFor,
  forgetRefreshToken,
  readRefreshToken,
  saveRefreshToken,
  userCacheDirs,
  userCacheFiles,
  userCacheFilesIn,
} from './user-cache';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-user-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const osei = { portal: 'https://portal.example.mil/fhir', practitionerId: 'rn-osei' };

describe("a user's cache files", () => {
  it('are named for nobody, and differ per user and per portal', () => {
    const files = userCacheFiles(dir, osei);
    expect(files.dir).not.toContain('osei');
    expect(userCacheFiles(dir, { ...osei, practitionerId: 'pcm-reyes' }).dir).not.toBe(files.dir);
    expect(userCacheFiles(dir, { ...osei, portal: 'https://other.example.mil/fhir' }).dir).not.toBe(files.dir);
    expect(userCacheFiles(dir, osei)).toEqual(files);
  });

  it('keep one random 256-bit key per user, sealed, owner-only', () => {
    const box = memorySecretBox();
    const files = userCacheFiles(dir, osei);
    const first = cacheKeyFor(files, box);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(statSync(files.sealedKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(files.sealedKey).includes(first.key)).toBe(false);
    const again = cacheKeyFor(files, box);
    expect(again).toEqual({ key: first.key, created: false });
    expect(cacheKeyFor(userCacheFiles(dir, { ...osei, practitionerId: 'pcm-reyes' }), box).key).not.toEqual(first.key);
  });

  it('start again empty when the key was sealed by another account (a copied profile)', () => {
    const files = userCacheFiles(dir, osei);
    const original = cacheKeyFor(files, memorySecretBox()).key;
    writeFileSync(files.database, 'encrypted pages nobody here can read');
    writeFileSync(files.sealedUnsent, 'a note about what that cache held');
    const other = cacheKeyFor(files, memorySecretBox());
    expect(other.created).toBe(true);
    expect(other.key).not.toEqual(original);
    expect(existsSync(files.database)).toBe(false);
    // What the lost cache held unsent is gone with it: no notice about changes nobody can send.
    expect(existsSync(files.sealedUnsent)).toBe(false);
  });

  it("are listed by folder, and each folder's files found again from it", () => {
    expect(userCacheDirs(dir)).toEqual([]);
    const box = memorySecretBox();
    const oseiFiles = userCacheFiles(dir, osei);
    const reyes = userCacheFiles(dir, { ...osei, practitionerId: 'pcm-reyes' });
    cacheKeyFor(oseiFiles, box);
    cacheKeyFor(reyes, box);
    writeFileSync(join(dir, 'users', 'stray-file'), '');
    expect(userCacheDirs(dir).sort()).toEqual([oseiFiles.dir, reyes.dir].sort());
    expect(userCacheFilesIn(oseiFiles.dir)).toEqual(oseiFiles);
  });

  it('keep the refresh token sealed until it is forgotten', () => {
    const box = memorySecretBox();
    const files = userCacheFiles(dir, osei);
    saveRefreshToken(files, box, 'rt-secret-123');
    expect(readFileSync(files.sealedRefreshToken).includes('rt-secret-123')).toBe(false);
    expect(readRefreshToken(files, box)).toBe('rt-secret-123');
    expect(readRefreshToken(files, memorySecretBox())).toBeNull();
    forgetRefreshToken(files);
    expect(readRefreshToken(files, box)).toBeNull();
  });
});
