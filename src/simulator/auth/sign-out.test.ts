import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallClinic } from '../test-support/clinic-fixture';
import { startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';
import type { AuthFaults } from './auth-options';
import { DemoBrowser } from './demo-browser';
import { pkce, smartTestClient } from './smart-test-client';
import type { SmartTestClient } from './smart-test-client';

/*
 * Issue 20, a shared workstation: the portal's session in the browser must not sign the next
 * person in as the last one. The portal offers RP-initiated logout, honours max_age=0, and says
 * in every id token when the person authenticated, so the desk can refuse a reused session.
 */

let sim: TestSimulator;
let loopback: Server;
let redirectUri: string;
let client: SmartTestClient;
/** Switched on by the test of a faulty portal, off again after it. */
const faults: AuthFaults = { backdateAuthTimeSeconds: 0 };
/** What reached the app's loopback listener, path and query. */
const delivered: URL[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic(), auth: { requireAccessToken: true, faults } });
  loopback = createServer((request, response) => {
    delivered.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    response.end('ok');
  });
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/callback`;
  client = smartTestClient(sim.baseUrl, redirectUri);
});

afterAll(async () => {
  await new Promise((resolve) => loopback.close(resolve));
  await sim?.stop();
});

const claimsOf = (idToken: unknown): Record<string, unknown> =>
  JSON.parse(Buffer.from(String(idToken).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** Signs in at this browser with the request's fields as given; the id token and whether a password was asked. */
async function signInAt(browser: DemoBrowser, username: string, params: Record<string, string | undefined>) {
  const challenge = pkce();
  const url = client.authorizeUrl({
    code_challenge: challenge.challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  const signedIn = await browser.signIn(url, { username, password: 'demo' });
  const code = new URL(signedIn.callback).searchParams.get('code') ?? '';
  const answer = await client.redeem(code, challenge.verifier);
  expect(answer.status).toBe(200);
  return { idToken: String(answer.body.id_token), claims: claimsOf(answer.body.id_token), ...signedIn };
}

const waitASecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('discovery', () => {
  it('names the sign-out endpoint in the SMART configuration and the OpenID metadata', async () => {
    const smart = (await (await fetch(`${sim.baseUrl}/.well-known/smart-configuration`)).json()) as Record<
      string,
      unknown
    >;
    const oidc = (await (await fetch(`${sim.baseUrl}/auth/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(smart.end_session_endpoint).toBe(`${sim.baseUrl}/auth/session/end`);
    expect(oidc.end_session_endpoint).toBe(smart.end_session_endpoint);
  });
});

