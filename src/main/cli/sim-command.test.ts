import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'triage-desk-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage-desk sim', () => {
  it('starts the simulator, prints its URL, serves FHIR, and stops cleanly', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    let announce: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (announce = resolve));
    const running = runCli(['sim', '--data', join(dir, 'sim'), '--size', '30', '--seed', '4'], {
      out: (line) => {
        out.push(line);
        const match = /simulator at (http:\S+)/.exec(line);
        if (match?.[1] !== undefined) announce(match[1]);
      },
      err: (line) => out.push(`ERR ${line}`),
      signal: stop.signal,
    });
    const base = await url;
    const bundle = (await (await fetch(`${base}/Task?_count=1`)).json()) as Bundle;
    expect(bundle.total).toBe(30);
    stop.abort();
    expect(await running).toBe(0);
    expect(out.at(-1)).toBe('Simulator stopped.');
    expect(out.some((l) => l.startsWith('ERR'))).toBe(false);
  });

  it.each([
    [
      ['sim', '--size', 'huge'],
      'triage-desk: --size must be small, clinic, or a number of work items from 1 to 100000',
    ],
    [['sim', '--port', '70000'], 'triage-desk: --port must be a whole number from 0 to 65535'],
    [['sim', '--faults', 'error=3'], 'triage-desk: bad fault spec "error=3": errorRate'],
  ])('%j exits 2 with one clear line', async (argv, message) => {
    const err: string[] = [];
    const code = await runCli(argv, { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
  });
});
