// `npm test`: every check CI runs, in the order that fails fastest, stopping at the first failure.
//
//   node scripts/test-all.mjs [--skip-e2e]
//
// --skip-e2e is for local iteration only (no Chromium at hand, or a quick pass before pushing).
// CI must never pass it: .ci/run runs plain `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_INSTALL_HINT, findChromium } from './find-chromium.mjs';
import { detectHost, obtainChromium, runShown } from './get-chromium.mjs';
import { npmTool } from './npm-tool.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--skip-e2e');
if (unknown.length > 0) {
  // A typo such as --skip-e2 must not quietly run (or skip) something else.
  console.error(`test-all: unknown argument(s): ${unknown.join(' ')}\nusage: node scripts/test-all.mjs [--skip-e2e]`);
  process.exit(2);
}
const skipE2e = args.includes('--skip-e2e');

/** Runs a command with inherited output; returns true when it exited 0. */
function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: 'inherit', shell: false });
  if (result.error) console.error(`could not run ${command}: ${result.error.message}`);
  else if (result.signal) console.error(`${command} was killed by ${result.signal}`);
  return result.status === 0;
}

const npm = (...rest) => {
  const [command, ...prefix] = npmTool('npm');
  return run(command, [...prefix, ...rest]);
};
// --no: a tool missing from node_modules is a broken install, not something to fetch mid-test.
// The -- stops npx from reading the tool's own flags (--version, --write…) as npm's.
const npx = (rest, env) => {
  const [command, ...prefix] = npmTool('npx');
  return run(command, [...prefix, '--no', '--', ...rest], env);
};

function filesUnder(dir, pattern) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

// The bundles are what Electron loads; a syntax error there (say, ESM leaking into the CJS
// preload) passes typecheck and unit tests and only shows up when the app starts.
function checkBundles() {
  const files = ['main', 'preload'].flatMap((dir) => filesUnder(join(root, 'out', dir), /\.(c|m)?js$/));
  if (files.length === 0) {
    console.error('no .js/.mjs/.cjs files under out/main or out/preload: did the build write somewhere else?');
    return false;
  }
  const bad = files.filter((file) => !run(process.execPath, ['--check', file]));
  console.log(`checked ${files.length} file(s)${bad.length ? `, ${bad.length} failed` : ''}`);
  for (const file of bad) console.error(`  syntax error: ${relative(root, file)}`);
  return bad.length === 0;
}

function e2e() {
  // None installed: get one (scripts/get-chromium.mjs says how), or stop saying what to install.
  const chromium =
    findChromium() ??
    obtainChromium({
      host: detectHost(),
      find: findChromium,
      run: (commandLine) => runShown(commandLine, root),
      log: (line) => console.log(line),
    });
  if (!chromium) {
    console.error(CHROMIUM_INSTALL_HINT);
    return false;
  }
  const version = spawnSync(chromium, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout?.trim();
  console.log(`using Chromium at ${chromium}${version ? ` (${version})` : ''}`);
  // playwright.config.ts launches the browser CHROMIUM_PATH names.
  return npx(['playwright', 'test'], { ...process.env, CHROMIUM_PATH: chromium });
}

const steps = [
  ['typecheck', () => npm('run', '-s', 'typecheck')],
  ['lint', () => npm('run', '-s', 'lint')],
  ['format:check', () => npm('run', '-s', 'format:check')],
  // Before the unit tests: the shell test (src/main/shell/shell.test.ts) runs the built main bundle.
  ['build', () => npx(['electron-vite', 'build'])],
  ['bundle syntax', checkBundles],
  ['unit tests', () => npx(['vitest', 'run'])],
  // After the build: it reads the built renderer page, where the build has written the CSP.
  ['electron security scan', () => run(process.execPath, [join(root, 'scripts', 'electron-scan.mjs')])],
  ['e2e', e2e],
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const done = [];
let failed = null;
for (const [name, step] of steps) {
  if (name === 'e2e' && skipE2e) {
    console.log(`\n== ${name} == skipped (--skip-e2e)`);
    done.push(`${name} skipped`);
    continue;
  }
  console.log(`\n== ${name} ==`);
  const started = Date.now();
  const ok = step();
  done.push(`${name} ${seconds(Date.now() - started)}${ok ? '' : ' FAILED'}`);
  if (!ok) {
    failed = name;
    break;
  }
}

console.log(`\n${done.join(' · ')}`);
if (failed) {
  console.error(`npm test: step "${failed}" failed`);
  process.exit(1);
}
console.log(skipE2e ? 'npm test: passed (e2e skipped)' : 'npm test: all steps passed');
