import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthFaults } from '../../simulator/auth/auth-options';
import { DemoBrowser } from '../../simulator/auth/demo-browser';
import { startTestSimulator } from '../../simulator/test-support/harness';
import type { TestSimulator } from '../../simulator/test-support/harness';
import { smallClinic } from '../../simulator/test-support/clinic-fixture';
import { endPortalSession, portalSignOutNotice } from './portal-sign-out';
import { signIn } from './smart-sign-in';

/*
 * Issue 20 against the simulator's real authorization server: one browser shared by two people,
 * as on a clinic workstation. The desk's sign-in asks for fresh authentication, its sign-out ends
 * the portal's session, and a portal that reports an old sign-in is refused.
 */

let sim: TestSimulator;
const faults: AuthFaults = { backdateAuthTimeSeconds: 0 };

beforeAll(async () => {
  sim = await startTestSimulator({ resources: smallClinic(), auth: { requireAccessToken: true, faults } });
});
afterAll(async () => {
  await sim?.stop();
});

/**
 * The shared browser playing the system browser for one sign-in; `stripped`, someone at it takes
 * `prompt` and `max_age` off the address first. Whether the portal asked for a password is pushed
 * to `asked` (awaited with `settled`: the browser finishes after the desk has its answer).
 */
function browse(browser: DemoBrowser, username: string, asked: Promise<boolean>[], stripped = false) {
  return (url: string): Promise<void> => {
    const address = new URL(url);
    if (stripped) {
      address.searchParams.delete('prompt');
      address.searchParams.delete('max_age');
    }
    const visit = browser.signIn(address.href, { username, password: 'demo' });
    asked.push(visit.then((signedIn) => signedIn.askedForCredentials));
    return visit.then(() => undefined);
  };
}
const settled = (asked: Promise<boolean>[]) => Promise.all(asked);

describe("the desk's sign-out on a shared browser", () => {
  it("ends the portal's session, so the next person is asked who they are even with prompt and max_age removed", async () => {
    const browser = new DemoBrowser();
    const asked: Promise<boolean>[] = [];
    const first = await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: browse(browser, 'pcm-reyes', asked) });
    expect(first.idToken).toEqual(expect.any(String));
    const pages: string[] = [];
    const outcome = await endPortalSession({
      fhirBaseUrl: sim.baseUrl,
      idToken: first.idToken ?? '',
      openExternal: async (url) => {
        expect(new URL(url).searchParams.get('client_id')).toBe('triage-desk');
        expect(new URL(url).searchParams.get('id_token_hint')).toBe(first.idToken);
        pages.push(await browser.signOut(url));
      },
    });
    expect(outcome).toEqual({ kind: 'sent' });
    expect(portalSignOutNotice(outcome)).toBeNull();
    expect(pages).toEqual(['Signed out of the portal']);
    const next = await signIn({
      fhirBaseUrl: sim.baseUrl,
      openExternal: browse(browser, 'rn-harper', asked, true),
    });
    expect(next.practitionerId).toBe('rn-harper');
    expect(await settled(asked)).toEqual([true, true]);
  });

  it('refuses a sign-in that reused an old portal session (prompt and max_age removed, nobody asked)', async () => {
    const browser = new DemoBrowser();
    const asked: Promise<boolean>[] = [];
    // A session two hours old at this browser (the portal is told to date it so: auth_time is in
    // whole seconds, and a test cannot wait past the minute the check allows for clocks).
    faults.backdateAuthTimeSeconds = 2 * 60 * 60;
    try {
      await signIn({ fhirBaseUrl: sim.baseUrl, openExternal: browse(browser, 'pcm-reyes', asked) }).catch(
        () => undefined,
      );
    } finally {
      faults.backdateAuthTimeSeconds = 0;
    }
    // A portal that reuses its sessions (the embedded one asks every time unless told not to).
    faults.reuseSessions = true;
    try {
      const attempt = signIn({ fhirBaseUrl: sim.baseUrl, openExternal: browse(browser, 'rn-harper', asked, true) });
      await expect(attempt).rejects.toMatchObject({ problem: 'stale' });
    } finally {
      faults.reuseSessions = false;
    }
    // Nobody was asked: the portal handed over the earlier person's session.
    expect(await settled(asked)).toEqual([true, false]);
  });

  it('refuses a sign-in whose auth_time the portal reports as old, though it asked for the password', async () => {
    faults.backdateAuthTimeSeconds = 2 * 60 * 60;
    try {
      const asked: Promise<boolean>[] = [];
      const attempt = signIn({ fhirBaseUrl: sim.baseUrl, openExternal: browse(new DemoBrowser(), 'rn-harper', asked) });
      await expect(attempt).rejects.toMatchObject({ problem: 'stale' });
      await expect(attempt).rejects.toThrow(/^The portal did not confirm that you signed in just now/);
      expect(await settled(asked)).toEqual([true]);
    } finally {
      faults.backdateAuthTimeSeconds = 0;
    }
  });
});

describe('a portal sign-out that cannot happen', () => {
  it('says the portal could not be reached, without a browser opened', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const opened: string[] = [];
    const outcome = await endPortalSession({
      fhirBaseUrl: `http://127.0.0.1:${port}/fhir`,
      idToken: 'an-id-token',
      openExternal: (url) => Promise.resolve(opened.push(url)),
    });
    expect(outcome).toMatchObject({ kind: 'failed', problem: 'the portal could not be reached' });
    expect(opened).toEqual([]);
  });

  it('says no browser could be opened', async () => {
    const outcome = await endPortalSession({
      fhirBaseUrl: sim.baseUrl,
      idToken: 'an-id-token',
      openExternal: () => Promise.reject(new Error('xdg-open: no method available')),
    });
    expect(outcome).toEqual({
      kind: 'failed',
      problem: 'no browser could be opened',
      detail: 'xdg-open: no method available',
    });
  });
});
