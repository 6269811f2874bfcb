import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLE_SYSTEM } from '../../domain/fhir/codes';
import { smallClinic } from '../test-support/clinic-fixture';
import { startTestSimulator } from '../test-support/harness';
import type { TestSimulator } from '../test-support/harness';
import { tokenHash } from './auth-store';
import { completeDemoSignIn } from './demo-browser';
import { bearer, pkce, smartTestClient } from './smart-test-client';
import type { SmartTestClient } from './smart-test-client';

const EXTRA_STAFF: Resource[] = [
  // On file but holding no PractitionerRole: not on the roster.
  { resourceType: 'Practitioner', id: 'locum-no-role', name: [{ family: 'Locum' }] },
  // A name that would be markup if the login page did not escape it.
  { resourceType: 'Practitioner', id: 'rn-markup', name: [{ family: '<script>alert(1)</script>' }] },
  {
    resourceType: 'PractitionerRole',
    id: 'role-rn-markup',
    active: true,
    practitioner: { reference: 'Practitioner/rn-markup' },
    code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: 'nurse' }] }],
  },
];

let sim: TestSimulator;
/** Stands in for the app's loopback listener: records what the browser delivered. */
let loopback: Server;
let redirectUri: string;
const delivered: string[] = [];
let client: SmartTestClient;

