import type { RequestListener, ServerResponse } from 'node:http';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type Provider from 'oidc-provider';
import { attachScopes } from '../access/request-scopes';
import { BEARER_REALM } from '../access/scope-check';
import { FHIR_RESOURCE_INDICATOR } from './auth-options';

/** Readable without a token: how a client finds out where to sign in. */
const OPEN_PATHS = new Set(['/metadata']);

export interface TokenOwner {
  practitionerId: string;
  scopes: readonly string[];
}

type Verdict = { ok: true; owner: TokenOwner } | { ok: false; problem: string };

/** An access token this provider issued for the FHIR API, unexpired, not revoked, not sender-bound. */
export async function verifyAccessToken(provider: Provider, value: string): Promise<Verdict> {
  const token = await provider.AccessToken.find(value);
  if (token === undefined) {
    return { ok: false, problem: 'The access token is unknown, expired or revoked: refresh it or sign in again.' };
  }
  if (
    token.aud !== FHIR_RESOURCE_INDICATOR &&
    !(Array.isArray(token.aud) && token.aud.includes(FHIR_RESOURCE_INDICATOR))
  ) {
    return { ok: false, problem: 'The access token was not issued for this FHIR API.' };
  }
  if (token.jkt !== undefined || token['x5t#S256'] !== undefined) {
    return { ok: false, problem: 'Sender-constrained (DPoP or mTLS) access tokens are not accepted here.' };
  }
  if (token.accountId === undefined) return { ok: false, problem: 'The access token names no user.' };
  return {
    ok: true,
    owner: { practitionerId: token.accountId, scopes: (token.scope ?? '').split(' ').filter(Boolean) },
  };
}

/** 401: no token, or one this server will not honour (a scope problem is a 403 from the FHIR side). */
function refuse(response: ServerResponse, challenge: string, diagnostics: string): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'login', diagnostics }],
  };
  const body = JSON.stringify(outcome);
  response.writeHead(401, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'WWW-Authenticate': challenge,
  });
  response.end(body);
}

/**
 * Puts the FHIR API behind the provider's access tokens (RFC 6750). The token's Practitioner
 * becomes the acting staff member: it replaces any `X-Practitioner` header, so the portal's role
 * rules judge the signed-in user, not what a client claims.
 */
export function requireBearer(provider: Provider, fhir: RequestListener): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (OPEN_PATHS.has(path)) {
      fhir(request, response);
      return;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+([\x21-\x7e]+)\s*$/i.exec(header);
    if (match === null) {
      refuse(
        response,
        `Bearer realm="${BEARER_REALM}"`,
        'Sign-in required: send Authorization: Bearer with an access token from this portal (see /.well-known/smart-configuration).',
      );
      return;
    }
    verifyAccessToken(provider, match[1] ?? '').then(
      (verdict) => {
        if (!verdict.ok) {
          refuse(response, `Bearer realm="${BEARER_REALM}", error="invalid_token"`, verdict.problem);
          return;
        }
        request.headers['x-practitioner'] = `Practitioner/${verdict.owner.practitionerId}`;
        // Judged per interaction where the type and method are known, and per Bundle entry.
        attachScopes(request, verdict.owner.scopes);
        fhir(request, response);
      },
      (error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  };
}
