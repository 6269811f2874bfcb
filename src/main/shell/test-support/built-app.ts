import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const BUILT_SHELL = join(ROOT, 'out', 'main', 'index.js');

/** Newest modification time of the files the build reads (tests excluded: they are not built). */
function newestSource(): number {
  let newest = 0;
  for (const dir of ['src', 'electron.vite.config.ts', 'package.json']) {
    const path = join(ROOT, dir);
    if (!existsSync(path)) continue;
    if (statSync(path).isFile()) {
      newest = Math.max(newest, statSync(path).mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name) || entry.parentPath.includes('test-support')) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The shell test runs what Electron would run: the built bundles. `npm test` builds before the unit
 * tests; run alone (`npx vitest run src/main/shell`), the test builds when out/ is missing or older
 * than the sources, so it never tests yesterday's shell.
 */
export function ensureBuilt(): void {
  if (existsSync(BUILT_SHELL) && statSync(BUILT_SHELL).mtimeMs >= newestSource()) return;
  const build = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
}
