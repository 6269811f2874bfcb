// Builds better-sqlite3-multiple-ciphers for Electron's ABI into .native/electron/, which
// src/main/index.ts passes to the driver as its nativeBinding. The copy in node_modules stays built
// for Node, because the unit tests, the e2e harness and the CLI all load it under plain Node;
// rebuilding it in place (electron-rebuild style) would break them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'better-sqlite3-multiple-ciphers';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const logFile = join(outDir, 'last-failure.log');
const requireFromRoot = createRequire(join(root, 'package.json'));

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function packageDir(name) {
  try {
    return dirname(requireFromRoot.resolve(`${name}/package.json`));
  } catch {
    console.error(`${name} is not installed; run \`npm install\` first.`);
    process.exit(1);
  }
}

const electronDir = packageDir('electron');
const sqliteDir = packageDir(PACKAGE);
const electronVersion = readJson(join(electronDir, 'package.json')).version;
// Electron ships its NODE_MODULE_VERSION in abi_version; it is what the .node file must match.
const abiFile = join(electronDir, 'abi_version');
const moduleVersion = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null;
const wanted = {
  electronVersion,
  moduleVersion,
  platform: process.platform,
  arch: process.arch,
  // Not only Electron: a newer driver's JS must not run against the previous version's binary.
  sqliteVersion: readJson(join(sqliteDir, 'package.json')).version,
};

const stamp = existsSync(stampFile) ? readJson(stampFile) : null;
const changed = Object.keys(wanted).filter((key) => stamp?.[key] !== wanted[key]);
if (existsSync(outFile) && changed.length === 0) process.exit(0);

console.log(
  stamp
    ? `Rebuilding the SQLite module for Electron ${electronVersion} (${changed.join(', ')} changed)…`
    : `Preparing the SQLite module for Electron ${electronVersion} (first start only)…`,
);

// `npm start` exports the user's npm config to us, and an npmrc `nodedir` (our dev container sets
// nodedir=/usr) makes node-gyp compile against Node's headers whatever --target says: the build
// "succeeds" and Electron then refuses to load it.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_nodedir$/i.test(key)));

