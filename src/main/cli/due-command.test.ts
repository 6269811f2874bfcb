import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from './cli-io';
import { dueCommand } from './due-command';

const dir = mkdtempSync(join(tmpdir(), 'triage-desk-due-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function due(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await dueCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function clinicFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('triage-desk due', () => {
  it('prints the due instant in UTC first, then clinic time, target and the built-in policy', async () => {
    // Thursday 2027-12-30 15:00 EST; Friday is New Year 2028 observed; Monday 07:30 + 2.5 h.
    const { code, out, err } = await due(
      '--received',
      '2027-12-30T20:00:00Z',
      '--type',
      'refill-request',
      '--priority',
      'asap',
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      '2028-01-03T15:00:00.000Z',
      'clinic time: Mon 2028-01-03 10:00 -05:00 (America/New_York)',
      'target: 4 business hours for asap refill-request; clock started 2027-12-30T20:00:00.000Z',
      'policy: default-1 (built-in calendar: America/New_York, Monday-Friday 07:30-16:30, federal holidays closed, no other closures)',
    ]);
  });

  it('reads an overseas clinic file with its own targets and policy version', async () => {
    const file = clinicFile('ramstein.json', {
      timeZone: 'Europe/Berlin',
      hours: { monday: ['07:30-12:00', '13:00-16:30'], tuesday: ['07:30-12:00', '13:00-16:30'] },
      closures: [{ from: '2026-03-03', reason: 'Training day' }],
      targets: { byWorkType: { 'renewal-request': { routine: { businessHours: 8 } } } },
      policyVersion: 'ramstein-2026.1',
    });
    // Monday 2026-03-02 11:00 CET: 1 h before lunch, 3.5 h after, Tuesday closed, next Monday 07:30 + 3.5 h.
    const { code, out } = await due(
      '--received',
      '2026-03-02T11:00:00+01:00',
      '--type',
      'renewal-request',
      '--priority',
      'routine',
      '--clinic',
      file,
    );
    expect(code).toBe(0);
    expect(out[0]).toBe('2026-03-09T10:00:00.000Z');
    expect(out[1]).toBe('clinic time: Mon 2026-03-09 11:00 +01:00 (Europe/Berlin)');
    expect(out[2]).toContain('8 business hours');
    expect(out[3]).toBe('policy: ramstein-2026.1');
  });

  it.each([
    ['missing.json', null, /^triage-desk: cannot read clinic file .*missing\.json: ENOENT$/],
    ['broken.json', '{"timeZone": ', /^triage-desk: clinic file .*broken\.json is not JSON: /],
    [
      'invalid.json',
      { timeZone: 'Mars/Olympus', hours: { monday: ['9-5'] }, policyVersion: 'x' },
      /^triage-desk: clinic file .*invalid\.json is not a valid clinic calendar: timeZone: "Mars\/Olympus" is not an IANA time zone .*; hours\.monday\[0\]: "9-5" is not HH:MM-HH:MM/,
    ],
  ])('exits 1 with one line for the clinic file %s', async (name, content, message) => {
    const file = content === null ? join(dir, name) : clinicFile(name, content);
    const { code, out, err } = await due(
      '--received',
      '2026-03-02T14:00:00Z',
      '--type',
      'refill-request',
      '--priority',
      'routine',
      '--clinic',
      file,
    );
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it.each([
    [['--type', 'refill-request', '--priority', 'routine'], '--received ISO is required'],
    [['--received', '2026-03-02T09:00', '--type', 'refill-request', '--priority', 'routine'], 'with Z or an offset'],
    [
      ['--received', '2026-02-30T09:00:00Z', '--type', 'refill-request', '--priority', 'routine'],
      '--received must be an ISO',
    ],
    [['--received', '2026-03-02T09:00:00Z', '--priority', 'routine'], '--type is required: one of respond-to-message,'],
    [['--received', '2026-03-02T09:00:00Z', '--type', 'refill', '--priority', 'routine'], '--type must be one of'],
    [
      ['--received', '2026-03-02T09:00:00Z', '--type', 'refill-request', '--priority', 'high'],
      '--priority must be one of routine, urgent, asap, stat; got "high"',
    ],
  ])('%j is a usage error', async (argv, message) => {
    await expect(due(...argv)).rejects.toThrow(UsageError);
    await expect(due(...argv)).rejects.toThrow(message);
  });

  it('leaves unknown options to parseArgs, which run-cli maps to exit 2', async () => {
    await expect(due('--recieved', '2026-03-02T09:00:00Z')).rejects.toMatchObject({
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
  });
});
