import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium (or the one `scripts/find-chromium.mjs` found), headless. The flags keep it
 * from reaching for Google's services, which this network refuses.
 */
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  // Its own folder: Playwright empties it at start, and the security scan's report sits beside it.
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  // Several tests load a clinic from the embedded portal first; a busy 2-core machine needs the room.
  timeout: 60_000,
  forbidOnly: process.env['CI'] !== undefined,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
});
