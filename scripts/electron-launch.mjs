// How the app is started under a real Electron binary, shared by `npm start` (scripts/start.mjs)
// and the smoke test (e2e/electron-smoke.spec.ts), so the test launches what a person launches.
//
// electron-vite's `preview` runs `<electron> .` from the project's folder (its startElectron:
// `spawn(electronPath, [ELECTRON_ENTRY || '.', ...])`), so Electron takes the project folder as the
// app path: it reads package.json (name, productName, main) and the shell finds .native/ there.
// scripts/electron-launch.test.ts runs electron-vite's preview with a recording stand-in binary
// and checks that it still does exactly this.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The arguments Electron is started with, from PROJECT_ROOT. */
export const ELECTRON_APP_ARGS = Object.freeze(['.']);

/**
 * Builds the SQLite driver for Electron's ABI into .native/electron/ when it is missing or stale
 * (scripts/prepare-electron-native.mjs). Returns the exit status: 0 when ready.
 */
export function prepareElectronNative({ quiet = false } = {}) {
  const prepared = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'prepare-electron-native.mjs')], {
    cwd: PROJECT_ROOT,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  return prepared.status ?? 1;
}

/** Electron 45's download (@electron/get) and rebuild (@electron/rebuild) tools declare Node ≥ 22.12. */
export const ELECTRON_TOOLING_NODE = '22.12.0';

/** A warning when this Node is older than the Electron tooling asks for; null when it is fine. */
export function electronToolingNodeWarning(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = ELECTRON_TOOLING_NODE.split('.').map(Number);
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return null;
  return (
    `Node ${version}: Electron's own download and rebuild tools ask for Node ${ELECTRON_TOOLING_NODE} or newer ` +
    '(the tests run on Node 20.19+). If a step below fails, install Node 22 LTS and run the command again.'
  );
}
