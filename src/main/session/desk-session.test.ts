import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels, sessionChannels } from '../../shared/ipc/channels';
import type { DeskHandlers } from '../../shared/ipc/contract';
import type { QueueCounts } from '../../shared/outbox-view';
import type { SessionState } from '../../shared/session';
import { createDispatcher } from '../ipc/dispatcher';
import { SAMPLE_ARGUMENTS } from '../ipc/test-support/sample-arguments';
import { EncryptionUnavailableError } from '../security/secret-box';
import { memorySecretBox } from '../security/test-support/memory-secret-box';
import { userCacheFiles } from '../security/user-cache';
import { APP_ORIGIN } from '../window/app-protocol';
import { createDeskSession } from './desk-session';
import type { DeskSessionOptions } from './desk-session';
import type { SessionTokens } from './session-tokens';

const fromApp = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const PORTAL = 'https://portal.example.mil/fhir';

const tokensFor = (practitionerId: string, name: string): SessionTokens => ({
  practitionerId,
  accessToken: `access-${practitionerId}`,
  accessTokenExpiresAt: Date.now() + 3_600_000,
  refreshToken: `refresh-${practitionerId}`,
  idTokenClaims: { name, fhirUser: `Practitioner/${practitionerId}` },
});

/**
 * A desk that answers every channel with who opened it, records how it was opened and closed, and
 * on closing says what `unsent` holds for its user (nothing by default).
 */
function fakeDesks() {
  const opened: { userId: string; file: string; key: string; closed: boolean }[] = [];
  const unsent = new Map<string, QueueCounts>();
  const openDesk: DeskSessionOptions['openDesk'] = ({ user, cache }) => {
    const record = { userId: user.id, file: cache.file, key: Buffer.from(cache.key).toString('hex'), closed: false };
    opened.push(record);
    const handlers = Object.fromEntries(
      Object.values(invokeChannels).map((channel) => [channel, () => ({ answeredBy: user.id, channel })]),
    ) as unknown as DeskHandlers;
    return Promise.resolve({
      handlers,
      close: () => {
        record.closed = true;
        return Promise.resolve({ unsent: unsent.get(user.id) ?? { waiting: 0, needsReview: 0 } });
      },
    });
  };
  return { opened, openDesk, unsent };
}

let dir: string;
let nextUser: SessionTokens;
let emitted: SessionState[];
/** Refresh tokens the fake portal was asked to revoke, in order. */
let revoked: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-session-'));
  nextUser = tokensFor('rn-osei', 'Kwame Osei');
  emitted = [];
  revoked = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(over: Partial<DeskSessionOptions> = {}) {
  const desks = fakeDesks();
  const box = memorySecretBox();
  const desk = createDeskSession({
    dataDir: dir,
    portalUrl: PORTAL,
    clinicName: 'Harbor Point',
    dataSource: 'portal',
    idleLockMinutes: 15,
    secretBox: () => box,
    signIn: () => Promise.resolve(nextUser),
    refresh: () => Promise.reject(new Error('no refresh in these tests')),
    revoke: (token) => {
      revoked.push(token);
      return Promise.resolve();
    },
    openDesk: desks.openDesk,
    emit: (state) => emitted.push(state),
    log: () => undefined,
    ...over,
  });
  const dispatch = createDispatcher({
    handlers: desk.handlers,
    trustedOrigins: [APP_ORIGIN],
    onInternalError: (channel, error) => {
      throw new Error(`${channel}: ${String(error)}`);
    },
  });
  return { desk, dispatch, desks, box };
}

const deskChannels = Object.values(invokeChannels).filter((c) => !(sessionChannels as readonly string[]).includes(c));

