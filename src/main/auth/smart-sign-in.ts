import * as oidc from 'openid-client';
import { networkFailure } from '../net/network-failure';
import type { PortalFetch } from '../net/portal-fetch';
import { openLoopbackRedirect } from './loopback-redirect';
import type { LoopbackCallback } from './loopback-redirect';
import { checkFreshAuthentication } from './fresh-authentication';
import { SignInError } from './sign-in-error';
import { discoverSmartServer } from './smart-discovery';
import type { SmartServer } from './smart-discovery';

export const TRIAGE_DESK_CLIENT_ID = 'triage-desk';

/**
 * SMART v2 user scopes for what the desk does (read, search, create, update; it never deletes),
 * the identity (`openid fhirUser`) and a refresh token (`offline_access`).
 */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'fhirUser', 'offline_access', 'user/*.crus'];

export interface SignedInTokens {
  /** The `Practitioner` id named by the id token's fhirUser claim. */
  practitionerId: string;
  /** The claim as sent: `Practitioner/{id}` or an absolute URL of it. */
  fhirUser: string;
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  /** Null when the portal issued none (then the user signs in again when the access token ends). */
  refreshToken: string | null;
  /** The id token's claims, already checked (signature, issuer, audience, expiry, nonce). */
  idTokenClaims: Record<string, unknown>;
  /**
   * The id token as sent, kept in memory only: the `id_token_hint` that lets sign-out end the
   * portal's own session (RP-Initiated Logout). Null when a refresh brought none.
   */
  idToken: string | null;
}

export interface SignInOptions {
  fhirBaseUrl: string;
  clientId?: string;
  /** Opens the system browser (Electron's `shell.openExternal`); tests pass `completeDemoSignIn`. */
  openExternal: (url: string) => Promise<unknown>;
  scopes?: readonly string[];
  /** Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The desk's way to the portal (Electron's net.fetch in the app); default Node's fetch. */
  fetch?: PortalFetch;
}

export interface RefreshOptions {
  fhirBaseUrl: string;
  refreshToken: string;
  clientId?: string;
  /** When the refreshed id token names someone else, the refresh is refused; used when no id token comes back. */
  expectedPractitionerId?: string;
  signal?: AbortSignal;
  fetch?: PortalFetch;
}

/** If an access token comes without a lifetime, treat it as this short-lived. */
const ASSUMED_LIFETIME_SECONDS = 5 * 60;

/**
 * SMART standalone launch (App Launch 2.x) as a native app: authorization code with PKCE S256 in
 * the system browser, redirected to a one-shot loopback listener (RFC 8252). `prompt=login` and
 * `max_age=0` make the portal ask who is at this shared workstation every time (`consent` is how
 * OpenID Connect asks for offline access, Core §11); since anyone at the browser can take them off
 * the address, the id token's `auth_time` must also be later than this request, or the sign-in is
 * refused and its grant ended.
 */
