import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type Provider from 'oidc-provider';
import { FHIR_RESOURCE_INDICATOR } from './auth-options';

/** Readable without a token: how a client finds out where to sign in. */
const OPEN_PATHS = new Set(['/metadata']);
const REALM = 'triage-desk-portal-simulator';

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

/** SMART v2 `user/*.cruds` letters, or v1 `read`/`write`, that allow this request. */
function allows(scopes: readonly string[], write: boolean): boolean {
  return scopes.some((scope) => {
    const match = /^user\/\*\.(.+)$/.exec(scope);
    if (match === null) return false;
    const permission = match[1] ?? '';
    if (permission === 'read') return !write;
    if (permission === 'write') return write;
    return write ? /[cud]/.test(permission) : /[rs]/.test(permission);
  });
}

function isWrite(request: IncomingMessage, path: string): boolean {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  // A search by POST reads; a Bundle POSTed to the base may write (transaction or batch).
  return !(method === 'POST' && path.endsWith('/_search'));
}

function refuse(response: ServerResponse, status: 401 | 403, challenge: string, diagnostics: string): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: status === 401 ? 'login' : 'forbidden', diagnostics }],
  };
  const body = JSON.stringify(outcome);
  response.writeHead(status, {
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
        401,
        `Bearer realm="${REALM}"`,
        'Sign-in required: send Authorization: Bearer with an access token from this portal (see /.well-known/smart-configuration).',
      );
      return;
    }
    verifyAccessToken(provider, match[1] ?? '').then(
      (verdict) => {
        if (!verdict.ok) {
          refuse(response, 401, `Bearer realm="${REALM}", error="invalid_token"`, verdict.problem);
          return;
        }
        const write = isWrite(request, path);
        if (!allows(verdict.owner.scopes, write)) {
          refuse(
            response,
            403,
            `Bearer realm="${REALM}", error="insufficient_scope"`,
            `The access token's scopes do not allow ${write ? 'changes' : 'reading'} (granted: ${verdict.owner.scopes.join(' ') || 'none'}).`,
          );
          return;
        }
        request.headers['x-practitioner'] = `Practitioner/${verdict.owner.practitionerId}`;
        fhir(request, response);
      },
      (error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  };
}
