import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { businessCalendar } from '../../domain/business-hours/business-calendar';
import { DEFAULT_CLINIC_POLICY, parseClinicPolicy } from '../../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { dueAt } from '../../domain/business-hours/due-at';
import { describeTarget } from '../../domain/business-hours/targets';
import { PRIORITIES, WORK_TYPES } from '../../shared/work-item';
import { UsageError } from './cli-io';
import type { CliIo } from './cli-io';

export const DUE_USAGE = 'due --received ISO --type TYPE --priority PRIORITY [--clinic FILE]';

/** Said when no --clinic file is given, so nobody mistakes the built-in calendar for theirs. */
export const DEFAULT_CALENDAR_NOTE =
  'built-in calendar: America/New_York, Monday-Friday 07:30-16:30, federal holidays closed, no other closures';

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * `triage-desk due`: when a work item received at `--received` is due on a clinic's business
 * calendar (a JSON file checked against the clinic-policy schema; the built-in one without it).
 * The first line is the due instant in UTC, as stored; the rest explains it.
 */
export async function dueCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      received: { type: 'string' },
      type: { type: 'string' },
      priority: { type: 'string' },
      clinic: { type: 'string' },
    },
    strict: true,
  });
  const received = receivedOption(values.received);
  const workType = oneOf('type', values.type, WORK_TYPES);
  const priority = oneOf('priority', values.priority, PRIORITIES);

  let policy: ClinicPolicy = DEFAULT_CLINIC_POLICY;
  if (values.clinic !== undefined) {
    const loaded = await loadClinicFile(values.clinic);
    if (typeof loaded === 'string') {
      io.err(`triage-desk: ${loaded}`);
      return 1;
    }
    policy = loaded;
  }

  const calendar = businessCalendar(policy.calendar);
  const due = dueAt({ received, workType, priority }, calendar, policy.targets);
  const zone = policy.calendar.timeZone;
  const localText = DateTime.fromMillis(due.dueAtMs, { zone, locale: 'en-US' }).toFormat('ccc yyyy-MM-dd HH:mm ZZ');
  io.out(due.dueAt);
  io.out(`clinic time: ${localText} (${zone})`);
  io.out(`target: ${describeTarget(due.target)} for ${priority} ${workType}; clock started ${due.clockStartedAt}`);
  io.out(`policy: ${due.policyVersion}${values.clinic === undefined ? ` (${DEFAULT_CALENDAR_NOTE})` : ''}`);
  return 0;
}

function receivedOption(value: string | undefined): number {
  if (value === undefined) throw new UsageError('--received ISO is required (e.g. 2026-03-02T14:05:00Z)');
  const ms = ZONED_ISO.test(value) ? DateTime.fromISO(value, { setZone: true }).toMillis() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `--received must be an ISO date-time with Z or an offset (e.g. 2026-03-02T14:05:00Z), got "${value}"`,
    );
  }
  return ms;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined) throw new UsageError(`--${name} is required: one of ${allowed.join(', ')}`);
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return found;
}

/** The parsed policy, or one line saying what is wrong with the file. */
async function loadClinicFile(file: string): Promise<ClinicPolicy | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return `cannot read clinic file ${file}: ${code}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `clinic file ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = parseClinicPolicy(json);
  return parsed.ok
    ? parsed.policy
    : `clinic file ${file} is not a valid clinic calendar: ${parsed.problems.join('; ')}`;
}
