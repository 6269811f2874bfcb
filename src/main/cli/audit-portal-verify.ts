import type { Kysely } from 'kysely';
import { checkAgainstPortalHead } from '../audit/portal-chain-check';
import { PortalHeadError, readPortalHead } from '../audit/portal-head';
import type { DB } from '../db/schema';
import { revokeRefreshToken, signIn } from '../auth/smart-sign-in';
import { FhirClient } from '../sync/fhir-client';
import { UsageError } from './cli-io';
import type { CliIo } from './cli-io';

const EVIDENCE = 'Keep this file as evidence and tell the security office.';

export interface PortalVerifyOptions {
  db: Kysely<DB>;
  portalUrl: string;
  /** The bearer token; null: sign in now (`--sign-in`). */
  token: string | null;
  /** `--practitioner`: whose chain, as an id or `Practitioner/{id}`. */
  practitioner: string | undefined;
  io: CliIo;
}

/**
 * The `--portal` half of `audit verify`: reads the person's newest audit record from the portal
 * itself and checks that the local log reaches it (portal-chain-check.ts). 0 when it does, 1 when
 * it does not or the portal could not say.
 */
export async function verifyAgainstPortal(options: PortalVerifyOptions): Promise<number> {
  const { io } = options;
  const session = options.token === null ? await signInNow(options.portalUrl, io) : null;
  try {
    const token = session?.accessToken ?? options.token ?? '';
    // Whose chain is the log's (or --practitioner), never the person signing in: with a wiped log,
    // checking the signer's own records would pass for anyone else's cache.
    const who = await practitionerOf(options.db, options.practitioner);
    if (who === null) {
      io.err(
        `This log names nobody (it is empty, or holds no signed-in person's rows), so whose records the portal should hold cannot be told: give --practitioner ID. ${EVIDENCE}`,
      );
      return 1;
    }
    const client = new FhirClient({
      baseUrl: options.portalUrl,
      headers: { Authorization: `Bearer ${token}` },
      maxAttempts: 3,
    });
    const head = await readPortalHead(client, options.portalUrl, who, io.signal).catch((error: unknown) => {
      if (error instanceof PortalHeadError) return error;
      throw error;
    });
    if (head instanceof PortalHeadError) {
      io.err(`Could not check the log against the portal: ${head.message}`);
      return 1;
    }
    const check = await checkAgainstPortalHead(options.db, head, who);
    if (!check.ok) {
      io.err(`Audit log does not reach the portal's copy: ${check.problem} ${EVIDENCE}`);
      return 1;
    }
    if (check.headRow === null) {
      io.out(`The portal holds no audit record of ${who} yet; ${check.after} row(s) here are still to be sent.`);
      return 0;
    }
    io.out(
      `Reaches the portal's copy: its newest audit record of ${who} (stored ${head.storedAt ?? '?'}) is row ${check.headRow} here, unchanged` +
        `${head.total === null ? '' : `, and the portal holds ${head.total} record(s) of theirs, as this log does up to it`}; ` +
        `${check.after} row(s) after it are not at the portal yet.`,
    );
    return 0;
  } finally {
    if (session !== null) await session.end();
  }
}

/** `--sign-in`: the desk's own SMART sign-in, its address printed for a person to open (or opened in tests). */
async function signInNow(portalUrl: string, io: CliIo) {
  const tokens = await signIn({
    fhirBaseUrl: portalUrl,
    // Reading audit records is all the check does, and all an auditor's role may be granted.
    scopes: ['openid', 'fhirUser', 'offline_access', 'user/AuditEvent.rs'],
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    openExternal:
      io.openBrowser ??
      ((url) => {
        io.err(`Open this address in a browser and sign in (waiting up to 5 minutes):\n${url}`);
        return Promise.resolve();
      }),
  });
  return {
    accessToken: tokens.accessToken,
    practitioner: `Practitioner/${tokens.practitionerId}`,
    // The check is one use: its grant ends with it rather than staying live for a shift.
    end: async () => {
      if (tokens.refreshToken === null) return;
      await revokeRefreshToken({ fhirBaseUrl: portalUrl, refreshToken: tokens.refreshToken }).catch(() => undefined);
    },
  };
}

/** Given, or the one signed-in person the log's rows name. */
async function practitionerOf(db: Kysely<DB>, given: string | undefined): Promise<string | null> {
  if (given !== undefined) {
    const reference = given.startsWith('Practitioner/') ? given : `Practitioner/${given}`;
    if (!/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/.test(reference)) {
      throw new UsageError(`--practitioner must be a Practitioner id, not "${given}".`);
    }
    return reference;
  }
  const actors = await db
    .selectFrom('audit_log')
    .select('actor')
    .distinct()
    .where('actor', 'like', 'Practitioner/%')
    .limit(6)
    .execute();
  if (actors.length > 1) {
    throw new UsageError(
      `This log holds several people's records (${actors.map((a) => a.actor).join(', ')}): say whose chain to check with --practitioner ID.`,
    );
  }
  return actors[0]?.actor ?? null;
}