export async function signIn(options: SignInOptions): Promise<SignedInTokens> {
  const clientId = options.clientId ?? TRIAGE_DESK_CLIENT_ID;
  const server = await discoverSmartServer(options.fhirBaseUrl, {
    clientId,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const redirect = await openLoopbackRedirect({
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  try {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const requestedAt = Date.now();
    const authorizationUrl = oidc.buildAuthorizationUrl(server.config, {
      redirect_uri: redirect.redirectUri,
      response_type: 'code',
      scope: (options.scopes ?? DEFAULT_SCOPES).join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      prompt: 'login consent',
      max_age: '0',
      // SMART: the FHIR server the token is for.
      aud: server.fhirBaseUrl,
    });

    const browserFailed = Promise.resolve()
      .then(() => options.openExternal(authorizationUrl.href))
      .then(
        () => new Promise<never>(() => undefined),
        (error: unknown) => {
          throw new SignInError(
            'browser',
            `The system browser could not be used for sign-in: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
    const callback = await Promise.race([redirect.callback, browserFailed]);
    try {
      const tokens = await redeem(server, callback, { verifier, state, nonce });
      // Refused or cancelled once the code was exchanged: nobody is signed in, and the grant the
      // portal has just made ends now rather than staying live, unused, until it expires.
      const endThisGrant = () =>
        tokens.refreshToken === null ? undefined : endGrant(server, tokens.refreshToken).catch(() => undefined);
      if (options.signal?.aborted === true) {
        await endThisGrant();
        throw new SignInError('cancelled', 'The sign-in was cancelled.');
      }
      try {
        checkFreshAuthentication(tokens.idTokenClaims, requestedAt);
      } catch (error) {
        await endThisGrant();
        throw error;
      }
      callback.reply({ ok: true });
      return tokens;
    } catch (error) {
      callback.reply({ ok: false, problem: error instanceof SignInError ? error.message : 'the portal refused it.' });
      throw error;
    }
  } finally {
    await redirect.close();
  }
}

async function redeem(
  server: SmartServer,
  callback: LoopbackCallback,
  checks: { verifier: string; state: string; nonce: string },
): Promise<SignedInTokens> {
  const params = callback.url.searchParams;
  // Judged here, before openid-client, so a forged or stale callback never reaches the token endpoint.
  if (params.get('state') !== checks.state) {
    throw new SignInError(
      'state',
      'The browser returned from a different sign-in than the one this app started, so it was ignored. Start the sign-in again.',
    );
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    throw new SignInError(
      'denied',
      `The portal did not sign you in (${error}${description === null ? '' : `: ${description}`}).`,
    );
  }
  const requestedAt = Date.now();
  let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    response = await oidc.authorizationCodeGrant(server.config, callback.url, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (cause) {
    throw tokenError('complete', cause);
  }
  return toSignedInTokens(server, response, requestedAt);
}

/**
 * Trades the refresh token for a new access token; with rotation (the simulator, most portals) a
 * new refresh token too, and the one given is spent.
 */
export async function refreshTokens(options: RefreshOptions): Promise<SignedInTokens> {
  const server = await discoverSmartServer(options.fhirBaseUrl, {
    clientId: options.clientId ?? TRIAGE_DESK_CLIENT_ID,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const requestedAt = Date.now();
  let response: Awaited<ReturnType<typeof oidc.refreshTokenGrant>>;
  try {
    response = await oidc.refreshTokenGrant(server.config, options.refreshToken);
  } catch (cause) {
    throw tokenError('renew', cause);
  }
  return toSignedInTokens(server, response, requestedAt, options.expectedPractitionerId);
}

export interface RevokeOptions {
  fhirBaseUrl: string;
  refreshToken: string;
  clientId?: string;
  signal?: AbortSignal;
  fetch?: PortalFetch;
}

/**
 * Ends the grant behind a refresh token at the portal (OAuth token revocation, RFC 7009), so a
 * token the desk no longer uses is worth nothing to whoever finds it. 'unsupported' where the
 * portal names no revocation endpoint: the grant then ends when the token expires.
 */
export async function revokeRefreshToken(options: RevokeOptions): Promise<'revoked' | 'unsupported'> {
  const server = await discoverSmartServer(options.fhirBaseUrl, {
    clientId: options.clientId ?? TRIAGE_DESK_CLIENT_ID,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return endGrant(server, options.refreshToken);
}

async function endGrant(server: SmartServer, refreshToken: string): Promise<'revoked' | 'unsupported'> {
  if (server.config.serverMetadata().revocation_endpoint === undefined) return 'unsupported';
  try {
    await oidc.tokenRevocation(server.config, refreshToken, { token_type_hint: 'refresh_token' });
  } catch (cause) {
    throw tokenError('end', cause);
  }
  return 'revoked';
}

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

function toSignedInTokens(
  server: SmartServer,
  response: TokenResponse,
  requestedAt: number,
  expectedPractitionerId?: string,
): SignedInTokens {
  if (response.token_type.toLowerCase() !== 'bearer') {
    throw new SignInError('token', `The portal issued a ${response.token_type} token; Triage Desk uses Bearer tokens.`);
  }
  const claims = response.claims();
  let practitionerId: string;
  let fhirUser: string;
  if (claims === undefined) {
    if (expectedPractitionerId === undefined) {
      throw new SignInError('identity', 'The portal sent no id token, so it is not known who signed in.');
    }
    practitionerId = expectedPractitionerId;
    fhirUser = `Practitioner/${expectedPractitionerId}`;
  } else {
    fhirUser = typeof claims.fhirUser === 'string' ? claims.fhirUser : '';
    practitionerId = practitionerIdOf(fhirUser, server.fhirBaseUrl);
    if (expectedPractitionerId !== undefined && practitionerId !== expectedPractitionerId) {
      throw new SignInError('identity', 'The renewed sign-in belongs to someone else; sign in again.');
    }
  }
  return {
    practitionerId,
    fhirUser,
    accessToken: response.access_token,
    accessTokenExpiresAt: requestedAt + (response.expiresIn() ?? ASSUMED_LIFETIME_SECONDS) * 1000,
    refreshToken: response.refresh_token ?? null,
    idTokenClaims: claims === undefined ? {} : { ...claims },
    idToken: response.id_token ?? null,
  };
}

/** SMART's fhirUser: `Practitioner/{id}`, relative to the FHIR base or absolute under it. */
export function practitionerIdOf(fhirUser: string, fhirBaseUrl: string): string {
  if (fhirUser === '') {
    throw new SignInError('identity', "The portal's id token has no fhirUser claim, so it is not known who signed in.");
  }
  const base = fhirBaseUrl.replace(/\/+$/, '');
  const relative = fhirUser.startsWith(`${base}/`) ? fhirUser.slice(base.length + 1) : fhirUser;
  const match = /^Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(relative);
  if (match === null) {
    throw new SignInError(
      'identity',
      `The signed-in user is ${/^[A-Za-z]+\//.test(relative) ? `a ${relative.split('/')[0]}` : 'not a Practitioner'} on this portal; only clinic staff (Practitioners) can use Triage Desk.`,
    );
  }
  return match[1] ?? '';
}

/** What each token request was for, in the words of its failure. */
const TOKEN_REQUEST = {
  complete: { refused: 'The portal refused to complete the sign-in', doing: 'complete the sign-in' },
  renew: { refused: 'The portal refused to renew the sign-in; sign in again', doing: 'renew the sign-in' },
  end: { refused: 'The portal did not end the sign-in', doing: 'end the sign-in' },
} as const;

/** openid-client's error in words, without anything it may carry from the response body. */
function tokenError(request: keyof typeof TOKEN_REQUEST, cause: unknown): SignInError {
  const { refused, doing } = TOKEN_REQUEST[request];
  if (cause instanceof oidc.ResponseBodyError) {
    const description = cause.error_description === undefined ? '' : `: ${cause.error_description}`;
    return new SignInError('token', `${refused} (${cause.error}${description}).`);
  }
  const network = networkFailure(cause);
  if (network?.kind === 'unreachable') {
    return new SignInError(
      'portal',
      `The portal could not be reached to ${doing} (${network.detail}). Check the network, VPN or proxy.`,
    );
  }
  if (network?.kind === 'certificate') {
    return new SignInError(
      'portal',
      `The portal's certificate is not trusted on this computer, so Triage Desk would not ${doing} (${network.detail}). Ask IT to install the portal's root certificate in the system's trust store.`,
    );
  }
  if (network?.kind === 'redirected') {
    return new SignInError(
      'portal',
      `The portal answered a request to ${doing} with a redirect, which sign-in does not follow: check the portal address and any proxy.`,
    );
  }
  const code = (cause as { code?: unknown }).code;
  return new SignInError(
    'token',
    `${refused}: its answer failed the checks (${typeof code === 'string' ? code : (cause as Error).message}).`,
  );
}
