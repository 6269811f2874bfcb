#!/usr/bin/env node
// The admin CLI: the built bundle when there is one, otherwise the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');
if (existsSync(built)) {
  await import(built);
} else {
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (!existsSync(tsx)) {
    process.stderr.write('triage-desk: not built yet; run `npm run build` (or `npm install` first).\n');
    process.exit(1);
  }
  const result = spawnSync(
    process.execPath,
    [tsx, join(root, 'src', 'main', 'cli', 'index.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
