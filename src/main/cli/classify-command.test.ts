import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import { UsageError } from './cli-io';
import { classifyCommand, linesOf } from './classify-command';

const dir = mkdtempSync(join(tmpdir(), 'triage-desk-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Input as stdin gives it: one line at a time, each after a turn of the event loop. */
async function* lines(...input: string[]): AsyncIterable<string> {
  for (const line of input) {
    await Promise.resolve();
    yield line;
  }
}

async function run(args: string[], input: AsyncIterable<string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await classifyCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, input);
  return { code, out, err, results: out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('triage-desk classify', () => {
  it('writes one JSON line per message, in order, echoing an id', async () => {
    const { code, err, results } = await run(
      [],
      lines(
        JSON.stringify({ id: 'a1', subject: 'Refill', body: 'Please refill my lisinopril.' }),
        JSON.stringify({ subject: 'Help', body: 'I have had chest pain since this morning' }),
        JSON.stringify({ subject: '', body: 'I want to kill myself' }),
        JSON.stringify({ id: 4, subject: 'Dad', body: 'My father had a stroke years ago.' }),
        JSON.stringify({ id: 5, subject: 'Baby', body: 'My 6 week old has a fever and is hard to wake up' }),
        JSON.stringify({ id: 6, subject: 'Asthma', body: 'Wheezing since this morning' }),
      ),
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const shown = results.map((r) => [r['id'], r['category'], r['emergency'], r['tier'], r['kind'], r['pool']]);
    expect(shown).toEqual([
      ['a1', 'refill-request', false, null, null, 'Pharmacy'],
      [undefined, 'clinical-question', true, 'emergency', 'medical', 'Nursing Team'],
      [undefined, 'clinical-question', true, 'emergency', 'crisis', 'Nursing Team'],
      [4, 'clinical-question', false, null, null, 'Nursing Team'],
      [5, 'clinical-question', true, 'emergency', 'medical', 'Nursing Team'],
      [6, 'clinical-question', true, 'possible', 'medical', 'Nursing Team'],
    ]);
    expect(results[2]?.['action']).toMatch(/988/);
    expect(results[2]?.['emergencyKind']).toBe('crisis');
    expect(results[4]?.['families']).toContain('pediatric');
    expect(results[3]?.['reasons']).toContainEqual(expect.stringContaining('historical: "years ago"'));
  });

  it('reports each bad line by number on stderr, carries on, and exits 1', async () => {
    const { code, err, results } = await run(
      [],
      lines(
        '{"subject": "ok", "body": "Please cancel my appointment"}',
        'not json',
        '',
        '[1, 2]',
        '{"subject": 3, "body": "x"}',
        '{"id": true}',
        '{"body": "Can I get my records faxed?", "extra": 1}',
        '{"body": "When are my lab results back?"}',
      ),
    );
    expect(code).toBe(1);
    expect(results.map((r) => r['category'])).toEqual(['appointment-request', 'result-question']);
    expect(err).toHaveLength(5);
    expect(err[0]).toMatch(/^triage-desk: classify: line 2: not JSON/);
    expect(err[1]).toMatch(/^triage-desk: classify: line 4: expected \{"subject": string, "body": string\}/);
    expect(err[2]).toMatch(/^triage-desk: classify: line 5: .*subject/);
    expect(err[3]).toMatch(/^triage-desk: classify: line 6: /);
    expect(err[4]).toMatch(/^triage-desk: classify: line 7: .*extra/);
  });

  it('writes each result before reading the next line', async () => {
    const out: string[] = [];
    const seenBeforeSecond: number[] = [];
    async function* slow(): AsyncIterable<string> {
      await Promise.resolve();
      yield '{"body": "refill please"}';
      seenBeforeSecond.push(out.length);
      yield '{"body": "thanks"}';
    }
    await classifyCommand([], { out: (l) => out.push(l), err: () => {} }, slow());
    expect(seenBeforeSecond).toEqual([1]);
    expect(out).toHaveLength(2);
  });

  it('reads lines from a stream, CRLF or not, with or without a final newline', async () => {
    const stream = Readable.from(['{"body": "I cant breathe"}\r\n{"body":', ' "refill"}\n\n{"body": "hi"}']);
    const { code, results } = await run([], linesOf(stream));
    expect(code).toBe(0);
    expect(results.map((r) => r['emergency'])).toEqual([true, false, false]);
  });

  it('uses tuned rules from --rules', async () => {
    const tuned = structuredClone(DEFAULT_RULES);
    tuned.emergencies.find((e) => e.id === 'breathing')?.phrases.push('sob');
    const file = join(dir, 'tuned.json');
    writeFileSync(file, JSON.stringify(tuned));
    const input = () => lines('{"body": "sob since lunch"}');
    expect((await run([], input())).results[0]?.['emergency']).toBe(false);
    expect((await run(['--rules', file], input())).results[0]?.['emergency']).toBe(true);
  });

  it('refuses a missing, broken or invalid rules file with a clear message', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(
      invalid,
      JSON.stringify({ ...DEFAULT_RULES, windows: { ...DEFAULT_RULES.windows, negation: 'five' } }),
    );
    await expect(run(['--rules', join(dir, 'none.json')], lines())).rejects.toThrow(
      new UsageError(`--rules ${join(dir, 'none.json')}: cannot read it (ENOENT)`),
    );
    await expect(run(['--rules', broken], lines())).rejects.toThrow(/--rules .*broken\.json: not JSON/);
    await expect(run(['--rules', invalid], lines())).rejects.toThrow(/not valid triage rules:\n.*windows\.negation/s);
  });

  it('prints the default rules for a clinic to start from', async () => {
    const { code, out } = await run(['--print-rules'], lines());
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(DEFAULT_RULES);
  });

  it('refuses an unknown option', async () => {
    await expect(run(['--rulez', 'x'], lines())).rejects.toThrow(/rulez/);
  });
});
