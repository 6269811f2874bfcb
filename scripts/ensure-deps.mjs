// `prestart` / `pretest`: installs dependencies when they are missing or stale, so a fresh clone
// (or a pull that changed the lockfile) works with a bare `npm start` or `npm test`.
//
//   node scripts/ensure-deps.mjs [--for-tests]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmTool } from './npm-tool.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = join(root, 'node_modules');
const stamp = join(nodeModules, '.triage-desk-deps-stamp');
const lockfile = join(root, 'package-lock.json');
const forTests = process.argv.includes('--for-tests');

// Hashes rather than mtimes: a checkout, a `git stash` or a copy touches mtimes without changing
// what would be installed, and an unchanged mtime does not prove unchanged content. Only the
// fields of package.json that change the installed tree count, so editing a script does not
// trigger a full reinstall (and a rebuild of the SQLite module).
const INSTALL_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides', 'allowScripts'];

function manifestHash() {
  const hash = createHash('sha256');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  hash.update(JSON.stringify(INSTALL_FIELDS.map((field) => manifest[field] ?? null)));
  hash.update('\0');
  hash.update(existsSync(lockfile) ? readFileSync(lockfile) : '(missing)');
  return hash.digest('hex');
}

const current = manifestHash();
const stamped = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
if (existsSync(nodeModules) && stamped === current) {
  console.log('ensure-deps: dependencies up to date');
  process.exit(0);
}

// `npm ci` installs exactly the lockfile, so every machine tests the same tree.
const args = existsSync(lockfile) ? ['ci'] : ['install'];
console.log(`ensure-deps: installing dependencies… (npm ${args[0]})`);

const env = { ...process.env };
// Tests run the renderer in Chromium and main under plain Node; the Electron binary is ~100 MB
// they never use. (Electron 45 downloads on first run rather than on install; older ones honour this.)
if (forTests) env['ELECTRON_SKIP_BINARY_DOWNLOAD'] = '1';

const [command, ...prefix] = npmTool('npm');
const result = spawnSync(command, [...prefix, ...args], { cwd: root, env, stdio: 'inherit' });
if (result.status !== 0) {
  const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
  console.error(`\nensure-deps: \`npm ${args[0]}\` failed (${why}).`);
  console.error('Fix the error above (network, registry or lockfile) and run the command again.');
  process.exit(1);
}

// Hashed after installing: `npm install` may have created or rewritten the lockfile.
writeFileSync(stamp, `${manifestHash()}\n`);