describe('a browser shared by two people', () => {
  it('asks for the password even when the request is stripped of prompt and max_age', async () => {
    const browser = new DemoBrowser();
    await signInAt(browser, 'pcm-reyes', {});
    const stripped = await signInAt(browser, 'rn-harper', { prompt: undefined });
    expect(stripped.askedForCredentials).toBe(true);
    expect(stripped.claims.sub).toBe('rn-harper');
  });

  it('as a portal reusing sessions would: nobody asked, and auth_time tells the reuse apart', async () => {
    faults.reuseSessions = true;
    try {
      const browser = new DemoBrowser();
      const first = await signInAt(browser, 'pcm-reyes', {});
      expect(first.askedForCredentials).toBe(true);
      expect(first.claims.auth_time).toEqual(expect.any(Number));
      await waitASecond();
      // The attack the desk guards against: nobody is asked, and the id token is the previous person's.
      const reused = await signInAt(browser, 'rn-harper', { prompt: undefined });
      expect(reused.askedForCredentials).toBe(false);
      expect(reused.claims.sub).toBe('pcm-reyes');
      expect(reused.claims.auth_time).toBe(first.claims.auth_time);
    } finally {
      faults.reuseSessions = false;
    }
  });

  it('asks again for max_age=0 alone, with a later auth_time', async () => {
    const browser = new DemoBrowser();
    const first = await signInAt(browser, 'pcm-reyes', {});
    await waitASecond();
    const again = await signInAt(browser, 'rn-harper', { prompt: undefined, max_age: '0' });
    expect(again.askedForCredentials).toBe(true);
    expect(again.claims.sub).toBe('rn-harper');
    expect(Number(again.claims.auth_time)).toBeGreaterThan(Number(first.claims.auth_time));
  });

  it('ends the session at sign-out with the id token as hint, so the next sign-in asks even without prompt', async () => {
    const browser = new DemoBrowser();
    const first = await signInAt(browser, 'pcm-reyes', {});
    const end = new URL(`${sim.baseUrl}/auth/session/end`);
    end.searchParams.set('id_token_hint', first.idToken);
    end.searchParams.set('client_id', 'triage-desk');
    // The page signs the person out at once (its script presses the button); its policy allows that script only.
    const page = await browser.signOut(end.href);
    expect(page).toBe('Signed out of the portal');
    const next = await signInAt(browser, 'rn-harper', { prompt: undefined });
    expect(next.askedForCredentials).toBe(true);
    expect(next.claims.sub).toBe('rn-harper');
  });

  it('asks first when the hint is not the signed-in person’s, with no script on the page', async () => {
    const browser = new DemoBrowser();
    await signInAt(browser, 'pcm-reyes', {});
    const stranger = await signInAt(new DemoBrowser(), 'rn-harper', {});
    const end = new URL(`${sim.baseUrl}/auth/session/end`);
    end.searchParams.set('id_token_hint', stranger.idToken);
    // The browser's own cookie, as the demo browser sends it, to read the page before answering.
    const cookie = (browser as unknown as { jar: { header(url: URL): string | undefined } }).jar.header(end);
    const response = await fetch(end, { headers: { cookie: cookie ?? '' } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Sign out of the clinic portal in this browser?');
    expect(html).not.toContain('<script>');
    expect(response.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('ends the session for client_id and a registered loopback post_logout_redirect_uri, after asking, and goes back there', async () => {
    const browser = new DemoBrowser();
    await signInAt(browser, 'pcm-reyes', {});
    const back = redirectUri.replace(/\/callback$/, '/signed-out');
    const end = new URL(`${sim.baseUrl}/auth/session/end`);
    end.searchParams.set('client_id', 'triage-desk');
    end.searchParams.set('post_logout_redirect_uri', back);
    end.searchParams.set('state', 'sign-out-1');
    delivered.length = 0;
    await browser.signOut(end.href);
    expect(delivered.map((url) => `${url.pathname}?${url.searchParams.toString()}`)).toEqual([
      '/signed-out?state=sign-out-1',
    ]);
    const next = await signInAt(browser, 'rn-harper', { prompt: undefined });
    expect(next.askedForCredentials).toBe(true);
  });

  it('refuses a post_logout_redirect_uri it does not know', async () => {
    const end = new URL(`${sim.baseUrl}/auth/session/end`);
    end.searchParams.set('client_id', 'triage-desk');
    end.searchParams.set('post_logout_redirect_uri', 'https://elsewhere.example/after');
    const response = await fetch(end);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('post_logout_redirect_uri not registered');
  });
});

describe('a portal that reports an old sign-in (a test fault)', () => {
  it('asks for the password but puts auth_time back by the seconds asked', async () => {
    faults.backdateAuthTimeSeconds = 2 * 60 * 60;
    try {
      const signedIn = await signInAt(new DemoBrowser(), 'rn-harper', { max_age: '0' });
      expect(signedIn.askedForCredentials).toBe(true);
      const now = Math.floor(Date.now() / 1000);
      expect(Number(signedIn.claims.auth_time)).toBeLessThanOrEqual(now - 2 * 60 * 60 + 5);
    } finally {
      faults.backdateAuthTimeSeconds = 0;
    }
  });
});
