// Locates a Chromium for the Playwright specs. They drive the built renderer in a plain browser,
// so any recent Chromium will do; the system one comes first because CI installs it with apt and
// Playwright's own download is blocked on locked-down networks.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_INSTALL_HINT = [
  'No Chromium found for the Playwright tests. Do one of these:',
  '  Debian/Ubuntu:               sudo apt-get update && sudo apt-get install -y chromium',
  '  where downloads are allowed: npx playwright install chromium',
  '  or use a Chromium you have:  CHROMIUM_PATH=/path/to/chromium npm test',
].join('\n');

/** @returns {string | null} absolute path of a Chromium executable, or null when there is none */
export function findChromium() {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return resolve(fromEnv);
    // Falling back silently would test against a different browser than the one asked for.
    console.warn(`CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere.`);
  }

  const system = SYSTEM_CANDIDATES.find((file) => existsSync(file));
  if (system) return system;

  // Required lazily: Playwright is a dev dependency and may be absent, and its executablePath()
  // names where `playwright install` would put the browser whether or not it is there.
  const require = createRequire(import.meta.url);
  for (const pkg of ['playwright-core', '@playwright/test']) {
    try {
      /** @type {{ chromium: { executablePath(): string } }} */
      const playwright = require(pkg);
      const bundled = playwright.chromium.executablePath();
      if (bundled && existsSync(bundled)) return bundled;
    } catch {
      // Not installed, or this Playwright has no browser for this platform: try the next.
    }
  }
  return null;
}
