import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classify } from '../../domain/triage/classify';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import { parseTriageRules } from '../../domain/triage/rules-schema';
import type { TriageRules } from '../../domain/triage/rules-schema';
import { UsageError } from './cli-io';
import type { CliIo } from './cli-io';

export const CLASSIFY_USAGE = 'classify [--rules FILE] [--print-rules]';

/** One input line. `id` is optional and echoed back, so results can be joined to their messages. */
const inputLine = z
  .strictObject({
    id: z.union([z.string(), z.number()]).optional(),
    subject: z.string().optional(),
    body: z.string().optional(),
  })
  .refine((m) => m.subject !== undefined || m.body !== undefined, 'needs "subject" or "body"');

/**
 * `triage-desk classify`: reads JSON lines `{"subject": …, "body": …}` and writes one JSON line of
 * triage per input line, in order, as each is read (so a large file streams). A bad line gets one
 * line on stderr naming its number, and the rest still run; the exit code is 1 if any line failed.
 * `--rules FILE` uses a clinic's tuned rules; `--print-rules` prints the defaults to start from.
 */
export async function classifyCommand(
  args: readonly string[],
  io: CliIo,
  input: AsyncIterable<string>,
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { rules: { type: 'string' }, 'print-rules': { type: 'boolean' } },
    strict: true,
  });
  if (values['print-rules'] === true) {
    io.out(JSON.stringify(DEFAULT_RULES, null, 2));
    return 0;
  }
  const rules = values.rules === undefined ? DEFAULT_RULES : await loadRules(values.rules);
  let lineNumber = 0;
  let failed = 0;
  for await (const line of input) {
    lineNumber++;
    if (line.trim() === '') continue;
    const problem = classifyLine(line, rules, io);
    if (problem !== null) {
      failed++;
      io.err(`triage-desk: classify: line ${lineNumber}: ${problem}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

/** Writes the line's result, or answers what is wrong with the line. */
function classifyLine(line: string, rules: TriageRules, io: CliIo): string | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const parsed = inputLine.safeParse(raw);
  if (!parsed.success) {
    return `expected {"subject": string, "body": string}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`;
  }
  const { id, subject = '', body = '' } = parsed.data;
  const result = classify({ subject, body }, rules);
  io.out(
    JSON.stringify({
      ...(id === undefined ? {} : { id }),
      category: result.category,
      workType: result.workType,
      // Flagged at either tier; `tier` says which (a 911/988 reply, or a nurse reads it now).
      emergency: result.emergency !== null,
      tier: result.emergency?.tier ?? null,
      kind: result.emergency?.kind ?? null,
      emergencyKind: result.emergency?.kind ?? null,
      action: result.emergency?.action ?? null,
      families: result.emergency?.families ?? [],
      concepts: result.emergency?.topics ?? [],
      pool: result.pool,
      reasons: result.reasons,
    }),
  );
  return null;
}

async function loadRules(file: string): Promise<TriageRules> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--rules ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--rules ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = parseTriageRules(raw);
  if (!parsed.ok) throw new UsageError(`--rules ${file}: not valid triage rules:\n${parsed.message}`);
  return parsed.rules;
}

/** The lines of a stream (stdin for the real CLI), without their line endings. */
export function linesOf(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  return createInterface({ input: stream, crlfDelay: Infinity });
}
