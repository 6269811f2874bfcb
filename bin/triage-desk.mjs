#!/usr/bin/env node
// The admin CLI. In a checkout it runs the TypeScript source through tsx, so it is never a stale
// build; in an installed app (no src/, no tsx) it runs the built bundle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'main', 'cli', 'index.ts');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const built = join(root, 'out', 'main', 'cli.js');

if (existsSync(source) && existsSync(tsx)) {
  const result = spawnSync(process.execPath, [tsx, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
} else if (existsSync(built)) {
  await import(built);
} else {
  process.stderr.write('triage-desk: not installed yet; run `npm install` (and `npm run build`) first.\n');
  process.exit(1);
}
