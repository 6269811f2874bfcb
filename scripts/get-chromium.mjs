// Gets a Chromium for the Playwright specs when scripts/find-chromium.mjs finds none, so `npm test`
// on a fresh machine need not stop for one. The ways, in order:
//
//   1. Debian's package (what CI uses): as root where apt-get exists, `apt-get update` and
//      `apt-get install -y chromium fonts-dejavu-core` (the fonts: a stock image has none, and the
//      accessibility and layout checks need text to measure).
//   2. Playwright's own download, `npx playwright install chromium`, where the network allows it;
//      find-chromium.mjs then finds the browser where Playwright put it.
//
// Each way tried, or passed over, gets one line saying so and how it went. When neither gives a
// browser the caller prints CHROMIUM_INSTALL_HINT and stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { npmTool } from './npm-tool.mjs';

export const APT_PACKAGES = ['chromium', 'fonts-dejavu-core'];

/**
 * @typedef {{ isRoot: boolean, hasAptGet: boolean, hasPlaywright: boolean }} Host
 * @typedef {'apt' | 'playwright'} Way
 */

/**
 * The ways to try on this host, in order, each with why it is passed over (null: it is tried).
 * @param {Host} host
 * @returns {{ way: Way, skipped: string | null }[]}
 */
export function chromiumInstallPlan(host) {
  return [
    {
      way: 'apt',
      skipped: !host.hasAptGet
        ? 'no apt-get on this system'
        : !host.isRoot
          ? `not running as root (sudo apt-get install -y ${APT_PACKAGES.join(' ')} would do it)`
          : null,
    },
    { way: 'playwright', skipped: host.hasPlaywright ? null : 'Playwright is not in node_modules (npm install first)' },
  ];
}

/** What each way runs; every command line is [command, ...args]. */
export function chromiumInstallCommands(way) {
  if (way === 'apt') {
    return [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', ...APT_PACKAGES],
    ];
  }
  // --no: the Playwright CLI comes from node_modules, never fetched by npx.
  const [npx, ...prefix] = npmTool('npx');
  return [[npx, ...prefix, '--no', '--', 'playwright', 'install', 'chromium']];
}

const LABELS = {
  apt: `Debian's package (apt-get install -y ${APT_PACKAGES.join(' ')})`,
  playwright: "Playwright's download (npx playwright install chromium)",
};

/**
 * Tries the host's ways in turn until one leaves a Chromium that `find` finds.
 * @param {{
 *   host: Host,
 *   find: () => string | null,
 *   run: (commandLine: string[]) => boolean,
 *   log: (line: string) => void,
 * }} deps run: runs a command line, true when it exited 0
 * @returns {string | null} the Chromium found after an install, or null when none worked
 */
export function obtainChromium({ host, find, run, log }) {
  for (const { way, skipped } of chromiumInstallPlan(host)) {
    if (skipped !== null) {
      log(`chromium: not trying ${LABELS[way]}: ${skipped}`);
      continue;
    }
    log(`chromium: none found; trying ${LABELS[way]}…`);
    const failed = chromiumInstallCommands(way).find((commandLine) => !run(commandLine));
    if (failed) {
      // The command as a person would type it: npx's own path and flags left out.
      const shown = failed.includes('--') ? failed.slice(failed.indexOf('--') + 1) : failed;
      log(`chromium: ${LABELS[way]} failed at \`${shown.join(' ')}\`; see its output above`);
      continue;
    }
    const found = find();
    if (found) {
      log(`chromium: ${LABELS[way]} worked; using ${found}`);
      return found;
    }
    log(`chromium: ${LABELS[way]} finished, but still no Chromium where the tests look`);
  }
  return null;
}

/** This machine, as chromiumInstallPlan needs it. */
export function detectHost() {
  const onPath = (name) =>
    (process.env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
  const require = createRequire(import.meta.url);
  const resolves = (pkg) => {
    try {
      require.resolve(`${pkg}/package.json`);
      return true;
    } catch {
      return false;
    }
  };
  return {
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: process.platform === 'linux' && onPath('apt-get'),
    hasPlaywright: resolves('@playwright/test') || resolves('playwright'),
  };
}

/**
 * Runs a command line with its output shown, from `cwd`. apt-get asks no questions.
 * @returns {boolean} true when it exited 0
 */
export function runShown(commandLine, cwd) {
  const [command, ...args] = commandLine;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit', shell: false });
  if (result.error) console.error(`could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}
