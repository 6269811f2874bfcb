/** The simulator's SMART authorization server, when `startSimulator` is given `auth`. */
export interface AuthOptions {
  /**
   * Every FHIR request then needs `Authorization: Bearer <access token>` from this server; `/metadata`
   * and `/.well-known/smart-configuration` stay open. Default false: most tests use the simulator bare.
   */
  requireAccessToken?: boolean;
  /** The one password every demo user signs in with (default `demo`), said on the login page. */
  demoPassword?: string;
  /** Default 10 minutes: short enough that the app's refresh path is exercised in a demo. */
  accessTokenTtlSeconds?: number;
  /** Default 12 hours, a clinic shift; rotation gives each new refresh token this lifetime again. */
  refreshTokenTtlSeconds?: number;
  /** A misbehaving portal, for tests: kept by reference, so a test can switch a fault on while the portal runs. */
  faults?: AuthFaults;
}

/**
 * How a portal that gets sign-in wrong looks to the desk. Read at every sign-in, so a test flips
 * one on the object it passed and the next sign-in shows it.
 */
export interface AuthFaults {
  /**
   * Seconds by which the id token's `auth_time` is put back after the person typed their
   * password: a portal that asks but reports an old sign-in (a stale session it kept). 0: off.
   */
  backdateAuthTimeSeconds: number;
  /**
   * Reuse the browser's portal session when the request no longer asks for a fresh sign-in
   * (`prompt` and `max_age` taken off the address), as oidc-provider's default and many identity
   * providers do: the desk's own `auth_time` check is then all that stands. Off: this portal asks
   * for the password at every authorization.
   */
  reuseSessions?: boolean;
}

export interface ResolvedAuthOptions {
  requireAccessToken: boolean;
  demoPassword: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  faults: AuthFaults;
}

export const DEFAULT_DEMO_PASSWORD = 'demo';

export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  const resolved = {
    requireAccessToken: options.requireAccessToken ?? false,
    demoPassword: options.demoPassword ?? DEFAULT_DEMO_PASSWORD,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 10 * 60,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 12 * 60 * 60,
    faults: options.faults ?? { backdateAuthTimeSeconds: 0 },
  };
  for (const key of ['accessTokenTtlSeconds', 'refreshTokenTtlSeconds'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] <= 0) {
      throw new Error(`auth.${key} must be a positive whole number of seconds.`);
    }
  }
  if (resolved.demoPassword === '') throw new Error('auth.demoPassword must not be empty.');
  return resolved;
}

/** The one client this server knows: the desktop app, a public native client (RFC 8252). */
export const TRIAGE_DESK_CLIENT_ID = 'triage-desk';

/**
 * The FHIR API as a resource server (RFC 8707). A name rather than the base URL because the
 * embedded simulator listens on a new ephemeral port at every start, and a refresh token issued
 * before a restart must still buy access tokens for the same API afterwards.
 */
export const FHIR_RESOURCE_INDICATOR = 'urn:triage-desk:portal-simulator:fhir';

/**
 * The user-level scopes advertised in the SMART configuration: the wildcard forms some role may be
 * granted (access/role-grants.ts), in v2 and v1 syntax. Per-type scopes (`user/Task.rs`) are
 * understood as well; delete (`d`, and v1 `write`, which includes it) is granted to no one. The app
 * asks for `user/*.crus`: it reads, searches, creates and updates, never deletes.
 */
export const SMART_USER_SCOPES = ['user/*.crus', 'user/*.rs', 'user/*.read'] as const;

export const OIDC_SCOPES = ['openid', 'fhirUser', 'offline_access'] as const;