describe('the desk session', () => {
  it('refuses every channel that reads or changes patient data until someone signs in', async () => {
    const { dispatch } = session();
    expect(deskChannels.length).toBeGreaterThan(10);
    for (const channel of deskChannels) {
      const result = await dispatch(channel, SAMPLE_ARGUMENTS[channel], fromApp);
      expect(result, channel).toEqual({
        ok: false,
        error: { code: 'signed-out', message: 'Nobody is signed in on this desk: sign in to see and work the inbox.' },
      });
    }
    expect(await dispatch('session:get', {}, fromApp)).toMatchObject({ ok: true, value: { phase: 'signed-out' } });
  });

  it("opens the signed-in user's own cache with a key of its own, and binds every answer to them", async () => {
    const { dispatch, desks, box } = session();
    const state = await dispatch('session:sign-in', {}, fromApp);
    expect(state).toMatchObject({ ok: true, value: { phase: 'signed-in', userName: 'Kwame Osei', problem: null } });
    expect(emitted.map((s) => s.phase)).toEqual(['signing-in', 'signed-in']);
    const files = userCacheFiles(dir, { portal: PORTAL, practitionerId: 'rn-osei' });
    expect(desks.opened.map(({ userId, file, closed }) => ({ userId, file, closed }))).toEqual([
      { userId: 'rn-osei', file: files.database, closed: false },
    ]);
    // The key handed over is gone from the session's memory once the cache has it…
    expect(desks.opened[0]?.key).toMatch(/^[0-9a-f]{64}$/);
    // …and kept only sealed: the file is not the key, and opens to it only through the box.
    const sealed = readFileSync(files.sealedKey);
    expect(sealed.toString('hex')).not.toContain(desks.opened[0]?.key);
    expect(box.open(sealed).toString('hex')).toBe(desks.opened[0]?.key);
    expect(box.open(readFileSync(files.sealedRefreshToken)).toString()).toBe('refresh-rn-osei');
    for (const channel of deskChannels) {
      expect(await dispatch(channel, SAMPLE_ARGUMENTS[channel], fromApp), channel).toEqual({
        ok: true,
        value: { answeredBy: 'rn-osei', channel },
      });
    }
  });

  it('locks: the cache closes, every desk channel refuses, and the same user gets the same cache back', async () => {
    const { desk, dispatch, desks } = session();
    await dispatch('session:sign-in', {}, fromApp);
    const locked = await dispatch('session:lock', { reason: 'idle' }, fromApp);
    expect(locked).toMatchObject({ ok: true, value: { phase: 'locked', userName: 'Kwame Osei' } });
    expect(desks.opened[0]?.closed).toBe(true);
    for (const channel of deskChannels) {
      expect(await dispatch(channel, SAMPLE_ARGUMENTS[channel], fromApp), channel).toMatchObject({
        ok: false,
        error: { code: 'signed-out', message: 'The desk is locked: sign in again to go on.' },
      });
    }
    await dispatch('session:sign-in', {}, fromApp);
    expect(desk.state().phase).toBe('signed-in');
    expect(desks.opened[1]).toMatchObject({
      userId: 'rn-osei',
      file: desks.opened[0]?.file,
      key: desks.opened[0]?.key,
    });
  });

  it('gives another user their own cache and key, never the previous one', async () => {
    const { dispatch, desks } = session();
    await dispatch('session:sign-in', {}, fromApp);
    await dispatch('session:lock', { reason: 'user' }, fromApp);
    nextUser = tokensFor('pcm-reyes', 'Dr. Alicia Reyes');
    expect(await dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-in', userName: 'Dr. Alicia Reyes' },
    });
    const [first, second] = desks.opened;
    expect(second?.userId).toBe('pcm-reyes');
    expect(second?.file).not.toBe(first?.file);
    expect(second?.key).not.toBe(first?.key);
    expect(await dispatch('item:get', { id: 'task-00001' }, fromApp)).toMatchObject({
      ok: true,
      value: { answeredBy: 'pcm-reyes' },
    });
  });

  it('signing out closes the cache, revokes the grant at the portal, then forgets the sealed refresh token', async () => {
    const { dispatch, desks } = session();
    await dispatch('session:sign-in', {}, fromApp);
    const files = userCacheFiles(dir, { portal: PORTAL, practitionerId: 'rn-osei' });
    expect(existsSync(files.sealedRefreshToken)).toBe(true);
    expect(await dispatch('session:sign-out', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-out', userName: null },
    });
    expect(desks.opened[0]?.closed).toBe(true);
    expect(revoked).toEqual(['refresh-rn-osei']);
    await vi.waitFor(() => expect(existsSync(files.sealedRefreshToken)).toBe(false));
    // The encrypted cache stays for the next time this user signs in; nobody else has its key.
    expect(existsSync(files.sealedKey)).toBe(true);
  });

  it('fails closed where secrets cannot be protected: no sign-in, no cache file', async () => {
    const { dispatch, desks } = session({
      secretBox: () => {
        throw new EncryptionUnavailableError('No keyring protects secrets on this Linux desktop.');
      },
    });
    expect(await dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-out', problem: 'No keyring protects secrets on this Linux desktop.' },
    });
    expect(desks.opened).toEqual([]);
    expect(existsSync(join(dir, 'users'))).toBe(false);
    expect(await dispatch('inbox:views', {}, fromApp)).toMatchObject({ ok: false, error: { code: 'signed-out' } });
  });

  it('says why a sign-in failed, and a locked desk stays locked', async () => {
    let fail = false;
    const { dispatch } = session({
      signIn: () =>
        fail ? Promise.reject(new Error('The sign-in answer did not match this request.')) : Promise.resolve(nextUser),
    });
    await dispatch('session:sign-in', {}, fromApp);
    await dispatch('session:lock', { reason: 'idle' }, fromApp);
    fail = true;
    expect(await dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'locked', userName: 'Kwame Osei', problem: 'The sign-in answer did not match this request.' },
    });
    expect(await dispatch('inbox:views', {}, fromApp)).toMatchObject({ ok: false, error: { code: 'signed-out' } });
  });

  it("tells whoever is at the desk whose changes still wait, without opening that person's cache", async () => {
    const { dispatch, desks } = session();
    desks.unsent.set('rn-osei', { waiting: 2, needsReview: 1 });
    await dispatch('session:sign-in', {}, fromApp);
    expect(await dispatch('session:get', {}, fromApp)).toMatchObject({ value: { unsentOfOthers: [] } });

    const locked = await dispatch('session:lock', { reason: 'idle' }, fromApp);
    const osei = { userName: 'Kwame Osei', waiting: 2, needsReview: 1 };
    expect(locked).toMatchObject({ ok: true, value: { phase: 'locked', unsentOfOthers: [osei] } });

    nextUser = tokensFor('pcm-reyes', 'Dr. Alicia Reyes');
    expect(await dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      value: { phase: 'signed-in', userName: 'Dr. Alicia Reyes', unsentOfOthers: [osei] },
    });
    expect(desks.opened.map((d) => d.userId)).toEqual(['rn-osei', 'pcm-reyes']);

    // Her own empty queue leaves no note; his goes once he is back at the desk to send it himself.
    await dispatch('session:sign-out', {}, fromApp);
    desks.unsent.delete('rn-osei');
    nextUser = tokensFor('rn-osei', 'Kwame Osei');
    expect(await dispatch('session:sign-in', {}, fromApp)).toMatchObject({ value: { unsentOfOthers: [] } });
    await dispatch('session:lock', { reason: 'user' }, fromApp);
    const files = userCacheFiles(dir, { portal: PORTAL, practitionerId: 'rn-osei' });
    expect(existsSync(files.sealedUnsent)).toBe(false);
    expect(emitted.at(-1)?.unsentOfOthers).toEqual([]);
  });

  it('still names them after a restart, from a note sealed like the key', async () => {
    const box = memorySecretBox();
    const first = session({ secretBox: () => box });
    first.desks.unsent.set('rn-osei', { waiting: 3, needsReview: 0 });
    await first.dispatch('session:sign-in', {}, fromApp);
    await first.desk.close();
    const files = userCacheFiles(dir, { portal: PORTAL, practitionerId: 'rn-osei' });
    expect(readFileSync(files.sealedUnsent).toString('latin1')).not.toContain('Osei');

    const restarted = session({ secretBox: () => box });
    expect(restarted.desk.state()).toMatchObject({
      phase: 'signed-out',
      unsentOfOthers: [{ userName: 'Kwame Osei', waiting: 3, needsReview: 0 }],
    });
    // Where nothing unseals (another OS account's profile), the desk starts without the notes.
    const elsewhere = session({ secretBox: () => memorySecretBox() });
    expect(elsewhere.desk.state().unsentOfOthers).toEqual([]);
  });

  it('keeps a grant the portal could not be told to end sealed, and ends it at the next start', async () => {
    const box = memorySecretBox();
    const offline = session({
      secretBox: () => box,
      revoke: () => Promise.reject(new TypeError('fetch failed')),
    });
    await offline.dispatch('session:sign-in', {}, fromApp);
    await offline.dispatch('session:lock', { reason: 'idle' }, fromApp);
    await offline.desk.close();
    const files = userCacheFiles(dir, { portal: PORTAL, practitionerId: 'rn-osei' });
    expect(box.open(readFileSync(files.sealedRefreshToken)).toString()).toBe('refresh-rn-osei');

    const restarted = session({ secretBox: () => box });
    await restarted.desk.close();
    expect(revoked).toEqual(['refresh-rn-osei']);
    expect(existsSync(files.sealedRefreshToken)).toBe(false);
  });

  it('ends earlier grants before a new sign-in starts, so a late revocation cannot end the new one', async () => {
    let finishRevoking = (): void => undefined;
    const order: string[] = [];
    const { dispatch } = session({
      revoke: (token) => {
        order.push(`revoke ${token}`);
        return new Promise<void>((resolve) => {
          finishRevoking = () => {
            order.push(`revoked ${token}`);
            resolve();
          };
        });
      },
      signIn: () => {
        order.push('browser');
        return Promise.resolve(nextUser);
      },
    });
    await dispatch('session:sign-in', {}, fromApp);
    await dispatch('session:lock', { reason: 'user' }, fromApp);
    const again = dispatch('session:sign-in', {}, fromApp);
    await vi.waitFor(() => expect(order).toEqual(['browser', 'revoke refresh-rn-osei']));
    finishRevoking();
    expect(await again).toMatchObject({ ok: true, value: { phase: 'signed-in' } });
    expect(order).toEqual(['browser', 'revoke refresh-rn-osei', 'revoked refresh-rn-osei', 'browser']);
  });
});

