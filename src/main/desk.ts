import { join } from 'node:path';
import type { Handlers } from '../shared/ipc/contract';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../shared/session';
import { startAppCore } from './app-core';
import { recordSessionEvent } from './audit/session-audit';
import { endPortalSession } from './auth/portal-sign-out';
import { refreshTokens, revokeRefreshToken, signIn } from './auth/smart-sign-in';
import { nodeFetch } from './net/portal-fetch';
import type { PortalFetch } from './net/portal-fetch';
import type { AppCore, AppCoreOptions } from './app-core';
import { queueCounts } from './outbox/queue-queries';
import { startEmbeddedPortal } from './portal/embedded-portal';
import type { EmbeddedPortal } from './portal/embedded-portal';
import { retireLegacyCache } from './security/legacy-cache';
import type { SecretBox } from './security/secret-box';
import type { AuthFaults } from '../simulator/auth/auth-options';
import { createDeskSession } from './session/desk-session';
import type { DeskSession } from './session/desk-session';
import { checkPortalUrl } from './settings/portal-url';

export interface DeskOptions extends Omit<AppCoreOptions, 'cache' | 'deskUser' | 'portal' | 'fetch' | 'deskUserId'> {
  /** safeStorage in the app; throws where it cannot protect a secret, and nobody signs in then. */
  secretBox: () => SecretBox;
  idleLockMinutes?: number;
  /**
   * Every request to the portal: FHIR, SMART discovery, tokens and revocation. The app passes
   * Electron's net.fetch (the system proxy and certificate store); default Node's fetch.
   */
  fetch?: PortalFetch;
  /** Opens the portal's sign-in and sign-out pages in the system browser (Electron's shell.openExternal). */
  openBrowser: (url: string) => Promise<unknown>;
  /** Ends a grant at the portal; by default OAuth token revocation at its revocation endpoint. */
  revoke?: (fhirBaseUrl: string, refreshToken: string) => Promise<unknown>;
  /**
   * Starts the user's background sync as soon as their desk opens (default). Browser tests that
   * watch a first load from its empty start turn it off and start the sync themselves.
   */
  startSyncOnSignIn?: boolean;
  /** Browser tests only: makes the embedded portal's sign-in misbehave while the desk runs. */
  portalAuthFaults?: AuthFaults;
}

export interface Desk {
  session: DeskSession;
  /** The IPC handlers: the session's, and the signed-in user's desk behind its gate. */
  handlers: Handlers;
  portal: EmbeddedPortal | null;
  /** The signed-in user's app core (cache, sync); null when signed out or locked. */
  current(): AppCore | null;
  close(): Promise<void>;
}

/**
 * The app as staff meet it: the portal (embedded or configured) runs from the start, and each
 * sign-in opens that user's own encrypted cache and sync as an AppCore, closed again on lock and
 * sign-out. The Electron shell builds this; the browser tests of sign-in and lock build it too.
 */
export async function startDesk(options: DeskOptions): Promise<Desk> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  if (options.portalUrl !== null) {
    const checked = checkPortalUrl(options.portalUrl);
    if (!checked.ok) throw new Error(checked.problem);
  }
  const legacy = retireLegacyCache(options.dataDir, options.nativeBinding);
  if (legacy === 'removed') log('[security] removed the unencrypted cache of an earlier version');
  else if (legacy !== 'none') log(`[security] ${legacy.kept}`);
  const portal =
    options.portalUrl === null
      ? await startEmbeddedPortal({
          dataDir: join(options.dataDir, 'portal-simulator'),
          nativeBinding: options.nativeBinding,
          ...(options.demoNow === undefined ? {} : { now: options.demoNow }),
          ...(options.liveIntervalMs === undefined ? {} : { liveIntervalMs: options.liveIntervalMs }),
          ...(options.portalHandlerWrapper === undefined ? {} : { handlerWrapper: options.portalHandlerWrapper }),
          requireSignIn: true,
          ...(options.portalAuthFaults === undefined ? {} : { authFaults: options.portalAuthFaults }),
        })
      : null;
  const portalUrl = portal?.baseUrl ?? options.portalUrl ?? '';
  const fetch = options.fetch ?? nodeFetch;
  let core: AppCore | null = null;
  const session = createDeskSession({
    dataDir: options.dataDir,
    portalUrl: portal === null ? portalUrl : 'embedded-demo-portal',
    clinicName: portal?.clinic.clinicName ?? options.clinicName ?? 'Clinic',
    dataSource: portal === null ? 'portal' : 'demo',
    idleLockMinutes: options.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
    secretBox: options.secretBox,
    fetch,
    nativeBinding: options.nativeBinding,
    signIn: (signal, showAddress) =>
      signIn({
        fhirBaseUrl: portalUrl,
        signal,
        fetch,
        // Shown as well as opened: the system only says it started a browser, not that one appeared.
        // A browser that cannot start leaves the address to copy, and the sign-in waiting for it.
        openExternal: async (address) => {
          showAddress({ address, browserProblem: null });
          try {
            await options.openBrowser(address);
          } catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            showAddress({ address, browserProblem: `No browser could be opened (${why}).` });
          }
        },
      }),
    refresh: (refreshToken, practitionerId) =>
      refreshTokens({ fhirBaseUrl: portalUrl, refreshToken, expectedPractitionerId: practitionerId, fetch }),
    endPortalSession: (idToken) =>
      endPortalSession({ fhirBaseUrl: portalUrl, idToken, openExternal: options.openBrowser, fetch }),
    revoke: (refreshToken) =>
      options.revoke === undefined
        ? revokeRefreshToken({ fhirBaseUrl: portalUrl, refreshToken, fetch })
        : options.revoke(portalUrl, refreshToken),
    openDesk: async ({ user, cache, fetch }) => {
      const opened = await startAppCore({
        ...options,
        portalUrl: portal === null ? portalUrl : null,
        ...(portal === null ? {} : { portal }),
        cache,
        deskUser: user,
        fetch,
      });
      try {
        await recordSessionEvent(opened.cache.db, user, 'sign-in');
      } catch (error) {
        await opened.close();
        throw error;
      }
      core = opened;
      if (options.startSyncOnSignIn ?? true) void opened.sync.start();
      return {
        handlers: opened.handlers,
        close: async (why) => {
          core = null;
          // Counted after the sync has stopped: a push in flight has ended, one way or the other.
          await opened.sync.stop();
          try {
            await recordSessionEvent(opened.cache.db, user, why);
            return { unsent: await queueCounts(opened.cache.db) };
          } finally {
            await opened.close();
          }
        },
      };
    },
    emit: (state) => options.emit('session:changed', state),
    log,
  });
  return {
    session,
    handlers: session.handlers,
    portal,
    current: () => core,
    close: async () => {
      await session.close();
      await portal?.close();
    },
  };
}
