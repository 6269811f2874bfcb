// `npm start`: builds the app and opens it in Electron. Extra arguments go to electron-vite:
//
//   npm start -- --noSandbox
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronToolingNodeWarning, prepareElectronNative } from './electron-launch.mjs';
import { npmTool } from './npm-tool.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(join(root, 'package.json'));

/** Why the Electron binary is unavailable, or null when it is there. */
function electronBinaryProblem() {
  // electron-vite launches this instead of the npm package's binary when it is set.
  const override = process.env['ELECTRON_EXEC_PATH'];
  if (override) return existsSync(override) ? null : `ELECTRON_EXEC_PATH=${override} does not exist`;

  let electronDir;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed (run `npm install`)';
  }
  // Electron 45 has no postinstall: its index.js downloads the binary the first time it is
  // required. electron-vite reads path.txt itself and never triggers that, so do it here, through
  // install.js, whose failure we can summarise instead of showing its stack trace.
  const pathFile = join(electronDir, 'path.txt');
  const installed = existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!installed) {
    const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
    console.log(`Downloading the Electron ${version} binary (first start only, about 100 MB)…`);
    const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    if (install.status !== 0) {
      const message = install.error?.message ?? install.stderr.split('\n').find((line) => /\S/.test(line));
      return `downloading it failed (${message?.trim() ?? `exit code ${install.status ?? install.signal}`})`;
    }
  }
  try {
    const binary = require('electron');
    return existsSync(binary) ? null : `${binary} does not exist`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const oldNode = electronToolingNodeWarning();
if (oldNode) console.warn(oldNode);

const prepared = prepareElectronNative();
if (prepared !== 0) process.exit(prepared);

const problem = electronBinaryProblem();
if (problem) {
  // electron-vite would only fail with "Error: Electron uninstall" and a stack trace: say why instead.
  console.error(
    [
      '',
      `The Electron binary could not be obtained: ${problem}.`,
      'Electron downloads it (from github.com) the first time it runs, which needs a network connection.',
      'On a machine with internet, run `npx electron --version` once, or reinstall Electron without',
      'ELECTRON_SKIP_BINARY_DOWNLOAD set (rm -rf node_modules/electron && npm install), then `npm start`.',
      'Behind a proxy, set HTTPS_PROXY; to use a mirror, set ELECTRON_MIRROR.',
    ].join('\n'),
  );
  process.exit(1);
}

const [command, ...prefix] = npmTool('npx');
// electron-vite builds, then starts Electron with ELECTRON_APP_ARGS from this folder (electron-launch.mjs).
const app = spawnSync(command, [...prefix, '--no', '--', 'electron-vite', 'preview', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (app.error) console.error(`npm start: could not run electron-vite: ${app.error.message}`);
else if (app.status !== 0) console.error(`npm start: electron-vite preview exited with ${app.status ?? app.signal}`);
process.exit(app.status ?? 1);
