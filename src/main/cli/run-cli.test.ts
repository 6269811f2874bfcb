import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-cli-'));
  db = join(dir, 'demo.db');
  const seeded = await cli('seed', '--db', db, '--now', '2026-11-27T15:00:00Z', '--items', '30', '--patients', '12');
  expect(seeded.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('triage-desk inbox', () => {
  it('prints the seeded items as JSON', async () => {
    const { code, out, err } = await cli('inbox', '--db', db, '--json');
    expect(code).toBe(0);
    expect(err).toBe('');
    const items = JSON.parse(out) as { id: string; patientName: string; dueAt: string; emergency: object | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({
      id: expect.stringMatching(/^task-/) as string,
      dueAt: expect.stringMatching(/Z$/) as string,
    });
    // Emergencies first, then soonest due.
    const due = items.map((i) => `${i.emergency === null ? 1 : 0} ${i.dueAt}`);
    expect(due).toEqual([...due].sort());
  });

  it('prints a table, filtered by pool name', async () => {
    const { code, out } = await cli('inbox', '--db', db, '--pool', 'nursing team');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^DUE \(UTC\)\s+PRIORITY\s+TYPE\s+STATUS\s+PATIENT\s+POOL\s+SUBJECT$/);
    expect(lines.slice(1, -1).every((l) => l.includes('Nursing Team'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\d+ items?$/);
  });

  it.each([
    [['inbox'], 2, 'triage-desk: --db FILE is required'],
    [['inbox', '--db'], 2, "triage-desk: Option '--db <value>' argument missing"],
    [['inbox', '--db', 'x.db', '--colour'], 2, "triage-desk: Unknown option '--colour'"],
    [['frobnicate'], 2, 'triage-desk: unknown command "frobnicate" (try: triage-desk --help)'],
    [['seed', '--db', 'x.db', '--items', '0'], 2, 'triage-desk: --items must be a whole number from 1 to 1000000'],
    [['seed', '--db', 'x.db', '--now', 'tuesday'], 2, 'triage-desk: --now must be an ISO date-time, got "tuesday"'],
  ])('%j exits %i with one clear line', async (argv, exitCode, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(exitCode);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(message);
  });

  it('names a missing database file and exits 1', async () => {
    const missing = join(dir, 'nope.db');
    expect(await cli('inbox', '--db', missing)).toEqual({
      code: 1,
      out: '',
      err: `triage-desk: No cache database at ${missing}: check the path.`,
    });
  });

  it('names a corrupt database file and exits 1', async () => {
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, Buffer.alloc(8192, 0x5a));
    const { code, err } = await cli('inbox', '--db', corrupt);
    expect(code).toBe(1);
    expect(err).toBe(
      `triage-desk: ${corrupt} is not a usable Triage Desk cache (file is not a database); an encrypted cache opens only with its user's key.`,
    );
  });

  it('lists the pools when asked for one that does not exist', async () => {
    const { code, err } = await cli('inbox', '--db', db, '--pool', 'Dental');
    expect(code).toBe(2);
    expect(err).toMatch(/no pool named "Dental"; pools: .*Nursing Team/);
  });
});

describe('triage-desk due and holidays', () => {
  it('are reachable from the command line, with bad arguments as exit 2', async () => {
    const due = await cli(
      'due',
      '--received',
      '2026-11-25T15:00:00Z',
      '--type',
      'renewal-request',
      '--priority',
      'routine',
    );
    expect(due).toMatchObject({ code: 0, err: '' });
    // Thanksgiving (Thursday) is closed: Friday, Monday, Tuesday are the three business days.
    expect(due.out.split('\n')[0]).toBe('2026-12-01T21:30:00.000Z');
    const holidays = await cli('holidays', '--year', '2026', '--json');
    expect(holidays.code).toBe(0);
    expect(JSON.parse(holidays.out)).toContainEqual(expect.objectContaining({ date: '2026-07-03' }));
    expect((await cli('holidays', '--year', 'next')).code).toBe(2);
  });
});
