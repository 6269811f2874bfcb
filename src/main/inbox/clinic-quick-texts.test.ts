import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUICK_TEXTS } from '../../shared/quick-texts';
import { clinicQuickTexts, clinicQuickTextSettings, QUICK_TEXTS_FILE } from './clinic-quick-texts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const setup = () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-quick-'));
  const logged: string[] = [];
  return { dir, logged, read: clinicQuickTexts(dir, (m) => logged.push(m)) };
};
const write = (d: string, value: unknown, mtime: number) => {
  const file = join(d, QUICK_TEXTS_FILE);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  utimesSync(file, mtime, mtime);
};

describe('clinicQuickTexts', () => {
  it('gives the defaults when the clinic has no file, without complaint', () => {
    const { read, logged } = setup();
    expect(read()).toBe(DEFAULT_QUICK_TEXTS);
    expect(logged).toEqual([]);
  });

  it("gives the clinic's own texts, and picks up an edit", () => {
    const { dir: d, read } = setup();
    const own = [{ id: 'pharmacy-hours', label: 'Pharmacy hours', categories: ['refill-request'], text: 'Open 8-4.' }];
    write(d, own, 1_000);
    expect(read()).toEqual(own);
    write(d, [{ ...own[0], text: 'Open 7-5.' }], 2_000);
    expect(read()[0]?.text).toBe('Open 7-5.');
  });

  it('falls back to the defaults for an invalid file, and logs the field at fault once', () => {
    const { dir: d, read, logged } = setup();
    write(
      d,
      [
        { id: 'ok', label: 'Fine', categories: [], text: 'x' },
        { id: 'Bad Id', label: 'L', categories: [], text: 'y' },
      ],
      1_000,
    );
    expect(read()).toBe(DEFAULT_QUICK_TEXTS);
    expect(read()).toBe(DEFAULT_QUICK_TEXTS);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/\[1\]\.id: lower-case letters/);

    write(d, '{ not json', 2_000);
    expect(read()).toBe(DEFAULT_QUICK_TEXTS);
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatch(/JSON/);
  });
});

describe('the greeting setting (issue 23)', () => {
  it('is the first name by default, and title-family when the file says so, with or without its own texts', () => {
    dir = mkdtempSync(join(tmpdir(), 'triage-desk-quick-'));
    const logged: string[] = [];
    const read = clinicQuickTextSettings(dir, (m) => logged.push(m));
    expect(read()).toEqual({ texts: DEFAULT_QUICK_TEXTS, greeting: 'first-name' });
    write(dir, { greeting: 'title-family' }, 1_000);
    expect(read()).toEqual({ texts: DEFAULT_QUICK_TEXTS, greeting: 'title-family' });
    const own = [{ id: 'hours', label: 'Hours', categories: [], text: 'Open 8-4.' }];
    write(dir, { greeting: 'first-name', texts: own }, 2_000);
    expect(read()).toEqual({ texts: own, greeting: 'first-name' });
    write(dir, own, 3_000);
    expect(read()).toEqual({ texts: own, greeting: 'first-name' });
    write(dir, { greeting: 'nickname' }, 4_000);
    expect(read()).toEqual({ texts: DEFAULT_QUICK_TEXTS, greeting: 'first-name' });
    expect(logged).toEqual([expect.stringMatching(/greeting: /)]);
  });
});
