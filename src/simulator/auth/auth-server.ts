import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type * as OidcProviderModule from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { grantableScopes } from '../access/role-grants';
import { staffRolesOf } from '../access/staff-roles';
import { messageOf } from '../errors';
import type { SqliteDatabase } from '../store/open-store-database';
import { FHIR_RESOURCE_INDICATOR, OIDC_SCOPES, resolveAuthOptions, TRIAGE_DESK_CLIENT_ID } from './auth-options';
import type { AuthOptions, ResolvedAuthOptions } from './auth-options';
import { loadOrCreateSecrets, migrateAuthStore, SqliteAuthAdapter } from './auth-store';
import { requireBearer } from './bearer-guard';
import { findDemoAccount } from './demo-accounts';
import { handleInteraction, INTERACTION_PATH, sendPage } from './interactions';
import { problemPage } from './login-page';
import { logoutSource, postLogoutSuccessSource } from './sign-out-pages';
import { SMART_CONFIGURATION_PATH, smartConfiguration } from './smart-configuration';

/** The provider is mounted here; its issuer is `{fhir base}/auth`. */
export const AUTH_MOUNT = '/auth';

export interface AuthServer {
  /** `{fhir base}/auth` */
  issuer: string;
  provider: Provider;
  options: ResolvedAuthOptions;
  /** The simulator's whole HTTP face: sign-in and discovery here, the rest to `fhir` (behind tokens when required). */
  listener(fhir: RequestListener): RequestListener;
}

function configuration(db: SqliteDatabase, fhirBaseUrl: string, options: ResolvedAuthOptions): Configuration {
  const secrets = loadOrCreateSecrets(db);
  const { errors, interactionPolicy } = providerModule();
  // Triage Desk runs on shared workstations: the portal itself asks for the password at every
  // authorization, whatever the request says (prompt and max_age are in an address anyone at the
  // browser can edit), so a portal session left in the browser never signs in the next person.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('shared_workstation', 'Sign in afresh on a shared workstation', (ctx) =>
        ctx.oidc.result?.login === undefined && options.faults.reuseSessions !== true
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return {
    adapter: (model: string) => new SqliteAuthAdapter(db, model),
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: secrets.cookieKeys },
    clients: [
      {
        client_id: TRIAGE_DESK_CLIENT_ID,
        client_name: 'Triage Desk',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        // RFC 8252 §7.3: for a native client's loopback redirect, oidc-provider ignores the port.
        redirect_uris: ['http://127.0.0.1/callback'],
        // RP-Initiated Logout may return to the app's loopback listener, any port, like the sign-in.
        post_logout_redirect_uris: ['http://127.0.0.1/signed-out'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // Every id token says when the person last authenticated, whatever the request asked: the
        // desk refuses a sign-in that reused an earlier one (the previous person's, on a shared desk).
        require_auth_time: true,
      },
    ],
    responseTypes: ['code'],
    // Under the `/auth` mount the default `/auth` would read `/auth/auth`.
    routes: { authorization: '/authorize' },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ['sub'], fhirUser: ['fhirUser', 'name'] },
    // The id token carries fhirUser and name (SMART reads fhirUser from it; there is no userinfo).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    rotateRefreshToken: true,
    extraParams: {
      // SMART's `aud`: when sent, it must name this FHIR server, so a token is never minted for another.
      aud(ctx: KoaContextWithOIDC, value: string | undefined) {
        if (value !== undefined && value.replace(/\/+$/, '') !== fhirBaseUrl) {
          throw new errors.InvalidRequest(`aud must be this portal's FHIR base URL (${fhirBaseUrl}).`);
        }
      },
    },
    findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const account = findDemoAccount(db, sub);
      if (account === undefined) return undefined;
      return {
        accountId: account.practitionerId,
        claims: () => ({ sub: account.practitionerId, fhirUser: account.fhirUser, name: account.name }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      // The desk's sign-out ends the portal's session in the browser too (id_token_hint).
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      userinfo: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (ctx, client, token) => Promise.resolve(token.clientId === client.clientId),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => FHIR_RESOURCE_INDICATOR,
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, indicator) {
          if (indicator !== FHIR_RESOURCE_INDICATOR) throw new errors.InvalidTarget();
          // At the token endpoint (code exchange, refresh) the grant names the person: each token
          // carries only what their roles allow now, so a role taken away narrows the next one.
          // Before that (the authorization request) it is what some role may have, and consent
          // (interactions.ts) refuses what this person may not: a browser's earlier session may
          // still name someone else there.
          const accountId = ctx.oidc.route === 'token' ? ctx.oidc.grant?.accountId : undefined;
          return {
            scope: grantableScopes(accountId === undefined ? undefined : staffRolesOf(db, accountId)).join(' '),
            accessTokenFormat: 'opaque',
            accessTokenTTL: options.accessTokenTtlSeconds,
          };
        },
      },
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.accessTokenTtlSeconds,
      RefreshToken: options.refreshTokenTtlSeconds,
      // The refresh chain ends with the grant: a sign-in lasts a shift however often it refreshes.
      Grant: options.refreshTokenTtlSeconds,
      Session: options.refreshTokenTtlSeconds,
      Interaction: 10 * 60,
    },
    interactions: { policy, url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
    clientBasedCORS: () => false,
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      ctx.body = problemPage('Sign-in could not go on', String(out.error_description ?? out.error));
      return Promise.resolve();
    },
  };
}