describe('a sign-in waiting in the browser', () => {
  /** A browser that shows the address, then waits until the sign-in is given up. */
  const waitingBrowser: DeskSessionOptions['signIn'] = (signal, showAddress) => {
    showAddress({ address: 'https://portal.example.mil/auth/authorize?client_id=triage-desk', browserProblem: null });
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  };

  it('shows the sign-in address, and a cancel goes back to where it was, without a problem to show', async () => {
    const { dispatch } = session({ signIn: waitingBrowser });
    const attempt = dispatch('session:sign-in', {}, fromApp);
    await vi.waitFor(() => expect(emitted.at(-1)?.pendingSignIn).not.toBeNull());
    expect(emitted.at(-1)).toMatchObject({
      phase: 'signing-in',
      pendingSignIn: {
        address: 'https://portal.example.mil/auth/authorize?client_id=triage-desk',
        browserProblem: null,
      },
    });
    const cancelled = await dispatch('session:cancel-sign-in', {}, fromApp);
    expect(cancelled).toMatchObject({ ok: true, value: { phase: 'signed-out', problem: null, pendingSignIn: null } });
    expect(await attempt).toMatchObject({ ok: true, value: { phase: 'signed-out', problem: null } });
    // Nothing to cancel: the state as it is.
    expect(await dispatch('session:cancel-sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-out' },
    });
  });

  it('a cancel from the lock screen leaves the desk locked', async () => {
    let browser: DeskSessionOptions['signIn'] = () => Promise.resolve(nextUser);
    const { dispatch } = session({ signIn: (signal, show) => browser(signal, show) });
    await dispatch('session:sign-in', {}, fromApp);
    await dispatch('session:lock', { reason: 'user' }, fromApp);
    browser = waitingBrowser;
    const attempt = dispatch('session:sign-in', {}, fromApp);
    await vi.waitFor(() => expect(emitted.at(-1)?.pendingSignIn).not.toBeNull());
    await dispatch('session:cancel-sign-in', {}, fromApp);
    expect(await attempt).toMatchObject({
      ok: true,
      value: { phase: 'locked', userName: 'Kwame Osei', problem: null },
    });
  });
});

