import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './cli-io';

/** The environment variable an access token for the portal may come in. */
export const PORTAL_TOKEN_ENV = 'TRIAGE_DESK_PORTAL_TOKEN';

export const TOKEN_NEEDED =
  `--portal needs an access token for the portal, of the cache's user or of an auditor: ` +
  `in a file (--token-file FILE), in ${PORTAL_TOKEN_ENV}, or by signing in (--sign-in). ` +
  `Not as an argument: other accounts on this computer can read arguments in the process list.`;

/**
 * The bearer token from `--token-file` or the environment; null when neither gives one. A token
 * file others can read is used but named, so it can be tightened.
 */
export function portalTokenOf(
  tokenFile: string | undefined,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): string | null {
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(tokenFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--token-file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (process.platform !== 'win32' && (statSync(tokenFile).mode & 0o077) !== 0) {
      warn(`triage-desk: warning: ${tokenFile} can be read by other accounts; chmod 600 it.`);
    }
    return tokenOf(text, `--token-file ${tokenFile}`);
  }
  const fromEnv = env[PORTAL_TOKEN_ENV];
  return fromEnv === undefined || fromEnv === '' ? null : tokenOf(fromEnv, PORTAL_TOKEN_ENV);
}

function tokenOf(text: string, where: string): string {
  const token = text.trim();
  // RFC 6750's b64token: anything else would not survive an Authorization header.
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    throw new UsageError(`${where} must hold one access token on one line.`);
  }
  return token;
}
