import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../shared/ipc/channels';
import type { DeskHandlers } from '../../shared/ipc/contract';
import type { PortalSignOut } from '../auth/portal-sign-out';
import { memorySecretBox } from '../security/test-support/memory-secret-box';
import { createDeskSession } from './desk-session';
import type { DeskSessionOptions } from './desk-session';
import type { SessionTokens } from './session-tokens';

/*
 * Issue 20, a shared workstation: a lock that comes while a sign-in waits in the browser wins, and
 * signing out ends the portal's own sign-in too, or says plainly that it could not.
 */

const tokensFor = (practitionerId: string, name: string): SessionTokens => ({
  practitionerId,
  accessToken: `access-${practitionerId}`,
  accessTokenExpiresAt: Date.now() + 3_600_000,
  refreshToken: `refresh-${practitionerId}`,
  idTokenClaims: { name, fhirUser: `Practitioner/${practitionerId}` },
  idToken: `id-token-of-${practitionerId}`,
});

/** A promise the test settles when it chooses: the portal answering a sign-in late. */
function later<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let dir: string;
let revoked: string[];
let opened: { userId: string; closed: boolean }[];
/** The id tokens the portal's sign-out was asked to end, in order. */
let portalSignOuts: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-shared-desk-'));
  revoked = [];
  opened = [];
  portalSignOuts = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(over: Partial<DeskSessionOptions> = {}) {
  const box = memorySecretBox();
  const openDesk: DeskSessionOptions['openDesk'] = ({ user }) => {
    const record = { userId: user.id, closed: false };
    opened.push(record);
    const handlers = Object.fromEntries(
      Object.values(invokeChannels).map((channel) => [channel, () => user.id]),
    ) as unknown as DeskHandlers;
    return Promise.resolve({
      handlers,
      close: () => {
        record.closed = true;
        return Promise.resolve({ unsent: { waiting: 0, needsReview: 0 } });
      },
    });
  };
  return createDeskSession({
    dataDir: dir,
    portalUrl: 'https://portal.example.mil/fhir',
    clinicName: 'Harbor Point',
    dataSource: 'portal',
    idleLockMinutes: 15,
    secretBox: () => box,
    signIn: () => Promise.resolve(tokensFor('rn-osei', 'Kwame Osei')),
    refresh: () => Promise.reject(new Error('no refresh in these tests')),
    revoke: (token) => {
      revoked.push(token);
      return Promise.resolve();
    },
    endPortalSession: (idToken) => {
      portalSignOuts.push(idToken);
      return Promise.resolve({ kind: 'sent' });
    },
    openDesk,
    emit: () => undefined,
    log: () => undefined,
    ...over,
  });
}

