import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../audit/audit-chain';
import { compareWithPortal } from '../audit/audit-compare';
import { openDatabase } from '../db/open-database';
import { FhirWriter } from '../outbox/fhir-writer';
import { checkPortalUrl, PORTAL_URL_SETTING } from '../settings/portal-url';
import { requireDb, UsageError } from './cli-io';
import type { CliIo } from './cli-io';

export const AUDIT_USAGE = 'audit verify --db FILE [--portal URL]';

/**
 * `triage-desk audit verify`: for the clinic's security office, checks that the desk's audit log
 * is the one it wrote: every row still matches its hash and links to the row before it. Exits 1
 * at the first row that does not, naming it. With `--portal`, also checks the log against the
 * copy the portal holds, which finds a log rewritten with its hashes recomputed.
 */
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(`audit: unknown subcommand "${sub ?? ''}" (usage: ${AUDIT_USAGE})`);
  const { values } = parseArgs({
    args: rest,
    options: { db: { type: 'string' }, portal: { type: 'string' } },
    strict: true,
  });
  const file = requireDb(values.db);
  let portal: string | undefined;
  if (values.portal !== undefined) {
    const checked = checkPortalUrl(values.portal);
    if (!checked.ok) throw new UsageError(checked.problem.replace(`The ${PORTAL_URL_SETTING} setting`, '--portal'));
    portal = checked.url.replace(/\/+$/, '');
  }
  const cache = await openDatabase(file);
  try {
    const check = await verifyAuditChain(cache.db);
    if (!check.ok) {
      io.err(
        `Audit chain broken at row ${check.auditId} (row ${check.rows} in order): ${check.problem} ` +
          'Keep this file as evidence and tell the security office.',
      );
      return 1;
    }
    io.out(`Audit chain intact: ${check.rows} rows, last hash ${check.head}.`);
    if (portal === undefined) return 0;
    const compared = await compareWithPortal(cache.db, new FhirWriter({ baseUrl: portal }));
    if (compared.ok) {
      io.out(`Matches the portal's copy: ${compared.compared} rows compared, ${compared.unsent} not yet sent.`);
      return 0;
    }
    io.err(
      `Audit log differs from the portal's copy${compared.auditId === null ? '' : ` at row ${compared.auditId}`}: ` +
        `${compared.problem} Keep this file as evidence and tell the security office.`,
    );
    return 1;
  } finally {
    await cache.close();
  }
}
