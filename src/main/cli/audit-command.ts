import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../audit/audit-chain';
import { checkPortalUrl, PORTAL_URL_SETTING } from '../settings/portal-url';
import { verifyAgainstPortal } from './audit-portal-verify';
import { CACHE_KEY_ENV, openCacheForAudit } from './cache-key-source';
import { requireDb, UsageError } from './cli-io';
import type { CliIo } from './cli-io';
import { PORTAL_TOKEN_ENV, portalTokenOf, TOKEN_NEEDED } from './portal-token-source';

export const AUDIT_USAGE =
  'audit verify --db FILE [--key-file FILE] [--portal URL (--token-file FILE | --sign-in) [--practitioner ID]]';

/** For the usage text: where secrets may come from instead of the arguments. */
export const AUDIT_ENVIRONMENT = `${CACHE_KEY_ENV}, ${PORTAL_TOKEN_ENV}`;

/**
 * `triage-desk audit verify`: for the clinic's security office, checks that the desk's audit log
 * is the one it wrote: every row still matches its hash and links to the row before it. Exits 1
 * at the first row that does not, naming it. With `--portal`, also checks that the log reaches
 * the newest record the portal holds of the person, which finds a log cut short, wiped, or
 * rewritten with its hashes recomputed.
 */
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(`audit: unknown subcommand "${sub ?? ''}" (usage: ${AUDIT_USAGE})`);
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      'key-file': { type: 'string' },
      portal: { type: 'string' },
      'token-file': { type: 'string' },
      'sign-in': { type: 'boolean' },
      practitioner: { type: 'string' },
    },
    strict: true,
  });
  const file = requireDb(values.db);
  const env = io.env ?? process.env;
  let portal: { url: string; token: string | null } | undefined;
  if (values.portal !== undefined) {
    const checked = checkPortalUrl(values.portal);
    if (!checked.ok) throw new UsageError(checked.problem.replace(`The ${PORTAL_URL_SETTING} setting`, '--portal'));
    if (values['sign-in'] === true && values['token-file'] !== undefined) {
      throw new UsageError('--sign-in and --token-file both give a token: choose one.');
    }
    // Refused before the cache is opened: without a token the portal's copy cannot be read.
    const token = values['sign-in'] === true ? null : portalTokenOf(values['token-file'], env, io.err);
    if (token === null && values['sign-in'] !== true) throw new UsageError(TOKEN_NEEDED);
    portal = { url: checked.url.replace(/\/+$/, ''), token };
  } else if (values['token-file'] !== undefined || values['sign-in'] === true || values.practitioner !== undefined) {
    throw new UsageError('--token-file, --sign-in and --practitioner go with --portal URL.');
  }
  const cache = await openCacheForAudit(file, { keyFile: values['key-file'], env, secretBox: io.secretBox });
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
    return await verifyAgainstPortal({
      db: cache.db,
      portalUrl: portal.url,
      token: portal.token,
      practitioner: values.practitioner,
      io,
    });
  } finally {
    await cache.close();
  }
}