// npm bundles node-gyp; npm_config_node_gyp names it when run from an npm script.
function nodeGyp() {
  const npmDirs = [
    process.env['npm_execpath'] && dirname(dirname(process.env['npm_execpath'])),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
    join(dirname(process.execPath), 'node_modules', 'npm'),
  ].filter(Boolean);
  const scripts = [
    process.env['npm_config_node_gyp'],
    ...npmDirs.map((dir) => join(dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')),
  ];
  const script = scripts.find((file) => file && existsSync(file));
  if (script) return [script];
  const npx = npmDirs.map((dir) => join(dir, 'bin', 'npx-cli.js')).find((file) => existsSync(file));
  return npx ? [npx, '--yes', '--', 'node-gyp'] : null;
}

function prebuildInstall() {
  try {
    return [createRequire(join(sqliteDir, 'package.json')).resolve('prebuild-install/bin.js')];
  } catch {
    return null;
  }
}

// The package has no "binary" field, so prebuild-install uses its defaults: the GitHub release
// tagged v<version>, asset <name>-v<version>-electron-v<abi>-<platform>-<arch>.tar.gz.
const attempts = [
  {
    name: 'download a prebuilt binary (prebuild-install)',
    script: prebuildInstall(),
    args: [
      '--runtime',
      'electron',
      '--target',
      electronVersion,
      '--arch',
      process.arch,
      '--tag-prefix',
      'v',
      '--verbose',
    ],
    timeoutMs: 2 * 60_000,
  },
  {
    name: 'compile from source (node-gyp)',
    script: nodeGyp(),
    args: [
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
      `--arch=${process.arch}`,
    ],
    timeoutMs: 10 * 60_000,
  },
];

/** The last few error lines of a tool's output, without stack frames and environment dumps. */
function summarize(output) {
  const noise = /ERR! (stack\s+at |System |command |cwd |node -v|node-gyp -v|not ok|\$npm_)/;
  const lines = output
    .split(/\r?\n/)
    .filter((line) => /ERR!|prebuild-install warn|error/i.test(line) && !/^gyp WARN/.test(line) && !noise.test(line))
    .map((line) => line.replace(/^(gyp ERR!( stack| configure error)?|prebuild-install warn( install)?)\s*/, '').trim())
    .filter(Boolean);
  const fallback = output.trim().split(/\r?\n/).slice(-3);
  return (lines.length > 0 ? lines.slice(-4) : fallback).join('\n      ');
}

/** Why the built file is unusable, or null when it is fine. */
function unusable(file) {
  if (!existsSync(file)) return 'finished without producing build/Release/better_sqlite3.node';
  // The exported init symbol carries the ABI it was compiled for; a mismatch would only surface as
  // a dialog when the app starts, so catch it here.
  const symbol = `node_register_module_v${moduleVersion}`;
  if (moduleVersion && !readFileSync(file).includes(symbol)) return `built for the wrong ABI (no ${symbol})`;
  return null;
}

function build(workDir) {
  const produced = join(workDir, 'build', 'Release', 'better_sqlite3.node');
  const failures = [];
  const log = [];
  for (const attempt of attempts) {
    console.log(`  trying to ${attempt.name}…`);
    if (!attempt.script) {
      failures.push(`${attempt.name}: tool not found`);
      continue;
    }
    rmSync(join(workDir, 'build'), { recursive: true, force: true });
    const args = [...attempt.script, ...attempt.args];
    const result = spawnSync(process.execPath, args, {
      cwd: workDir,
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: attempt.timeoutMs,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    log.push(`$ node ${args.join(' ')}\n${output}`);
    let problem;
    if (result.error?.code === 'ETIMEDOUT') problem = `gave up after ${attempt.timeoutMs / 60_000} minutes`;
    else if (result.error) problem = result.error.message;
    else if (result.status !== 0) problem = summarize(output) || `exit code ${result.status ?? result.signal}`;
    else problem = unusable(produced);
    if (!problem) return { produced };
    failures.push(`${attempt.name}:\n      ${problem}`);
  }
  return { failures, log };
}

const workDir = mkdtempSync(join(tmpdir(), 'triage-desk-sqlite-'));
let outcome;
try {
  // A private copy, so neither tool can touch the Node build in node_modules/<pkg>/build.
  cpSync(sqliteDir, workDir, { recursive: true, filter: (src) => src !== join(sqliteDir, 'build') });
  outcome = build(workDir);
  mkdirSync(outDir, { recursive: true });
  if (outcome.produced) {
    copyFileSync(outcome.produced, outFile);
    writeFileSync(stampFile, `${JSON.stringify(wanted, null, 2)}\n`);
    rmSync(logFile, { force: true });
  } else {
    writeFileSync(logFile, outcome.log.join('\n\n'));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

if (outcome.produced) {
  console.log(`SQLite module for Electron ${electronVersion} ready in ${relative(root, outDir)}/`);
} else {
  console.error(
    [
      '',
      `Could not prepare the SQLite module (${PACKAGE}) for Electron ${electronVersion}.`,
      ...outcome.failures.map((failure) => `  - ${failure}`),
      '',
      'The first start needs a network connection, to download either a prebuilt binary (from',
      `github.com) or the Electron ${electronVersion} headers (from electronjs.org) to compile one; compiling`,
      'also needs Python 3 and a C++ toolchain. Later starts reuse .native/electron/ and work offline.',
      '',
      `Full output: ${relative(root, logFile)}`,
      'To retry: get online (behind a proxy, set HTTPS_PROXY) and run `npm start` again,',
      'or run `node scripts/prepare-electron-native.mjs` on its own.',
    ].join('\n'),
  );
  process.exit(1);
}
