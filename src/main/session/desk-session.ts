import { invokeChannels, sessionChannels } from '../../shared/ipc/channels';
import type { Channel, SessionChannel } from '../../shared/ipc/channels';
import type { DeskHandlers, Handlers } from '../../shared/ipc/contract';
import type { SessionPhase, SessionState } from '../../shared/session';
import { HandlerError } from '../ipc/dispatcher';
import type { DeskUser } from '../outbox/desk-user';
import type { SecretBox } from '../security/secret-box';
import { cacheKeyFor, forgetRefreshToken, saveRefreshToken, userCacheFiles } from '../security/user-cache';
import type { UserCacheFiles } from '../security/user-cache';
import { authorizedFetch, TokenHolder } from './session-tokens';
import type { SessionTokens } from './session-tokens';

/** One signed-in user's desk: their cache, sync and handlers (an AppCore). */
export interface OpenDesk {
  handlers: DeskHandlers;
  close(): Promise<void>;
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
  /** SMART standalone launch in the system browser; rejects with words. */
  signIn: (signal: AbortSignal) => Promise<SessionTokens>;
  refresh: (refreshToken: string, practitionerId: string) => Promise<SessionTokens>;
  openDesk: (args: {
    user: DeskUser;
    cache: { file: string; key: Uint8Array };
    fetch: typeof globalThis.fetch;
  }) => Promise<OpenDesk>;
  emit: (state: SessionState) => void;
  log: (message: string, error?: unknown) => void;
  /** Ends a sign-in still waiting in the browser (default 5 minutes). */
  signInTimeoutMs?: number;
}

export interface DeskSession {
  /** Every channel: the session's own, and the desk's, which refuse unless someone is signed in. */
  handlers: Handlers;
  state(): SessionState;
  lock(reason: 'idle' | 'user' | 'os'): Promise<SessionState>;
  close(): Promise<void>;
}

interface Current {
  user: DeskUser;
  files: UserCacheFiles;
  tokens: TokenHolder;
  desk: OpenDesk;
}

const SIGNED_OUT_WORDS = 'Nobody is signed in on this desk: sign in to see and work the inbox.';
const LOCKED_WORDS = 'The desk is locked: sign in again to go on.';

/**
 * Who is at the desk, and the only way to a cache. Signing in opens the user's own encrypted cache
 * with their key; locking and signing out close it, so the key leaves memory with it, and the
 * handlers that read or change patient data refuse until the next sign-in. Queued outbox rows stay
 * in the cache and go out once its user signs in again.
 */
export function createDeskSession(options: DeskSessionOptions): DeskSession {
  let phase: SessionPhase = 'signed-out';
  let lockedUser: DeskUser | null = null;
  let problem: string | null = null;
  let current: Current | null = null;
  let attempt: { promise: Promise<SessionState>; abort: AbortController } | null = null;
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
  });
  const publish = (): SessionState => {
    const now = state();
    options.emit(now);
    return now;
  };

  const closeCurrent = async (): Promise<void> => {
    const closing = current;
    if (closing === null) return;
    current = null;
    closing.tokens.drop();
    try {
      await closing.desk.close();
    } catch (error) {
      options.log('[session] closing the cache failed', error);
    }
  };

  const open = async (tokens: SessionTokens): Promise<void> => {
    const box = options.secretBox();
    const user = userOf(tokens);
    const files = userCacheFiles(options.dataDir, { portal: options.portalUrl, practitionerId: user.id });
    const { key } = cacheKeyFor(files, box);
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
        fetch: authorizedFetch(holder),
      });
      current = { user, files, tokens: holder, desk };
    } catch (error) {
      holder.drop();
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
    const before = phase;
    phase = 'signing-in';
    problem = null;
    publish();
    const timeout = setTimeout(() => abort.abort(), options.signInTimeoutMs ?? 5 * 60_000);
    const promise = (async () => {
      try {
        const tokens = await options.signIn(abort.signal);
        await serial(async () => {
          await closeCurrent();
          await open(tokens);
        });
        phase = 'signed-in';
        lockedUser = null;
      } catch (error) {
        phase = before === 'locked' ? 'locked' : 'signed-out';
        problem = abort.signal.aborted
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
    attempt = { promise, abort };
    return promise;
  };

  const lock = (reason: 'idle' | 'user' | 'os'): Promise<SessionState> =>
    serial(async () => {
      if (phase !== 'signed-in' || current === null) return state();
      lockedUser = current.user;
      options.log(`[session] locked (${reason})`);
      await closeCurrent();
      phase = 'locked';
      problem = null;
      return publish();
    });

  const signOut = (): Promise<SessionState> =>
    serial(async () => {
      attempt?.abort.abort();
      const files = current?.files;
      await closeCurrent();
      if (files !== undefined) forgetRefreshToken(files);
      // A locked desk signed out: its user's sealed refresh token goes too.
      if (lockedUser !== null) {
        forgetRefreshToken(
          userCacheFiles(options.dataDir, { portal: options.portalUrl, practitionerId: lockedUser.id }),
        );
      }
      lockedUser = null;
      phase = 'signed-out';
      problem = null;
      return publish();
    });

  const sessionHandlers: Pick<Handlers, SessionChannel> = {
    'session:get': () => state(),
    'session:sign-in': () => signIn(),
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

  return {
    handlers: handlers as Handlers,
    state,
    lock,
    close: async () => {
      attempt?.abort.abort();
      await serial(closeCurrent);
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
