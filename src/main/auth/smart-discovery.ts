import * as oidc from 'openid-client';
import { z } from 'zod';
import { nodeFetch } from '../net/portal-fetch';
import type { PortalFetch } from '../net/portal-fetch';
import { checkPortalUrl } from '../settings/portal-url';
import { SignInError } from './sign-in-error';

/** What the app needs from `{fhir base}/.well-known/smart-configuration` (SMART App Launch 2.x). */
const smartConfigurationSchema = z.object({
  issuer: z.string().optional(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  capabilities: z.array(z.string()).optional(),
  scopes_supported: z.array(z.string()).optional(),
});

export type SmartConfiguration = z.infer<typeof smartConfigurationSchema>;

export interface SmartServer {
  /** Without a trailing slash. */
  fhirBaseUrl: string;
  smart: SmartConfiguration;
  /** openid-client's view of the issuer: its metadata checked against the issuer it came from. */
  config: oidc.Configuration;
}

export interface DiscoveryOptions {
  clientId: string;
  signal?: AbortSignal;
  /** Carries discovery and, through openid-client, every later token request (default Node's). */
  fetch?: PortalFetch;
}

const FETCH_TIMEOUT_SECONDS = 30;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** https:// everywhere, except plain http:// on this computer (the embedded simulator). */
function checkSignInUrl(what: string, url: string | undefined): URL {
  if (url === undefined) throw new SignInError('portal', `The portal's sign-in description names no ${what}.`);
  const checked = checkPortalUrl(url);
  if (!checked.ok) {
    let shown = 'an address that is not a web address';
    try {
      shown = new URL(url).origin;
    } catch {
      // not echoed: it does not parse
    }
    throw new SignInError(
      'portal',
      `The portal's ${what} (${shown}) is refused: sign-in must use https:// (plain http:// only on this computer).`,
    );
  }
  return new URL(url);
}

async function fetchSmartConfiguration(
  fhirBaseUrl: string,
  portalFetch: PortalFetch,
  signal?: AbortSignal,
): Promise<SmartConfiguration> {
  const where = `${fhirBaseUrl}/.well-known/smart-configuration`;
  let response: Response;
  try {
    response = await portalFetch(where, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.any([AbortSignal.timeout(FETCH_TIMEOUT_SECONDS * 1000), ...(signal ? [signal] : [])]),
    });
  } catch (error) {
    if (signal?.aborted === true) throw new SignInError('cancelled', 'The sign-in was cancelled.');
    throw new SignInError(
      'portal',
      `The portal at ${fhirBaseUrl} could not be reached to start sign-in (${(error as Error).message}). Check the network and the portal address.`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SignInError(
      'portal',
      `The portal at ${fhirBaseUrl} does not offer SMART sign-in: ${where} answered HTTP ${response.status}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new SignInError('portal', `The portal's SMART configuration at ${where} is not JSON.`);
  }
  const result = smartConfigurationSchema.safeParse(parsed);
  if (!result.success) {
    throw new SignInError(
      'portal',
      `The portal's SMART configuration at ${where} lacks what sign-in needs (authorization and token endpoints).`,
    );
  }
  return result.data;
}

/**
 * Finds how to sign in to a portal: its SMART configuration, then the OpenID Connect metadata of
 * the issuer it names (openid-client checks that the metadata belongs to that issuer). Refuses a
 * portal without PKCE S256, without an OpenID issuer (the id token is how the app learns who signed
 * in), or with a plain http:// address off this computer.
 */
export async function discoverSmartServer(fhirBaseUrl: string, options: DiscoveryOptions): Promise<SmartServer> {
  const base = trimSlash(checkSignInUrl('FHIR base address', fhirBaseUrl).href);
  const portalFetch = options.fetch ?? nodeFetch;
  const smart = await fetchSmartConfiguration(base, portalFetch, options.signal);
  if (!(smart.code_challenge_methods_supported ?? []).includes('S256')) {
    throw new SignInError(
      'portal',
      `The portal at ${base} does not offer PKCE with S256, which Triage Desk requires to sign in safely from a desktop.`,
    );
  }
  const issuer = checkSignInUrl('OpenID Connect issuer', smart.issuer);
  checkSignInUrl('authorization endpoint', smart.authorization_endpoint);
  checkSignInUrl('token endpoint', smart.token_endpoint);

  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      issuer,
      options.clientId,
      { token_endpoint_auth_method: 'none', id_token_signed_response_alg: 'RS256' },
      oidc.None(),
      {
        timeout: FETCH_TIMEOUT_SECONDS,
        // Kept by the configuration for the token, refresh and revocation requests too.
        // Its options are fetch's. Node's typings agree; the DOM's, which the e2e build checks this
        // file with, say a Uint8Array body is not a BodyInit.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        [oidc.customFetch]: (url, init) => portalFetch(url, init as RequestInit),
        // The id token's signature is checked too: on loopback http there is no TLS vouching for it.
        execute: [
          ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
          oidc.enableNonRepudiationChecks,
        ],
      },
    );
  } catch (error) {
    if (options.signal?.aborted === true) throw new SignInError('cancelled', 'The sign-in was cancelled.');
    throw new SignInError(
      'portal',
      `The portal's sign-in server ${issuer.origin} could not be read (${(error as Error).message}).`,
    );
  }
  const metadata = config.serverMetadata();
  if (!metadata.supportsPKCE('S256')) {
    throw new SignInError('portal', `The sign-in server ${issuer.origin} does not offer PKCE with S256.`);
  }
  // http:// was allowed for the issuer's own computer only: every endpoint must be as safe.
  checkSignInUrl('authorization endpoint', metadata.authorization_endpoint);
  checkSignInUrl('token endpoint', metadata.token_endpoint);
  checkSignInUrl('key set', metadata.jwks_uri);
  if (metadata.revocation_endpoint !== undefined) checkSignInUrl('revocation endpoint', metadata.revocation_endpoint);
  if (metadata.end_session_endpoint !== undefined) checkSignInUrl('sign-out endpoint', metadata.end_session_endpoint);
  return { fhirBaseUrl: base, smart, config };
}
