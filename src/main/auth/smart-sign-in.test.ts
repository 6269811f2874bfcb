import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeDemoSignIn } from '../../simulator/auth/demo-browser';
import { startSimulator } from '../../simulator/start-simulator';
import type { RunningSimulator } from '../../simulator/start-simulator';
import { smallClinic } from '../../simulator/test-support/clinic-fixture';
import { SignInError } from './sign-in-error';
import { practitionerIdOf, refreshTokens, revokeRefreshToken, signIn } from './smart-sign-in';

let dir: string;
let file: string;
let sim: RunningSimulator;

async function start(): Promise<RunningSimulator> {
  return startSimulator({ file, resources: smallClinic(), validate: false, auth: { requireAccessToken: true } });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smart-sign-in-'));
  file = join(dir, 'portal.db');
  sim = await start();
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The browser, as the demo user: the app's real loopback listener receives the redirect. */
const as = (username: string) => (url: string) => completeDemoSignIn(url, { username, password: 'demo' });

function accessTokenRows(): number {
  return (
    sim.store.db.prepare("SELECT COUNT(*) AS n FROM auth_artifact WHERE model = 'AccessToken'").get() as { n: number }
  ).n;
}

async function readPatient(baseUrl: string, accessToken?: string): Promise<number> {
  const response = await fetch(`${baseUrl}/Patient/pat-1`, {
    headers: {
      accept: 'application/fhir+json',
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
  });
  await response.body?.cancel();
  return response.status;
}

describe('signIn against the simulator', () => {
  it('signs the chosen practitioner in, with a checked id token and a token the FHIR API takes', async () => {
    const before = Date.now();
    const tokens = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('pcm-reyes') });
    expect(tokens.practitionerId).toBe('pcm-reyes');
    expect(tokens.fhirUser).toBe('Practitioner/pcm-reyes');
    expect(tokens.idTokenClaims.iss).toBe(`${sim.baseUrl}/auth`);
    expect(tokens.idTokenClaims.aud).toBe('triage-desk');
    expect(tokens.idTokenClaims.sub).toBe('pcm-reyes');
    expect(tokens.idTokenClaims.name).toMatch(/Reyes/);
    expect(tokens.accessTokenExpiresAt).toBeGreaterThan(before);
    expect(tokens.refreshToken).toEqual(expect.any(String));

    expect(await readPatient(sim.baseUrl)).toBe(401);
    expect(await readPatient(sim.baseUrl, tokens.accessToken)).toBe(200);
  });

  it('rejects a callback carrying another state, and no token is issued', async () => {
    const issuedBefore = accessTokenRows();
    const forged = async (url: string) => {
      const authorize = new URL(url);
      authorize.searchParams.set('state', 'a-state-from-another-sign-in');
      return completeDemoSignIn(authorize.href, { username: 'rn-harper', password: 'demo' });
    };
    const attempt = signIn({ fhirBaseUrl: sim.baseUrl, openExternal: forged });
    await expect(attempt).rejects.toThrow(SignInError);
    await expect(attempt).rejects.toMatchObject({ problem: 'state' });
    expect(accessTokenRows()).toBe(issuedBefore);
  });

  it('rotates the refresh token: the new one works, the old one is refused', async () => {
    const first = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('rn-harper') });
    const old = first.refreshToken ?? '';
    const renewed = await refreshTokens({
      fhirBaseUrl: sim.baseUrl,
      refreshToken: old,
      expectedPractitionerId: 'rn-harper',
    });
    expect(renewed.practitionerId).toBe('rn-harper');
    expect(renewed.refreshToken).toEqual(expect.any(String));
    expect(renewed.refreshToken).not.toBe(old);
    expect(renewed.accessToken).not.toBe(first.accessToken);
    expect(await readPatient(sim.baseUrl, renewed.accessToken)).toBe(200);

    const reuse = refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: old });
    await expect(reuse).rejects.toMatchObject({ problem: 'token' });
    await expect(reuse).rejects.toThrow(/invalid_grant/);
    // Reuse of a spent refresh token is taken as theft: the whole sign-in is revoked (oidc-provider's rule).
    expect(await readPatient(sim.baseUrl, renewed.accessToken)).toBe(401);
  });

  it('revokes a sign-in at the portal: its refresh token renews nothing after, and its access token is refused', async () => {
    const tokens = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('rn-harper') });
    expect(await readPatient(sim.baseUrl, tokens.accessToken)).toBe(200);
    await expect(
      revokeRefreshToken({ fhirBaseUrl: sim.baseUrl, refreshToken: tokens.refreshToken ?? '' }),
    ).resolves.toBe('revoked');
    await expect(refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: tokens.refreshToken ?? '' })).rejects.toThrow(
      /invalid_grant/,
    );
    // Revoking the refresh token ends the whole grant (RFC 7009 §2.1), the access token with it.
    expect(await readPatient(sim.baseUrl, tokens.accessToken)).toBe(401);
  });

  it('sends every request of sign-in, refresh and revocation through the fetch it is given', async () => {
    const sent: string[] = [];
    const portalFetch: typeof fetch = (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : input).pathname}`);
      return fetch(input, init);
    };
    const tokens = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('rn-harper'), fetch: portalFetch });
    const renewed = await refreshTokens({
      fhirBaseUrl: sim.baseUrl,
      refreshToken: tokens.refreshToken ?? '',
      fetch: portalFetch,
    });
    await revokeRefreshToken({
      fhirBaseUrl: sim.baseUrl,
      refreshToken: renewed.refreshToken ?? '',
      fetch: portalFetch,
    });
    // Discovery each time, then the token endpoint for the code and the refresh, and revocation.
    expect(sent.filter((request) => request.startsWith('POST'))).toEqual([
      'POST /auth/token',
      'POST /auth/token',
      'POST /auth/token/revocation',
    ]);
    expect(sent.filter((request) => request.includes('/.well-known/'))).toEqual([
      'GET /.well-known/smart-configuration',
      'GET /auth/.well-known/openid-configuration',
      'GET /.well-known/smart-configuration',
      'GET /auth/.well-known/openid-configuration',
      'GET /.well-known/smart-configuration',
      'GET /auth/.well-known/openid-configuration',
    ]);
    // The id token's signature is checked against the key set, fetched the same way.
    expect(sent).toContain('GET /auth/jwks');
  });

  it("says the portal could not be reached when Electron's network stack fails the token request", async () => {
    const tokens = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('rn-harper') });
    // net.fetch rejects with a plain Error('net::ERR_…'), not Node's TypeError('fetch failed').
    const proxyDown: typeof fetch = (input, init) =>
      init?.method === 'POST' ? Promise.reject(new Error('net::ERR_PROXY_CONNECTION_FAILED')) : fetch(input, init);
    const refreshing = refreshTokens({
      fhirBaseUrl: sim.baseUrl,
      refreshToken: tokens.refreshToken ?? '',
      fetch: proxyDown,
    });
    await expect(refreshing).rejects.toThrow(
      'The portal could not be reached to renew the sign-in (net::ERR_PROXY_CONNECTION_FAILED). Check the network, VPN or proxy.',
    );
  });

  it('ends the grant of a sign-in cancelled while its code was being exchanged', async () => {
    const abort = new AbortController();
    let issued: string | undefined;
    // The cancel comes just as the token request leaves; the portal answers it all the same.
    const cancelMidway: typeof fetch = async (input, init) => {
      const token =
        init?.method === 'POST' && (input instanceof Request ? input.url : input.toString()).endsWith('/auth/token');
      if (token) abort.abort();
      const response = await fetch(input, init);
      if (token) issued = ((await response.clone().json()) as { refresh_token?: string }).refresh_token;
      return response;
    };
    const attempt = signIn({
      fhirBaseUrl: sim.baseUrl,
      openExternal: as('rn-harper'),
      signal: abort.signal,
      fetch: cancelMidway,
    });
    await expect(attempt).rejects.toMatchObject({ problem: 'cancelled' });
    expect(issued).toEqual(expect.any(String));
    await expect(refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: issued ?? '' })).rejects.toThrow(
      /invalid_grant/,
    );
  });

  it('keeps tokens out of its error messages', async () => {
    const first = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('rn-harper') });
    const token = first.refreshToken ?? '';
    await refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: token });
    const error = await refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(String((error as Error).message)).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
  });
});

describe('cancel and timeout', () => {
  const leftOpen: Promise<unknown>[] = [];
  afterEach(async () => {
    await Promise.allSettled(leftOpen.splice(0));
  });

  it('a cancel closes the loopback listener', async () => {
    const controller = new AbortController();
    let redirectUri = '';
    const attempt = signIn({
      fhirBaseUrl: sim.baseUrl,
      signal: controller.signal,
      openExternal: (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        controller.abort();
        return Promise.resolve();
      },
    });
    await expect(attempt).rejects.toMatchObject({ problem: 'cancelled' });
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('a browser nobody finishes in times out and closes the listener', async () => {
    let redirectUri = '';
    const attempt = signIn({
      fhirBaseUrl: sim.baseUrl,
      timeoutMs: 200,
      openExternal: (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        return Promise.resolve();
      },
    });
    await expect(attempt).rejects.toMatchObject({ problem: 'timeout' });
    await expect(fetch(redirectUri)).rejects.toThrow();
  });
});

describe('a restart of the portal', () => {
  it('keeps refresh tokens: the same file on a new port still renews the sign-in', async () => {
    const tokens = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: as('pcm-reyes') });
    const oldBase = sim.baseUrl;
    await sim.close();
    sim = await start();
    expect(sim.baseUrl).not.toBe(oldBase);
    expect(await readPatient(sim.baseUrl)).toBe(401);
    const renewed = await refreshTokens({ fhirBaseUrl: sim.baseUrl, refreshToken: tokens.refreshToken ?? '' });
    expect(renewed.practitionerId).toBe('pcm-reyes');
    expect(renewed.idTokenClaims.iss).toBe(`${sim.baseUrl}/auth`);
    expect(await readPatient(sim.baseUrl, renewed.accessToken)).toBe(200);
  });
});

describe('practitionerIdOf', () => {
  it('reads relative and absolute fhirUser, and refuses anyone who is not a Practitioner', () => {
    expect(practitionerIdOf('Practitioner/rn-osei', 'https://portal.example/fhir')).toBe('rn-osei');
    expect(practitionerIdOf('https://portal.example/fhir/Practitioner/rn-osei', 'https://portal.example/fhir/')).toBe(
      'rn-osei',
    );
    for (const claim of [
      '',
      'Patient/pat-1',
      'RelatedPerson/x',
      'https://elsewhere.example/fhir/Practitioner/rn-osei',
    ]) {
      expect(() => practitionerIdOf(claim, 'https://portal.example/fhir')).toThrow(SignInError);
    }
  });
});
