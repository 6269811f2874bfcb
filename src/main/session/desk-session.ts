import { mkdirSync } from 'node:fs';
import { invokeChannels, sessionChannels } from '../../shared/ipc/channels';
import type { Channel, SessionChannel } from '../../shared/ipc/channels';
import type { DeskHandlers, Handlers } from '../../shared/ipc/contract';
import type { QueueCounts } from '../../shared/outbox-view';
import type { PendingSignIn, SessionPhase, SessionState } from '../../shared/session';
import { withDeadline } from '../async/deadline';
import { portalSignOutNotice } from '../auth/portal-sign-out';
import type { PortalSignOut } from '../auth/portal-sign-out';
import { HandlerError } from '../ipc/dispatcher';
import type { PortalFetch } from '../net/portal-fetch';
import type { DeskUser } from './desk-user';
import { lockCacheDir } from '../security/cache-dir-lock';
import type { CacheDirLock } from '../security/cache-dir-lock';
import type { SecretBox } from '../security/secret-box';
import { cacheKeyFor, saveRefreshToken, userCacheFiles } from '../security/user-cache';
import type { UserCacheFiles } from '../security/user-cache';
import { createGrantRetirement } from './grant-retirement';
import { authorizedFetch, TokenHolder } from './session-tokens';
import type { SessionTokens } from './session-tokens';
import { UnsentWorkNotes } from './unsent-work';

/** One signed-in user's desk: their cache, sync and handlers (an AppCore). */
export interface OpenDesk {
  handlers: DeskHandlers;
  /**
   * Stops its sync and closes its cache, after an audit row saying why; says what was left unsent,
   * counted once the sync stopped.
   */
  close(why: SessionEnd): Promise<{ unsent: QueueCounts }>;
}

export interface DeskSessionOptions {
  dataDir: string;
  /** The portal's FHIR base: with the Practitioner id, whose cache is whose. */
  portalUrl: string;
  clinicName: string;
  dataSource: 'demo' | 'portal';
  idleLockMinutes: number;
  /** Throws EncryptionUnavailableError where secrets cannot be protected: nobody signs in then. */
  secretBox: () => SecretBox;
  /**
   * SMART standalone launch in the system browser; rejects with words. It passes the sign-in
   * address to `showAddress` as it opens the browser, with a problem when no browser could start.
   */
  signIn: (signal: AbortSignal, showAddress: (pending: PendingSignIn) => void) => Promise<SessionTokens>;
  refresh: (refreshToken: string, practitionerId: string) => Promise<SessionTokens>;
  /** Ends a grant at the portal (token revocation); rejects when the portal could not be told. */
  revoke: (refreshToken: string) => Promise<unknown>;
  /**
   * Ends the portal's own sign-in in the system browser (RP-Initiated Logout) with the id token
   * as hint. Absent: the portal's session is left to the browser (tests of other things).
   */
  endPortalSession?: (idToken: string) => Promise<PortalSignOut>;
  /** How long sign-out waits for the portal's sign-out to start before it says it could not (default 15 s). */
  portalSignOutTimeoutMs?: number;
  /** The SQLite driver built for Electron's ABI, for the folder's lock file. */
  nativeBinding?: string | undefined;
  /** The desk's way to the portal (Electron's net.fetch in the app); the session adds the user's token. */
  fetch?: PortalFetch;
  openDesk: (args: {
    user: DeskUser;
    cache: { file: string; key: Uint8Array };
    fetch: PortalFetch;
  }) => Promise<OpenDesk>;
  emit: (state: SessionState) => void;
  log: (message: string, error?: unknown) => void;
  /** Ends a sign-in still waiting in the browser (default 5 minutes). */
  signInTimeoutMs?: number;
  /** How long one revocation may take before it is left for the next start (default 10 s). */
  revokeTimeoutMs?: number;
}

export interface DeskSession {
  /** Every channel: the session's own, and the desk's, which refuse unless someone is signed in. */
  handlers: Handlers;
  state(): SessionState;
  lock(reason: 'idle' | 'user' | 'os'): Promise<SessionState>;
  close(): Promise<void>;
}

