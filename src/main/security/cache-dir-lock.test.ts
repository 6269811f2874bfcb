import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheInUseError, lockCacheDir } from './cache-dir-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Another process holding the folder's lock until it is killed, as a second app would. */
async function holderProcess(): Promise<{ kill(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { lockCacheDir } from ${JSON.stringify(join(import.meta.dirname, 'cache-dir-lock.ts'))};
       lockCacheDir(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return {
    kill: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

describe('the cache folder lock', () => {
  it('is held once: a second holder in this process is refused until the first releases', () => {
    const first = lockCacheDir(dir);
    expect(() => lockCacheDir(dir)).toThrow(CacheInUseError);
    first.release();
    first.release();
    const second = lockCacheDir(dir);
    second.release();
  });

  it('refuses while another process holds it, and is free again when that process dies without releasing', async () => {
    const holder = await holderProcess();
    try {
      expect(() => lockCacheDir(dir)).toThrow(/already open in another Triage Desk/);
    } finally {
      // SIGKILL: no release, no clean-up; the operating system ends the lock with the process.
      await holder.kill();
    }
    lockCacheDir(dir).release();
  }, 20_000);
});
