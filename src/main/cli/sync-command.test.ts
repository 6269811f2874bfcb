import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClinic } from '../../demo-clinic/generate';
import { startSimulator } from '../../simulator/start-simulator';
import type { RunningSimulator } from '../../simulator/start-simulator';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'triage-desk-sync-cli-'));
let sim: RunningSimulator;
beforeAll(async () => {
  const clinic = generateClinic({ seed: 8, now: new Date('2026-11-27T15:00:00Z'), size: 40 });
  sim = await startSimulator({ file: join(dir, 'portal.db'), resources: clinic.resources });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('triage-desk sync', () => {
  it('fills a cache from the portal with progress and a summary, then a second pass changes nothing', async () => {
    const db = join(dir, 'cache.db');
    const first = await cli('sync', '--portal', sim.baseUrl, '--db', db, '--page-size', '25');
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Task changes: 40 of 40');
    expect(first.out.at(-1)).toMatch(/^Synced .* \d+ created, 0 updated, 0 deleted, 0 quarantined/);

    const inbox = await cli('inbox', '--db', db, '--all', '--json');
    expect(JSON.parse(inbox.out.join('\n'))).toHaveLength(40);

    const second = await cli('sync', '--portal', sim.baseUrl, '--db', db);
    expect(second.code).toBe(0);
    expect(second.out.at(-1)).toMatch(/ 0 created, 0 updated, 0 deleted, 0 quarantined/);
  });

  it('exits 1 with one line when the portal is not there', async () => {
    const { code, err } = await cli('sync', '--portal', 'http://127.0.0.1:9/fhir', '--db', join(dir, 'none.db'));
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^triage-desk: sync failed: /);
  }, 60_000);

  it.each([
    [['sync', '--db', 'x.db'], 'triage-desk: --portal URL is required'],
    [
      ['sync', '--portal', 'ftp://portal', '--db', 'x.db'],
      'triage-desk: --portal is refused: ftp:// is not a portal address',
    ],
    [
      ['sync', '--portal', 'http://portal.example/fhir', '--db', 'x.db'],
      'triage-desk: --portal is refused: http://portal.example uses plain http://',
    ],
    [
      ['sync', '--portal', 'http://127.0.0.1:9', '--db', 'x.db', '--page-size', '0'],
      '--page-size must be a whole number from 1 to 1000',
    ],
  ])('%j exits 2 with one clear line', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
  });
});