beforeAll(async () => {
  sim = await startTestSimulator({ resources: [...smallClinic(), ...EXTRA_STAFF], auth: { requireAccessToken: true } });
  loopback = createServer((request, response) => {
    delivered.push(request.url ?? '');
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

describe('discovery', () => {
  it('serves the SMART configuration, matching the OpenID metadata of the issuer it names', async () => {
    const smart = (await (await fetch(`${sim.baseUrl}/.well-known/smart-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(smart.issuer).toBe(`${sim.baseUrl}/auth`);
    expect(smart.code_challenge_methods_supported).toEqual(['S256']);
    expect(smart.capabilities).toEqual(
      expect.arrayContaining([
        'launch-standalone',
        'client-public',
        'permission-offline',
        'permission-user',
        'sso-openid-connect',
      ]),
    );
    expect(smart.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'fhirUser', 'offline_access', 'user/*.crus']),
    );
    const oidc = (await (await fetch(`${sim.baseUrl}/auth/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(oidc.issuer).toBe(smart.issuer);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri']) expect(oidc[key]).toBe(smart[key]);
    expect(oidc.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('points to the authorization server from the CapabilityStatement, which stays open', async () => {
    const answer = await sim.fhir<CapabilityStatement>('/metadata');
    expect(answer.status).toBe(200);
    const oauth = answer.body.rest?.[0]?.security?.extension?.find((e) => e.url.endsWith('/oauth-uris'));
    const uris = Object.fromEntries((oauth?.extension ?? []).map((e) => [e.url, e.valueUri]));
    expect(uris.authorize).toBe(`${sim.baseUrl}/auth/authorize`);
    expect(uris.token).toBe(`${sim.baseUrl}/auth/token`);
  });
});

describe('PKCE', () => {
  it('refuses the right code with a wrong code_verifier, and accepts it with the right one', async () => {
    const { code, verifier } = await client.signIn('rn-harper');
    const wrong = await client.redeem(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.access_token).toBeUndefined();
    const right = await client.redeem(code, verifier);
    expect(right.status).toBe(200);
    expect(typeof right.body.access_token).toBe('string');
  });

  it('refuses an authorization request without a code_challenge, or with the plain method', async () => {
    for (const params of [
      {},
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      { code_challenge: 'a'.repeat(43) },
    ]) {
      const response = await fetch(client.authorizeUrl(params), { redirect: 'manual' });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.href.startsWith(redirectUri)).toBe(true);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code redeemed twice', async () => {
    const { code, verifier } = await client.signIn('rn-harper');
    expect((await client.redeem(code, verifier)).status).toBe(200);
    const again = await client.redeem(code, verifier);
    expect(again.body.error).toBe('invalid_grant');
  });
});

describe('revocation', () => {
  it('revokes a refresh token at the revocation endpoint, after which it buys nothing', async () => {
    const { code, verifier } = await client.signIn('rn-harper');
    const issued = await client.redeem(code, verifier);
    const refreshToken = issued.body.refresh_token as string;
    expect(typeof refreshToken).toBe('string');
    expect((await client.revoke(refreshToken)).status).toBe(200);
    const refreshed = await client.refresh(refreshToken);
    expect(refreshed.body.error).toBe('invalid_grant');
  });
});

describe('refresh tokens at rest', () => {
  it('keeps only their SHA-256 in the store, and still refreshes with them (once)', async () => {
    const { code, verifier } = await client.signIn('rn-harper');
    const issued = await client.redeem(code, verifier);
    const refreshToken = issued.body.refresh_token as string;
    const accessToken = issued.body.access_token as string;
    const rows = sim.store.db.prepare('SELECT model, id, payload FROM auth_artifact').all() as {
      model: string;
      id: string;
      payload: string;
    }[];
    for (const secret of [refreshToken, accessToken, code]) {
      expect(rows.some((row) => row.id.includes(secret) || row.payload.includes(secret))).toBe(false);
    }
    expect(rows.some((row) => row.model === 'RefreshToken' && row.id === tokenHash(refreshToken))).toBe(true);

    const refreshed = await client.refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    const next = refreshed.body.access_token as string;
    expect((await sim.fhir('/Patient/pat-1', { headers: bearer(next) })).status).toBe(200);
    // Rotated: the spent one is refused, and presenting it ends the grant (theft detection).
    expect((await client.refresh(refreshToken)).body.error).toBe('invalid_grant');
    expect((await client.refresh(refreshed.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });
});

describe('scopes follow the roster', () => {
  it("narrows the next refreshed token when a staff member's role changes to one that may not write", async () => {
    const { code, verifier } = await client.signIn('rn-markup', 'openid fhirUser offline_access user/*.crus user/*.rs');
    const issued = await client.redeem(code, verifier);
    expect(String(issued.body.scope).split(' ')).toEqual(expect.arrayContaining(['user/*.crus', 'user/*.rs']));
    const role = sim.store.read('PractitionerRole', 'role-rn-markup');
    sim.store.update({ ...role, code: [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: 'auditor' }] }] } as Resource);
    const refreshed = await client.refresh(issued.body.refresh_token as string);
    expect(refreshed.status).toBe(200);
    const scopes = String(refreshed.body.scope).split(' ');
    expect(scopes).toContain('user/*.rs');
    expect(scopes).not.toContain('user/*.crus');
    const write = await sim.fhir('/Patient', {
      method: 'POST',
      headers: bearer(refreshed.body.access_token as string),
      body: { resourceType: 'Patient' },
    });
    expect(write.status).toBe(403);
  });
});

describe('the demo login', () => {
  it('refuses a wrong password and someone not on the roster, and never reaches the app', async () => {
    const before = delivered.length;
    for (const credentials of [
      { username: 'rn-harper', password: 'not-the-demo-password' },
      { username: 'locum-no-role', password: 'demo' },
      { username: 'pat-1', password: 'demo' },
    ]) {
      await expect(completeDemoSignIn(client.signInUrl(), credentials)).rejects.toThrow(/Wrong staff id or password/);
    }
    expect(delivered.length).toBe(before);
  });

  it('escapes what it shows from the portal, and says how a real deployment signs in', async () => {
    const response = await fetch(client.signInUrl(), { redirect: 'manual' });
    const cookies = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(response.headers.get('location') ?? '', sim.baseUrl), {
      headers: { cookie: cookies },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('rn-markup');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('CAC/PIV');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('the FHIR API behind access tokens', () => {
  it('answers 401 with a Bearer challenge and an OperationOutcome without a valid token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token-this-server-issued' },
      { authorization: 'Basic eDp5' },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${sim.baseUrl}/Patient/pat-1`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const body = (await response.json()) as { resourceType: string };
      expect(body.resourceType).toBe('OperationOutcome');
    }
  });

  it('reads with a token it issued, and refuses changes to a read-only token', async () => {
    const readWrite = await client.accessTokenFor('rn-harper');
    const read = await sim.fhir('/Patient/pat-1', { headers: bearer(readWrite) });
    expect(read.status).toBe(200);

    const readOnly = await client.accessTokenFor('rn-harper', 'openid fhirUser user/*.rs');
    expect((await sim.fhir('/Patient/pat-1', { headers: bearer(readOnly) })).status).toBe(200);
    const write = await fetch(`${sim.baseUrl}/Patient/pat-1`, { method: 'DELETE', headers: bearer(readOnly) });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('acts as the token owner whatever X-Practitioner says', async () => {
    // Only a PCM may activate a prescription, as requester and as the one acting.
    const prescription = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/pat-2' },
      requester: { reference: 'Practitioner/pcm-reyes' },
      medicationCodeableConcept: { text: 'Amoxicillin 500 mg capsule' },
    };
    const nurse = await client.accessTokenFor('rn-harper');
    const asNurse = await sim.fhir('/MedicationRequest', {
      method: 'POST',
      headers: { ...bearer(nurse), 'x-practitioner': 'Practitioner/pcm-reyes' },
      body: prescription,
    });
    expect(asNurse.status).toBe(403);
    const pcm = await client.accessTokenFor('pcm-reyes');
    const asPcm = await sim.fhir('/MedicationRequest', {
      method: 'POST',
      headers: bearer(pcm),
      body: prescription,
    });
    expect(asPcm.status).toBe(201);
  });
});