/** Why a user's desk closed: their audit log's `session.…` row says which. */
export type SessionEnd = 'lock.idle' | 'lock.user' | 'lock.os' | 'sign-out' | 'replaced' | 'quit';

interface SignInAttempt {
  promise: Promise<SessionState>;
  abort: AbortController;
  /** The portal's sign-in address, once the browser was asked to open it. */
  pending: PendingSignIn | null;
  /** Given up by the person at the desk: no problem to show. */
  cancelled: boolean;
  /**
   * Set when a lock or a sign-out came while this sign-in was under way: they win, and what the
   * portal hands back afterwards is discarded instead of opening the desk. Says why, in words.
   */
  overtakenBy: string | null;
}

interface Current {
  user: DeskUser;
  files: UserCacheFiles;
  /** Held from before the key is read until the cache has closed. */
  lock: CacheDirLock;
  tokens: TokenHolder;
  desk: OpenDesk;
  /** The sign-in's id token, the hint that ends this person's portal session at sign-out. */
  idToken: string | null;
}

const SIGNED_OUT_WORDS = 'Nobody is signed in on this desk: sign in to see and work the inbox.';
const LOCKED_WORDS = 'The desk is locked: sign in again to go on.';
const LOCKED_DURING_SIGN_IN =
  'The desk was locked while the sign-in was under way, so that sign-in was not used: sign in again.';
const SIGNED_OUT_DURING_SIGN_IN = 'Signed out while the sign-in was under way, so that sign-in was not used.';

/**
 * Who is at the desk, and the only way to a cache. Signing in opens the user's own encrypted cache
 * with their key; locking and signing out close it, so the key leaves memory with it, and the
 * handlers that read or change patient data refuse until the next sign-in. Queued outbox rows stay
 * in the cache and go out once its user signs in again; until then everyone at the desk is told whose
 * they are. A session that ends (lock, sign-out, quitting) revokes its grant at the portal; its
 * refresh token stays sealed on disk only until that succeeds, so a crash or a network cut leaves
 * nothing live that the next start does not end.
 */