describe('one desk per cache', () => {
  it('refuses a second desk on the same user’s cache while the first has it open, and ends its grant', async () => {
    const first = session();
    expect(await first.dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-in' },
    });
    nextUser = { ...tokensFor('rn-osei', 'Kwame Osei'), refreshToken: 'refresh-second-desk' };
    const second = session({ secretBox: () => first.box });
    const refused = await second.dispatch('session:sign-in', {}, fromApp);
    expect(refused).toMatchObject({ ok: true, value: { phase: 'signed-out' } });
    expect((refused as { value: SessionState }).value.problem).toMatch(
      /already open in another Triage Desk on this computer/,
    );
    expect(second.desks.opened).toEqual([]);
    await vi.waitFor(() => expect(revoked).toContain('refresh-second-desk'));
    // The first desk's cache and key are untouched, and it goes on.
    expect(first.desks.opened.map((d) => d.closed)).toEqual([false]);

    await first.dispatch('session:sign-out', {}, fromApp);
    expect(await second.dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-in' },
    });
    expect(second.desks.opened[0]?.key).toBe(first.desks.opened[0]?.key);
    await second.desk.close();
  });

  it('leaves the grant of a cache another desk has open: it is that desk’s, not a leftover', async () => {
    const first = session();
    await first.dispatch('session:sign-in', {}, fromApp);
    // A second copy starting on this computer looks for grants left behind by crashes.
    const second = session({ secretBox: () => first.box });
    nextUser = tokensFor('pcm-reyes', 'Ana Reyes');
    await second.dispatch('session:sign-in', {}, fromApp);
    expect(revoked).toEqual([]);
    // The first desk ends its own grant when it closes.
    await first.desk.close();
    expect(revoked).toEqual(['refresh-rn-osei']);
    await second.desk.close();
  });

  it('another person’s cache is not held by it', async () => {
    const first = session();
    await first.dispatch('session:sign-in', {}, fromApp);
    nextUser = tokensFor('pcm-reyes', 'Ana Reyes');
    const second = session({ secretBox: () => first.box });
    expect(await second.dispatch('session:sign-in', {}, fromApp)).toMatchObject({
      ok: true,
      value: { phase: 'signed-in' },
    });
    await first.desk.close();
    await second.desk.close();
  });
});
