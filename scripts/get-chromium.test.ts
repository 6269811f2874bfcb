import { describe, expect, it } from 'vitest';
import {
  APT_PACKAGES,
  chromiumInstallCommands,
  chromiumInstallPlan,
  detectHost,
  obtainChromium,
} from './get-chromium.mjs';

type Host = { isRoot: boolean; hasAptGet: boolean; hasPlaywright: boolean };

/**
 * obtainChromium against a pretend machine: `installs` says which ways would leave a browser
 * behind, `fails` which commands exit non-zero. Nothing is installed or run.
 */
function attempt(host: Host, { installs = [] as string[], fails = [] as string[] } = {}) {
  const ran: string[] = [];
  const lines: string[] = [];
  let browser: string | null = null;
  const found = obtainChromium({
    host,
    find: () => browser,
    run: (commandLine: string[]) => {
      const text = commandLine.join(' ');
      ran.push(text);
      if (fails.some((part) => text.includes(part))) return false;
      if (installs.includes('apt') && text.startsWith('apt-get install')) browser = '/usr/bin/chromium';
      if (installs.includes('playwright') && text.endsWith('playwright install chromium'))
        browser = '/root/.cache/ms-playwright/chromium-1234/chrome-linux/chrome';
      return true;
    },
    log: (line: string) => lines.push(line),
  });
  // The way each line is about, and how it went, in the order printed.
  const story = lines.map((line) => {
    const way = line.includes('apt-get') ? 'apt' : 'playwright';
    const outcome = /not trying/.test(line)
      ? 'skipped'
      : /trying/.test(line)
        ? 'trying'
        : /worked/.test(line)
          ? 'worked'
          : /failed/.test(line)
            ? 'failed'
            : 'not found';
    return `${way} ${outcome}`;
  });
  return { found, ran, lines, story };
}

const debianRoot: Host = { isRoot: true, hasAptGet: true, hasPlaywright: true };
const debianUser: Host = { isRoot: false, hasAptGet: true, hasPlaywright: true };
const mac: Host = { isRoot: false, hasAptGet: false, hasPlaywright: true };

describe('chromiumInstallPlan', () => {
  it('tries apt-get first, and only as root on a system that has it; then Playwright where it is installed', () => {
    const tried = (host: Host) =>
      chromiumInstallPlan(host)
        .filter((step) => step.skipped === null)
        .map((step) => step.way);
    expect(tried(debianRoot)).toEqual(['apt', 'playwright']);
    expect(tried(debianUser)).toEqual(['playwright']);
    expect(tried(mac)).toEqual(['playwright']);
    // Root in a container without apt (Alpine, Fedora): Playwright only.
    expect(tried({ ...mac, isRoot: true })).toEqual(['playwright']);
    expect(tried({ ...debianRoot, hasPlaywright: false })).toEqual(['apt']);
    expect(tried({ ...debianUser, hasPlaywright: false })).toEqual([]);
  });

  it('says why a way is passed over', () => {
    const [apt, playwright] = chromiumInstallPlan({ isRoot: false, hasAptGet: true, hasPlaywright: false });
    expect(apt?.skipped).toMatch(/not running as root.*sudo apt-get install -y chromium fonts-dejavu-core/);
    expect(playwright?.skipped).toMatch(/not in node_modules/);
    expect(chromiumInstallPlan(mac)[0]?.skipped).toMatch(/no apt-get/);
  });
});

describe('chromiumInstallCommands', () => {
  it("installs Debian's Chromium with the fonts the layout checks measure, after updating the lists", () => {
    expect(APT_PACKAGES).toEqual(['chromium', 'fonts-dejavu-core']);
    expect(chromiumInstallCommands('apt')).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'chromium', 'fonts-dejavu-core'],
    ]);
  });

  it("runs node_modules' Playwright CLI, never one npx would fetch", () => {
    const [commandLine, ...rest] = chromiumInstallCommands('playwright');
    expect(rest).toEqual([]);
    expect(commandLine?.slice(-5)).toEqual(['--no', '--', 'playwright', 'install', 'chromium']);
  });
});

describe('obtainChromium', () => {
  it('as root on Debian, uses apt-get and stops there when it worked', () => {
    const result = attempt(debianRoot, { installs: ['apt', 'playwright'] });
    expect(result.found).toBe('/usr/bin/chromium');
    expect(result.ran).toEqual(['apt-get update', 'apt-get install -y chromium fonts-dejavu-core']);
    expect(result.story).toEqual(['apt trying', 'apt worked']);
  });

  it("falls back to Playwright's download when apt-get fails, and uses the browser Playwright put down", () => {
    const result = attempt(debianRoot, { installs: ['playwright'], fails: ['apt-get update'] });
    expect(result.found).toMatch(/ms-playwright/);
    // A failed `apt-get update` means no install attempt after it.
    expect(result.ran.filter((line) => line.startsWith('apt-get'))).toEqual(['apt-get update']);
    expect(result.story).toEqual(['apt trying', 'apt failed', 'playwright trying', 'playwright worked']);
  });

  it('falls back to Playwright when apt-get succeeds but leaves no browser where the tests look', () => {
    const result = attempt(debianRoot, { installs: ['playwright'] });
    expect(result.found).toMatch(/ms-playwright/);
    expect(result.story).toEqual(['apt trying', 'apt not found', 'playwright trying', 'playwright worked']);
  });

  it("without root, leaves apt-get alone and uses Playwright's download", () => {
    const result = attempt(debianUser, { installs: ['apt', 'playwright'] });
    expect(result.ran.some((line) => line.startsWith('apt-get'))).toBe(false);
    expect(result.found).toMatch(/ms-playwright/);
    expect(result.story).toEqual(['apt skipped', 'playwright trying', 'playwright worked']);
  });

  it('gives up with null, one line per way, when no way works', () => {
    const result = attempt(debianRoot, { fails: ['apt-get install', 'playwright install'] });
    expect(result.found).toBeNull();
    expect(result.story).toEqual(['apt trying', 'apt failed', 'playwright trying', 'playwright failed']);
    expect(result.lines.every((line) => line.startsWith('chromium: '))).toBe(true);
    expect(result.lines[1]).toMatch(/failed at `apt-get install -y chromium fonts-dejavu-core`/);
    expect(result.lines[3]).toMatch(/failed at `playwright install chromium`/);
  });

  it('runs nothing when no way applies', () => {
    const result = attempt({ isRoot: false, hasAptGet: false, hasPlaywright: false }, { installs: ['apt'] });
    expect(result.found).toBeNull();
    expect(result.ran).toEqual([]);
    expect(result.story).toEqual(['apt skipped', 'playwright skipped']);
  });
});

describe('detectHost', () => {
  it('sees this checkout’s Playwright and answers in booleans', () => {
    const host = detectHost();
    expect(host.hasPlaywright).toBe(true);
    expect(typeof host.isRoot).toBe('boolean');
    if (process.platform !== 'linux') expect(host.hasAptGet).toBe(false);
  });
});