let loaded: typeof OidcProviderModule | undefined;
function providerModule(): typeof OidcProviderModule {
  if (loaded === undefined) throw new Error('oidc-provider is not loaded yet.');
  return loaded;
}

/**
 * The simulator's SMART authorization server: oidc-provider (OpenID certified) with the
 * simulator's roster as its accounts and the simulator's SQLite file as its storage. Loaded on
 * demand, so a simulator without auth never imports it.
 */
export async function createAuthServer(args: {
  db: SqliteDatabase;
  fhirBaseUrl: string;
  options: AuthOptions;
}): Promise<AuthServer> {
  loaded ??= await import('oidc-provider');
  const options = resolveAuthOptions(args.options);
  migrateAuthStore(args.db);
  const issuer = `${args.fhirBaseUrl}${AUTH_MOUNT}`;
  const provider = new loaded.default(issuer, configuration(args.db, args.fhirBaseUrl, options));
  const callback = provider.callback();
  const interactionContext = {
    provider,
    db: args.db,
    demoPassword: options.demoPassword,
    faults: options.faults,
  };

  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === SMART_CONFIGURATION_PATH) {
      const body = JSON.stringify(smartConfiguration(provider));
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
      });
      response.end(body);
      return true;
    }
    if (path.startsWith(INTERACTION_PATH)) {
      handleInteraction(interactionContext, request, response, path).catch((error: unknown) => {
        if (response.headersSent) response.destroy();
        else sendPage(response, 500, problemPage('Sign-in failed', messageOf(error)));
      });
      return true;
    }
    if (path === AUTH_MOUNT || path.startsWith(`${AUTH_MOUNT}/`)) {
      // Mounted under a prefix the way the provider's docs show for plain node handlers: it reads
      // the prefix back from originalUrl when it builds its own URLs.
      const mounted = request as IncomingMessage & { originalUrl?: string };
      mounted.originalUrl = request.url;
      const below = (request.url ?? '').slice(AUTH_MOUNT.length);
      request.url = below.startsWith('/') ? below : `/${below}`;
      void callback(request, response);
      return true;
    }
    return false;
  };

  return {
    issuer,
    provider,
    options,
    listener(fhir) {
      const guarded = options.requireAccessToken ? requireBearer(provider, fhir) : fhir;
      return (request, response) => {
        if (!handle(request, response)) guarded(request, response);
      };
    },
  };
}
