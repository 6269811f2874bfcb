import * as oidc from 'openid-client';
import type { PortalFetch } from '../net/portal-fetch';
import { TRIAGE_DESK_CLIENT_ID } from './smart-sign-in';
import { discoverSmartServer } from './smart-discovery';

/**
 * How ending the portal's own sign-in went: `sent`, the browser was sent to the portal's sign-out;
 * `not-offered`, the portal names no `end_session_endpoint`; `failed`, the portal could not be
 * reached or no browser opened, in words.
 */
export type PortalSignOut =
  | { kind: 'sent' }
  | { kind: 'not-offered' }
  /** `problem` for the person; `detail`, the error itself, for the log. */
  | { kind: 'failed'; problem: string; detail: string };

export interface PortalSignOutOptions {
  fhirBaseUrl: string;
  /** The id token of the sign-in to end (`id_token_hint`): the portal ends that person's session only. */
  idToken: string;
  clientId?: string;
  /** Opens the system browser, where the portal's session cookie is (Electron's shell.openExternal). */
  openExternal: (url: string) => Promise<unknown>;
  signal?: AbortSignal;
  fetch?: PortalFetch;
}

/**
 * Ends the portal's own sign-in in the system browser (OpenID Connect RP-Initiated Logout 1.0),
 * which only the browser can do: the session is its cookie. `id_token_hint` and `client_id` say
 * whose session, so the portal may end it without asking. No `post_logout_redirect_uri`: a portal
 * that has not registered the desk's would refuse the whole sign-out over it, and nothing at the
 * desk needs the answer; the portal's own page tells the person they are signed out.
 */
export async function endPortalSession(options: PortalSignOutOptions): Promise<PortalSignOut> {
  const clientId = options.clientId ?? TRIAGE_DESK_CLIENT_ID;
  let address: URL;
  try {
    const server = await discoverSmartServer(options.fhirBaseUrl, {
      clientId,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    if (server.config.serverMetadata().end_session_endpoint === undefined) return { kind: 'not-offered' };
    address = oidc.buildEndSessionUrl(server.config, { client_id: clientId, id_token_hint: options.idToken });
  } catch (error) {
    return { kind: 'failed', problem: 'the portal could not be reached', detail: messageOf(error) };
  }
  try {
    await options.openExternal(address.href);
  } catch (error) {
    return { kind: 'failed', problem: 'no browser could be opened', detail: messageOf(error) };
  }
  return { kind: 'sent' };
}

/**
 * What the person is told after signing out where the portal's sign-in may still be open in the
 * browser: on a shared workstation the next person could otherwise use the portal as them.
 */
export function portalSignOutNotice(outcome: PortalSignOut): string | null {
  if (outcome.kind === 'sent') return null;
  const why =
    outcome.kind === 'not-offered'
      ? 'the portal offers Triage Desk no way to end your sign-in there'
      : `your sign-in at the portal could not be ended: ${outcome.problem}`;
  return `Signed out of Triage Desk, but ${why}. Close every browser window before you leave this computer.`;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
