import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../audit/audit-chain';
import { openDatabase } from '../db/open-database';
import { requireDb, UsageError } from './cli-io';
import type { CliIo } from './cli-io';

export const AUDIT_USAGE = 'audit verify --db FILE';

/**
 * `triage-desk audit verify`: for the clinic's security office, checks that the desk's audit log
 * is the one it wrote: every row still matches its hash and links to the row before it. Exits 1
 * at the first row that does not, naming it.
 */
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(`audit: unknown subcommand "${sub ?? ''}" (usage: ${AUDIT_USAGE})`);
  const { values } = parseArgs({ args: rest, options: { db: { type: 'string' } }, strict: true });
  const cache = await openDatabase(requireDb(values.db));
  try {
    const check = await verifyAuditChain(cache.db);
    if (check.ok) {
      io.out(`Audit chain intact: ${check.rows} rows, last hash ${check.head}.`);
      return 0;
    }
    io.err(
      `Audit chain broken at row ${check.auditId} (row ${check.rows} in order): ${check.problem} ` +
        'Keep this file as evidence and tell the security office.',
    );
    return 1;
  } finally {
    await cache.close();
  }
}
