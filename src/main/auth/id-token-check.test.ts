import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './smart-sign-in';

/**
 * A hand-made authorization server whose token endpoint signs the id token as the test says:
 * proves the app checks the signature against the issuer's published keys, and who signed in.
 */
const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });

let server: Server;
let origin = '';
let idToken: (claims: { nonce: string }) => string = () => '';
let nonce = '';
/** The authorization request the browser was sent last, and the grants the test server was asked to end. */
let authorizeRequest = new URL('http://unset');
const revoked: string[] = [];

function jwt(key: KeyObject, payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `${origin}/auth`,
    aud: 'triage-desk',
    sub: 'rn-osei',
    iat: now,
    exp: now + 300,
    auth_time: now,
    nonce,
    ...extra,
  };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    switch (new URL(request.url ?? '/', origin).pathname) {
      case '/fhir/.well-known/smart-configuration':
        return json({
          issuer: `${origin}/auth`,
          authorization_endpoint: `${origin}/auth/authorize`,
          token_endpoint: `${origin}/auth/token`,
          code_challenge_methods_supported: ['S256'],
        });
      case '/auth/.well-known/openid-configuration':
        return json({
          issuer: `${origin}/auth`,
          authorization_endpoint: `${origin}/auth/authorize`,
          token_endpoint: `${origin}/auth/token`,
          revocation_endpoint: `${origin}/auth/revoke`,
          jwks_uri: `${origin}/auth/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
        });
      case '/auth/revoke': {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          revoked.push(new URLSearchParams(body).get('token') ?? '');
          response.writeHead(200);
          response.end();
        });
        return;
      }
      case '/auth/jwks':
        return json({
          keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }],
        });
      case '/auth/token':
        request.resume();
        return json({
          access_token: 'access-token-value',
          token_type: 'Bearer',
          expires_in: 300,
          refresh_token: 'refresh-token-value',
          id_token: idToken({ nonce }),
        });
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The browser: straight back to the app with a code and the state it was given. */
async function browser(url: string): Promise<void> {
  const authorize = new URL(url);
  authorizeRequest = authorize;
  nonce = authorize.searchParams.get('nonce') ?? '';
  const back = new URL(authorize.searchParams.get('redirect_uri') ?? '');
  back.searchParams.set('code', 'a-code');
  back.searchParams.set('state', authorize.searchParams.get('state') ?? '');
  const page = await fetch(back);
  await page.body?.cancel();
}

describe('the id token check', () => {
  it('accepts an id token signed with the published key and reads fhirUser from it', async () => {
    idToken = () => jwt(published.privateKey, claims({ fhirUser: 'Practitioner/rn-osei' }));
    const tokens = await signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser });
    expect(tokens.practitionerId).toBe('rn-osei');
    expect(tokens.accessToken).toBe('access-token-value');
  });

  it('refuses an id token signed with any other key', async () => {
    idToken = () => jwt(impostor.privateKey, claims({ fhirUser: 'Practitioner/rn-osei' }));
    await expect(signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser })).rejects.toMatchObject({
      problem: 'token',
    });
  });

  it('refuses an id token for another nonce, another audience, or without a Practitioner', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fhirUser: 'Practitioner/rn-osei', nonce: 'replayed' }, 'token'],
      [{ fhirUser: 'Practitioner/rn-osei', aud: 'another-app' }, 'token'],
      [{}, 'identity'],
      [{ fhirUser: 'Patient/pat-1' }, 'identity'],
    ];
    for (const [extra, problem] of cases) {
      idToken = () => jwt(published.privateKey, claims(extra));
      const attempt = signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser });
      await expect(attempt).rejects.toMatchObject({ problem });
      await expect(attempt).rejects.not.toThrow(/access-token-value|refresh-token-value/);
    }
  });
});

describe('fresh authentication on a shared workstation', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('asks the portal to authenticate the person now: prompt=login and max_age=0', async () => {
    idToken = () => jwt(published.privateKey, claims({ fhirUser: 'Practitioner/rn-osei' }));
    await signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser });
    expect(authorizeRequest.searchParams.get('prompt')?.split(' ')).toContain('login');
    expect(authorizeRequest.searchParams.get('max_age')).toBe('0');
  });

  it('accepts an auth_time a little before the request, as two clocks may differ', async () => {
    idToken = () => jwt(published.privateKey, claims({ fhirUser: 'Practitioner/rn-osei', auth_time: now() - 45 }));
    await expect(signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser })).resolves.toMatchObject({
      practitionerId: 'rn-osei',
    });
  });

  it('refuses an id token whose auth_time is older than the request, and ends its grant', async () => {
    idToken = () =>
      jwt(published.privateKey, claims({ fhirUser: 'Practitioner/rn-osei', auth_time: now() - 2 * 60 * 60 }));
    revoked.length = 0;
    const attempt = signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser });
    await expect(attempt).rejects.toMatchObject({ problem: 'stale' });
    await expect(attempt).rejects.toThrow(
      /^The portal did not confirm that you signed in just now \(it reported a sign-in from .+\), so Triage Desk refused it: on a shared computer that may be the previous person's sign-in\. Close every browser window, then sign in again\.$/,
    );
    expect(revoked).toEqual(['refresh-token-value']);
  });

  it('refuses an id token without auth_time, saying what the portal must send', async () => {
    idToken = () => jwt(published.privateKey, claims({ fhirUser: 'Practitioner/rn-osei', auth_time: undefined }));
    const attempt = signIn({ fhirBaseUrl: `${origin}/fhir`, openExternal: browser });
    await expect(attempt).rejects.toMatchObject({ problem: 'stale' });
    await expect(attempt).rejects.toThrow(/no auth_time.*Ask IT to have the portal include auth_time/);
  });
});
