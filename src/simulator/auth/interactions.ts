import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { isGrantable } from '../access/role-grants';
import { staffRolesOf } from '../access/staff-roles';
import { FhirError, messageOf } from '../errors';
import { readBody } from '../http/read-body';
import type { SqliteDatabase } from '../store/open-store-database';
import { checkDemoCredentials, listDemoAccounts } from './demo-accounts';
import { loginPage, problemPage } from './login-page';
import { TRIAGE_DESK_CLIENT_ID } from './auth-options';
import type { AuthFaults } from './auth-options';

export const INTERACTION_PATH = '/auth/interaction/';
const MAX_FORM_BYTES = 8 * 1024;

/**
 * The demo pages are the user's browser talking to the portal: no script, not framable, never
 * cached, nothing leaked in a Referer.
 */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

export interface InteractionContext {
  provider: Provider;
  db: SqliteDatabase;
  demoPassword: string;
  faults: AuthFaults;
}

/**
 * The login and consent steps oidc-provider hands to the deployment (its `interactions.url`):
 * `GET /auth/interaction/{uid}` shows the login page or, for consent, grants at once (Triage Desk
 * is the portal's own first-party client); `POST …/login` checks the demo credentials;
 * `POST …/abort` ends the sign-in with access_denied.
 */
export async function handleInteraction(
  context: InteractionContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const [uid = '', action, ...rest] = path.slice(INTERACTION_PATH.length).split('/');
  const method = (request.method ?? 'GET').toUpperCase();
  try {
    const details = await context.provider.interactionDetails(request, response);
    if (details.uid !== uid || rest.length > 0) {
      return sendPage(
        response,
        400,
        problemPage('Sign-in page not found', 'This sign-in link does not match the sign-in in progress.'),
      );
    }
    if (action === undefined && method === 'GET') {
      if (details.prompt.name === 'login') return showLogin(context, response, uid);
      if (details.prompt.name === 'consent') return await grantConsent(context, request, response, details);
    }
    if (action === 'login' && method === 'POST') return await submitLogin(context, request, response, uid);
    if (action === 'abort' && method === 'POST') {
      return await context.provider.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
    }
    return sendPage(
      response,
      405,
      problemPage('Sign-in step not available', `${method} is not a step of this sign-in.`),
    );
  } catch (error) {
    const expired = error instanceof Error && error.name === 'SessionNotFound';
    if (expired) {
      return sendPage(
        response,
        400,
        problemPage('Sign-in expired', 'This sign-in page is no longer valid: it expired or was already used.'),
      );
    }
    const status = error instanceof FhirError ? error.status : 500;
    return sendPage(response, status, problemPage('Sign-in failed', messageOf(error)));
  }
}

function showLogin(
  context: InteractionContext,
  response: ServerResponse,
  uid: string,
  error?: string,
  username?: string,
) {
  sendPage(
    response,
    error === undefined ? 200 : 401,
    loginPage({
      action: `${INTERACTION_PATH}${encodeURIComponent(uid)}/login`,
      abortAction: `${INTERACTION_PATH}${encodeURIComponent(uid)}/abort`,
      clientName: 'Triage Desk',
      demoPassword: context.demoPassword,
      roster: listDemoAccounts(context.db),
      ...(error === undefined ? {} : { error }),
      ...(username === undefined ? {} : { username }),
    }),
  );
}

async function submitLogin(
  context: InteractionContext,
  request: IncomingMessage,
  response: ServerResponse,
  uid: string,
) {
  const form = new URLSearchParams((await readBody(request, MAX_FORM_BYTES)).toString('utf8'));
  const username = form.get('username') ?? '';
  const account = checkDemoCredentials(context.db, context.demoPassword, username, form.get('password') ?? '');
  if (account === undefined) {
    return showLogin(
      context,
      response,
      uid,
      'Wrong staff id or password, or this staff member is not on the clinic roster.',
      username,
    );
  }
  // `ts` becomes the id token's auth_time; put back only where a test asked for a faulty portal.
  const backdate = context.faults.backdateAuthTimeSeconds;
  const login =
    backdate > 0
      ? { accountId: account.practitionerId, ts: Math.floor(Date.now() / 1000) - backdate }
      : { accountId: account.practitionerId };
  await context.provider.interactionFinished(request, response, { login }, { mergeWithLastSubmission: false });
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * Consent without a screen: the portal trusts its own desktop client, so the app gets what it
 * asked for, as far as the person's roles allow.
 */
async function grantConsent(
  context: InteractionContext,
  request: IncomingMessage,
  response: ServerResponse,
  details: InteractionDetails,
) {
  const { provider } = context;
  const accountId = details.session?.accountId;
  if (details.params.client_id !== TRIAGE_DESK_CLIENT_ID || accountId === undefined) {
    return sendPage(response, 403, problemPage('Sign-in refused', 'Only Triage Desk may sign in here.'));
  }
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
    new provider.Grant({ accountId, clientId: TRIAGE_DESK_CLIENT_ID });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope !== undefined) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims !== undefined) grant.addOIDCClaims(missing.missingOIDCClaims);
  // Only what this person's roles allow (access/role-grants.ts); the rest is refused, not left
  // pending, so the sign-in goes on without it instead of asking for consent again.
  const roles = staffRolesOf(context.db, accountId);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    const allowed = scopes.filter((scope) => isGrantable(roles, scope));
    const refused = scopes.filter((scope) => !isGrantable(roles, scope));
    if (allowed.length > 0) grant.addResourceScope(indicator, allowed.join(' '));
    if (refused.length > 0) grant.rejectResourceScope(indicator, refused.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export function sendPage(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': Buffer.byteLength(html) });
  response.end(html);
}