export function createDeskSession(options: DeskSessionOptions): DeskSession {
  const unsent = new UnsentWorkNotes(options.dataDir, options.secretBox, options.log);
  let phase: SessionPhase = 'signed-out';
  let lockedUser: DeskUser | null = null;
  // Kept through a lock: "Sign out (another person)" on the lock screen ends the locked person's
  // portal session too. An id token buys no access to the portal; it only names whose session.
  let lockedIdToken: string | null = null;
  let problem: string | null = null;
  let current: Current | null = null;
  let attempt: SignInAttempt | null = null;
  const grants = createGrantRetirement({
    dataDir: options.dataDir,
    secretBox: options.secretBox,
    revoke: options.revoke,
    ...(options.revokeTimeoutMs === undefined ? {} : { revokeTimeoutMs: options.revokeTimeoutMs }),
    nativeBinding: options.nativeBinding,
    log: options.log,
  });
  const retire = grants.retire;
  const retireLeftovers = () => grants.retireLeftovers(current?.files.dir ?? null);
  const revocationsSettled = grants.settled;
  // Sign-in, lock and sign-out change `current` one at a time: a lock arriving while a sign-in
  // opens the cache waits for it, then closes what it opened.
  let transitions: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = transitions.then(work, work);
    transitions = next.catch(() => undefined);
    return next;
  };

  const state = (): SessionState => ({
    phase,
    userName: current?.user.name ?? lockedUser?.name ?? null,
    clinicName: options.clinicName,
    dataSource: options.dataSource,
    idleLockMinutes: options.idleLockMinutes,
    problem,
    pendingSignIn: phase === 'signing-in' ? (attempt?.pending ?? null) : null,
    unsentOfOthers: unsent.othersThan(current?.files.dir ?? null),
  });
  const publish = (): SessionState => {
    const now = state();
    options.emit(now);
    return now;
  };

  const closeCurrent = async (why: SessionEnd): Promise<void> => {
    const closing = current;
    if (closing === null) return;
    current = null;
    const spent = closing.tokens.drop();
    try {
      const closed = await closing.desk.close(why);
      unsent.record(closing.files, closing.user.name, closed.unsent);
    } catch (error) {
      options.log('[session] closing the cache failed', error);
    } finally {
      closing.lock.release();
    }
    retire(closing.files, spent);
  };

  const open = async (tokens: SessionTokens): Promise<void> => {
    const box = options.secretBox();
    const user = userOf(tokens);
    const files = userCacheFiles(options.dataDir, { portal: options.portalUrl, practitionerId: user.id });
    // Before the key: reading it may discard a cache whose key will not unseal, which must never
    // happen under a desk that another process has open.
    mkdirSync(files.dir, { recursive: true, mode: 0o700 });
    let lock: CacheDirLock;
    try {
      lock = lockCacheDir(files.dir, options.nativeBinding);
    } catch (error) {
      // Nobody will use this sign-in's grant: it ends now, the other desk's is its own.
      retire(files, tokens.refreshToken);
      throw error;
    }
    let key: Buffer;
    try {
      key = cacheKeyFor(files, box).key;
    } catch (error) {
      lock.release();
      throw error;
    }
    if (tokens.refreshToken !== null) saveRefreshToken(files, box, tokens.refreshToken);
    const holder = new TokenHolder(tokens, {
      refresh: options.refresh,
      onRotated: (rotated) => {
        if (rotated.refreshToken !== null) saveRefreshToken(files, box, rotated.refreshToken);
      },
    });
    try {
      const desk = await options.openDesk({
        user,
        cache: { file: files.database, key },
        fetch: authorizedFetch(holder, options.fetch),
      });
      current = { user, files, lock, tokens: holder, desk, idToken: tokens.idToken ?? null };
      // Their own queue is theirs to see now, in the desk's sync status.
      unsent.forget(files);
    } catch (error) {
      lock.release();
      retire(files, holder.drop());
      throw error;
    } finally {
      // SQLCipher keeps what it derived inside the connection; this copy is not needed any more.
      key.fill(0);
    }
  };

  const signIn = (): Promise<SessionState> => {
    if (attempt !== null) return attempt.promise;
    if (phase === 'signed-in') return Promise.resolve(state());
    const abort = new AbortController();
    phase = 'signing-in';
    problem = null;
    publish();
    const timeout = setTimeout(() => abort.abort(), options.signInTimeoutMs ?? 5 * 60_000);
    // Set before the work below starts, so the browser's address can find it.
    const thisAttempt: SignInAttempt = {
      promise: Promise.resolve(state()),
      abort,
      pending: null,
      cancelled: false,
      overtakenBy: null,
    };
    attempt = thisAttempt;
    const promise = (async () => {
      try {
        // Earlier grants end first: a browser that remembers the person may hand this sign-in
        // the same grant, which a late revocation of the old token would then end too.
        retireLeftovers();
        await revocationsSettled();
        const tokens = await options.signIn(abort.signal, (pending) => {
          if (attempt !== thisAttempt || abort.signal.aborted) return;
          thisAttempt.pending = pending;
          publish();
        });
        await serial(async () => {
          if (thisAttempt.overtakenBy !== null) {
            // Nobody will use this grant: the desk stays as the lock or sign-out left it.
            retire(
              userCacheFiles(options.dataDir, { portal: options.portalUrl, practitionerId: tokens.practitionerId }),
              tokens.refreshToken,
            );
            throw new Error(thisAttempt.overtakenBy);
          }
          await closeCurrent('replaced');
          await open(tokens);
          // Here, in turn with locks: a lock queued behind this sign-in finds the desk open and closes it.
          phase = 'signed-in';
          lockedUser = null;
          lockedIdToken = null;
        });
      } catch (error) {
        phase = lockedUser !== null ? 'locked' : 'signed-out';
        problem = thisAttempt.cancelled
          ? null
          : thisAttempt.overtakenBy !== null
            ? thisAttempt.overtakenBy
            : abort.signal.aborted
              ? 'Sign-in took too long or was cancelled: try again.'
              : error instanceof Error
                ? error.message
                : String(error);
        options.log('[session] sign-in failed', error);
      } finally {
        clearTimeout(timeout);
        attempt = null;
      }
      return publish();
    })();
    thisAttempt.promise = promise;
    return promise;
  };

  const cancelSignIn = async (): Promise<SessionState> => {
    const waiting = attempt;
    if (waiting === null) return state();
    waiting.cancelled = true;
    waiting.abort.abort();
    return waiting.promise;
  };

  /** A lock or a sign-out wins over a sign-in still under way, whenever the portal answers it. */
  const overtakeSignIn = (why: string): void => {
    const waiting = attempt;
    if (waiting === null || waiting.overtakenBy !== null) return;
    waiting.overtakenBy = why;
    waiting.abort.abort();
  };

  const lock = (reason: 'idle' | 'user' | 'os'): Promise<SessionState> => {
    overtakeSignIn(LOCKED_DURING_SIGN_IN);
    return serial(async () => {
      if (current === null) return state();
      lockedUser = current.user;
      lockedIdToken = current.idToken;
      options.log(`[session] locked (${reason})`);
      await closeCurrent(`lock.${reason}`);
      phase = 'locked';
      problem = null;
      return publish();
    });
  };

  const signOut = async (): Promise<SessionState> => {
    overtakeSignIn(SIGNED_OUT_DURING_SIGN_IN);
    const hint = await serial(async () => {
      const idToken = current?.idToken ?? lockedIdToken;
      await closeCurrent('sign-out');
      lockedUser = null;
      lockedIdToken = null;
      phase = 'signed-out';
      problem = null;
      publish();
      return idToken;
    });
    // The desk is signed out already: the portal's sign-out comes after, and only adds words.
    if (hint === null || options.endPortalSession === undefined) return state();
    const outcome = await withDeadline(options.endPortalSession(hint), options.portalSignOutTimeoutMs ?? 15_000).catch(
      (error: unknown): PortalSignOut => ({
        kind: 'failed',
        problem: 'the portal did not answer in time',
        detail: error instanceof Error ? error.message : String(error),
      }),
    );
    if (outcome.kind === 'failed') options.log(`[session] the portal's sign-out: ${outcome.problem}`, outcome.detail);
    const notice = portalSignOutNotice(outcome);
    // Someone may have started signing in meanwhile: their screen is not this notice's.
    if (notice === null || phase !== 'signed-out' || attempt !== null) return state();
    problem = notice;
    return publish();
  };

  const sessionHandlers: Pick<Handlers, SessionChannel> = {
    'session:get': () => state(),
    'session:sign-in': () => signIn(),
    'session:cancel-sign-in': () => cancelSignIn(),
    'session:sign-out': () => signOut(),
    'session:lock': ({ reason }) => lock(reason),
  };
  const gate = (channel: Exclude<Channel, SessionChannel>) => (arg: never) => {
    if (current === null) {
      throw new HandlerError('signed-out', phase === 'locked' ? LOCKED_WORDS : SIGNED_OUT_WORDS);
    }
    const handler = current.desk.handlers[channel] as (arg: never) => unknown;
    return handler(arg);
  };
  const handlers = { ...sessionHandlers } as Record<Channel, unknown>;
  for (const channel of deskChannels()) handlers[channel] = gate(channel);

  retireLeftovers();
  return {
    handlers: handlers as Handlers,
    state,
    lock,
    close: async () => {
      attempt?.abort.abort();
      await serial(() => closeCurrent('quit'));
      await revocationsSettled();
    },
  };
}

function userOf(tokens: SessionTokens): DeskUser {
  const name = tokens.idTokenClaims['name'];
  return {
    id: tokens.practitionerId,
    reference: `Practitioner/${tokens.practitionerId}`,
    name: typeof name === 'string' && name.trim() !== '' ? name : tokens.practitionerId,
  };
}

function deskChannels(): Exclude<Channel, SessionChannel>[] {
  const session = new Set<string>(sessionChannels);
  return Object.values(invokeChannels).filter((c): c is Exclude<Channel, SessionChannel> => !session.has(c));
}
