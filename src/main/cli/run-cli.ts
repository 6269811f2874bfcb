import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open-database';
import { CacheOpenError } from '../db/cache-open-error';
import { DEMO_SEED, seedDemoClinic } from '../cache/seed-demo';
import { listInbox, listViews } from '../inbox/queries';
import { DEFAULT_FILTERS } from '../../shared/work-item';
import type { InboxView } from '../../shared/work-item';
import { WORK_TYPE_LABELS } from '../../shared/work-item';
import { requireDb, UsageError, wholeNumberOption } from './cli-io';
import type { CliIo } from './cli-io';
import { AUDIT_ENVIRONMENT, AUDIT_USAGE, auditCommand } from './audit-command';
import { CLASSIFY_USAGE, classifyCommand, linesOf } from './classify-command';
import { DUE_USAGE, dueCommand } from './due-command';
import { HOLIDAYS_USAGE, holidaysCommand } from './holidays-command';
import { SIM_USAGE, simCommand } from './sim-command';
import { SYNC_USAGE, syncCommand } from './sync-command';

export type { CliIo } from './cli-io';

const USAGE = `Usage: triage-desk <command> [options]

Commands:
  inbox --db FILE [--pool NAME] [--all] [--json]   list cached work items, emergencies first, then soonest due
  seed  --db FILE [--seed N] [--now ISO] [--items N] [--patients N]
                                                   fill a cache with the demo clinic
  ${SIM_USAGE}
                                                   run the FHIR R4 portal simulator on loopback
                                                   (--faults e.g. latency=50-200,error=0.1,drop=0.05,slow=0.1)
  ${SYNC_USAGE}
                                                   one sync pass from a FHIR R4 portal into a cache file
  ${DUE_USAGE}
                                                   the due time of an item received then, in business hours
  ${HOLIDAYS_USAGE}
                                                   the observed US federal holidays of a year (5 U.S.C. 6103)
  ${CLASSIFY_USAGE}
                                                   JSON lines {"subject","body"} on stdin → category, emergency, pool, reasons
  ${AUDIT_USAGE}
                                                   check the cache's audit log is unedited (hash chain) and,
                                                   with --portal, that it reaches the portal's newest record
                                                   of the person; key and token also from ${AUDIT_ENVIRONMENT}

Exit codes: 0 ok, 1 the work failed, 2 bad arguments.`;

/** The admin command line. Returns the exit code; prints one clear line on any error. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'inbox':
        return await inboxCommand(rest, io);
      case 'seed':
        return await seedCommand(rest, io);
      case 'sim':
        return await simCommand(rest, io);
      case 'sync':
        return await syncCommand(rest, io);
      case 'due':
        return await dueCommand(rest, io);
      case 'holidays':
        return holidaysCommand(rest, io);
      case 'classify':
        return await classifyCommand(rest, io, linesOf(process.stdin));
      case 'audit':
        return await auditCommand(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: triage-desk --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`triage-desk: ${error.message}`);
      return 2;
    }
    if (error instanceof CacheOpenError) {
      io.err(`triage-desk: ${error.message}`);
      return 1;
    }
    // parseArgs reports unknown or malformed options with a code of its own.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`triage-desk: ${error.message}`);
      return 2;
    }
    io.err(`triage-desk: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function inboxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { db: { type: 'string' }, pool: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    strict: true,
  });
  const cache = await openDatabase(requireDb(values.db), { mustExist: true });
  try {
    const now = Date.now();
    let view: InboxView = { kind: 'all' };
    if (values.pool !== undefined) {
      const wanted = values.pool.toLowerCase();
      // Nobody is signed in on the command line: every active pool.
      const { pools } = await listViews(cache.db, null, now);
      const pool = pools.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
      if (pool === undefined) {
        throw new UsageError(`no pool named "${values.pool}"; pools: ${pools.map((p) => p.name).join(', ')}`);
      }
      view = { kind: 'pool', poolId: pool.id };
    }
    const query = { view, search: '', offset: 0, limit: 1_000_000 };
    const ctx = { userId: null, now };
    const open = await listInbox(cache.db, { ...query, filters: DEFAULT_FILTERS }, ctx);
    const closed =
      values.all === true
        ? await listInbox(cache.db, { ...query, filters: { ...DEFAULT_FILTERS, status: 'closed' } }, ctx)
        : { total: 0, items: [] };
    const page = { total: open.total + closed.total, items: [...open.items, ...closed.items] };
    if (values.json === true) {
      io.out(
        JSON.stringify(
          page.items.map((i) => ({
            ...i,
            receivedAt: new Date(i.receivedAt).toISOString(),
            dueAt: i.dueAt === null ? null : new Date(i.dueAt).toISOString(),
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    const rows = page.items.map((i) => [
      i.dueAt === null ? '-' : new Date(i.dueAt).toISOString().slice(0, 16).replace('T', ' ') + 'Z',
      i.priority,
      WORK_TYPE_LABELS[i.workType],
      i.status,
      i.patientName ?? '-',
      i.poolName ?? '-',
      i.subject,
    ]);
    io.out(formatTable(['DUE (UTC)', 'PRIORITY', 'TYPE', 'STATUS', 'PATIENT', 'POOL', 'SUBJECT'], rows));
    io.out(`${page.total} item${page.total === 1 ? '' : 's'}`);
    return 0;
  } finally {
    await cache.close();
  }
}

async function seedCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      db: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      items: { type: 'string' },
      patients: { type: 'string' },
    },
    strict: true,
  });
  const file = requireDb(values.db);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date-time, got "${values.now}"`);
  const options = {
    seed: wholeNumberOption('seed', values.seed, 1, 2 ** 31 - 1) ?? DEMO_SEED,
    now,
    // Without --items the demo clinic's own `small` size applies.
    workItems: wholeNumberOption('items', values.items, 1, 1_000_000),
    patients: wholeNumberOption('patients', values.patients, 1, 1_000_000),
  };
  const cache = await openDatabase(file);
  try {
    const counts = await seedDemoClinic(cache.db, options);
    io.out(
      `Seeded ${counts.clinicName} into ${file}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`,
    );
    return 0;
  } finally {
    await cache.close();
  }
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => {
        const w = widths[c] ?? 0;
        return cell.length > w ? `${cell.slice(0, w - 1)}…` : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