describe('a lock that comes while a sign-in waits in the browser', () => {
  it('wins: the sign-in the portal completes afterwards is discarded and its grant ended', async () => {
    const portal = later<SessionTokens>();
    const desk = session({ signIn: () => portal.promise });
    const signingIn = desk.handlers['session:sign-in']({});
    await vi.waitFor(() => expect(desk.state().phase).toBe('signing-in'));
    // The screen locks (the OS, or the person pressing Lock) before the browser comes back.
    const locked = desk.lock('os');
    portal.resolve(tokensFor('pcm-reyes', 'Alicia Reyes'));
    await locked;
    const after = await signingIn;
    expect(after).toMatchObject({
      phase: 'signed-out',
      userName: null,
      problem: 'The desk was locked while the sign-in was under way, so that sign-in was not used: sign in again.',
    });
    expect(opened).toEqual([]);
    await vi.waitFor(() => expect(revoked).toEqual(['refresh-pcm-reyes']));
    expect(() => desk.handlers['inbox:views']({})).toThrow(/Nobody is signed in/);
  });

  it('leaves a locked desk locked for the person it was locked for', async () => {
    let portal = later<SessionTokens>();
    portal.resolve(tokensFor('rn-osei', 'Kwame Osei'));
    const desk = session({ signIn: () => portal.promise });
    await desk.handlers['session:sign-in']({});
    await desk.lock('idle');
    portal = later<SessionTokens>();
    const signingIn = desk.handlers['session:sign-in']({});
    await vi.waitFor(() => expect(desk.state().phase).toBe('signing-in'));
    const locked = desk.lock('os');
    // Someone else finishes signing in at the browser after the lock.
    portal.resolve(tokensFor('pcm-reyes', 'Alicia Reyes'));
    await locked;
    expect(await signingIn).toMatchObject({ phase: 'locked', userName: 'Kwame Osei' });
    expect(opened.map((d) => [d.userId, d.closed])).toEqual([['rn-osei', true]]);
  });

  it('closes a desk the sign-in had already opened when the lock came', async () => {
    const opening = later<void>();
    const desk: ReturnType<typeof session> = session({
      openDesk: async ({ user }) => {
        const record = { userId: user.id, closed: false };
        opened.push(record);
        // The lock arrives while the cache is being opened.
        void desk.lock('os');
        await opening.promise;
        return {
          handlers: {} as DeskHandlers,
          close: () => {
            record.closed = true;
            return Promise.resolve({ unsent: { waiting: 0, needsReview: 0 } });
          },
        };
      },
    });
    const signingIn = desk.handlers['session:sign-in']({});
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    opening.resolve();
    await signingIn;
    await vi.waitFor(() => expect(desk.state()).toMatchObject({ phase: 'locked', userName: 'Kwame Osei' }));
    expect(opened.map((d) => d.closed)).toEqual([true]);
  });
});

describe('signing out on a shared workstation', () => {
  it("ends the portal's sign-in with the person's id token, after the desk has closed", async () => {
    const desk = session({
      endPortalSession: (idToken) => {
        // The desk is signed out before the portal is asked: nothing waits on the network.
        expect(desk.state().phase).toBe('signed-out');
        expect(opened.map((d) => d.closed)).toEqual([true]);
        portalSignOuts.push(idToken);
        return Promise.resolve({ kind: 'sent' });
      },
    });
    await desk.handlers['session:sign-in']({});
    const out = await desk.handlers['session:sign-out']({});
    expect(out).toMatchObject({ phase: 'signed-out', problem: null });
    expect(portalSignOuts).toEqual(['id-token-of-rn-osei']);
  });

  it('from the lock screen ends the locked person’s portal sign-in too', async () => {
    const desk = session();
    await desk.handlers['session:sign-in']({});
    await desk.lock('user');
    await desk.handlers['session:sign-out']({});
    expect(portalSignOuts).toEqual(['id-token-of-rn-osei']);
    // Nobody is left to sign out at the portal a second time.
    await desk.handlers['session:sign-out']({});
    expect(portalSignOuts).toHaveLength(1);
  });

  it.each<[string, () => Promise<PortalSignOut>, string]>([
    [
      'the portal cannot be reached',
      () => Promise.resolve({ kind: 'failed', problem: 'the portal could not be reached', detail: 'fetch failed' }),
      'Signed out of Triage Desk, but your sign-in at the portal could not be ended: the portal could not be reached. Close every browser window before you leave this computer.',
    ],
    [
      'the portal offers no sign-out',
      () => Promise.resolve({ kind: 'not-offered' }),
      'Signed out of Triage Desk, but the portal offers Triage Desk no way to end your sign-in there. Close every browser window before you leave this computer.',
    ],
    [
      'the portal never answers',
      () => new Promise<PortalSignOut>(() => undefined),
      'Signed out of Triage Desk, but your sign-in at the portal could not be ended: the portal did not answer in time. Close every browser window before you leave this computer.',
    ],
  ])('signs out locally anyway when %s, and says so', async (_, endPortalSession, words) => {
    const desk = session({ endPortalSession, portalSignOutTimeoutMs: 200 });
    await desk.handlers['session:sign-in']({});
    const out = await desk.handlers['session:sign-out']({});
    expect(out).toMatchObject({ phase: 'signed-out', userName: null, problem: words });
    expect(opened.map((d) => d.closed)).toEqual([true]);
    await vi.waitFor(() => expect(revoked).toEqual(['refresh-rn-osei']));
  });
});
