import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_APP_ARGS, PROJECT_ROOT, prepareElectronNative } from '../scripts/electron-launch.mjs';
import { eventChannels, invokeChannels } from '../src/shared/ipc/channels';

/**
 * The one test of the real Electron shell: it runs where an Electron binary exists (a developer's
 * machine after `npm start` has fetched it) and says plainly why it is skipped where none does.
 */
function electronBinary(): { path: string | null; reason: string } {
  // Read the install's own record instead of require('electron'), which would try to download.
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (process.env['ELECTRON_OVERRIDE_DIST_PATH'] === undefined && !existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary has not been downloaded (no node_modules/electron/path.txt)' };
  }
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
  const path = join(process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(dir, 'dist'), executable);
  return existsSync(path) ? { path, reason: '' } : { path: null, reason: `the Electron binary is missing at ${path}` };
}

const binary = electronBinary();

test('Electron: the built app opens its hardened window on the sign-in screen', async () => {
  if (binary.path === null) {
    const why = `Electron smoke test SKIPPED: ${binary.reason}. It runs where the binary exists (after \`npm start\` on a networked machine).`;
    // The list reporter does not print skip reasons; this line does.
    console.log(why);
    test.skip(true, why);
  }
  // What `npm start` does after its build (which npm test has done): the SQLite driver prepared for
  // Electron's ABI, then Electron started on the project folder, as electron-vite's preview starts it.
  expect(prepareElectronNative(), 'preparing the SQLite module for Electron').toBe(0);
  const app = await electron.launch({
    args: [...ELECTRON_APP_ARGS],
    cwd: PROJECT_ROOT,
    executablePath: binary.path ?? undefined,
  });
  try {
    // Named from package.json's productName: Electron found the project as its app.
    expect(await app.evaluate(({ app: electronApp }) => electronApp.getName())).toBe('Triage Desk');
    const window = await app.firstWindow();
    // Nobody is signed in at start: no inbox, no patient data, only the way in.
    await expect(window.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(window.getByRole('listbox')).toHaveCount(0);
    // Isolated and sandboxed: the page sees no Node, only the named functions of the contract.
    const page = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((globalThis as unknown as { triageDesk: object }).triageDesk).sort(),
    }));
    expect(page).toEqual({
      require: 'undefined',
      process: 'undefined',
      api: [...Object.keys(invokeChannels), ...Object.keys(eventChannels)].sort(),
    });
  } finally {
    await app.close();
  }
});
