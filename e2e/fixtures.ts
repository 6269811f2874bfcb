import { mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { eventChannels, invokeChannels } from '../src/shared/ipc/channels';
import type { EventChannel } from '../src/shared/ipc/channels';
import type { DeskHandlers, EventPayloads, Handlers } from '../src/shared/ipc/contract';
import { startAppCore } from '../src/main/app-core';
import type { AppCore } from '../src/main/app-core';
import { seedDemoClinic } from '../src/main/cache/seed-demo';
import { openDatabase } from '../src/main/db/open-database';
import type { CacheDatabase } from '../src/main/db/open-database';
import { createDispatcher } from '../src/main/ipc/dispatcher';
import { createHandlers } from '../src/main/ipc/handlers';
import { DEMO_ACCESS_POLICY } from '../src/demo-clinic/staff';
import { demoDeskUser } from '../src/main/session/desk-user';
import { alwaysSignedIn } from '../src/main/session/fixed-session';
import { signIn } from '../src/main/auth/smart-sign-in';
import { startDesk } from '../src/main/desk';
import type { Desk as SessionDesk } from '../src/main/desk';
import { memorySecretBox } from '../src/main/security/test-support/memory-secret-box';
import { DEFAULT_DEMO_PASSWORD } from '../src/simulator/auth/auth-options';
import type { AuthFaults } from '../src/simulator/auth/auth-options';
import { completeDemoSignIn, DemoBrowser } from '../src/simulator/auth/demo-browser';
import { serveDirectory } from './static-server';

/** A fixed clock for the seed, so what the tests look for is the same on every run. */
export const SEED_NOW = new Date('2026-11-27T15:00:00Z');

export interface AppHarness {
  page: Page;
  cache: CacheDatabase;
  opened: string[];
  /** Pushes a main → renderer event, as main's webContents.send would. */
  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): Promise<void>;
}

/** One desk of two: its page, its app core, and who it acts as. */
export interface Desk {
  page: Page;
  core: AppCore;
  /** The Practitioner id this desk acts as. */
  userId: string;
}

export interface TwoDesksHarness {
  /** Runs the embedded portal; `b` syncs from it over loopback, as a second workstation would. */
  a: Desk;
  b: Desk;
  /** A sync pass on both desks (a first, so b reads what a sent), as their timers would in time. */
  syncBoth(): Promise<void>;
}

export interface SessionDeskHarness {
  page: Page;
  /** The desk as the Electron shell builds it: embedded portal with sign-in, a session, per-user caches. */
  desk: SessionDesk;
  /** Who the "system browser" signs in as when the page asks (a demo user's Practitioner id). */
  signInAs(practitionerId: string): void;
  /**
   * What the system browser does with the sign-in page: signs in (default); 'none', nothing shows
   * (the system said it started one); 'broken', the system cannot start one at all.
   */
  setBrowser(browser: BrowserBehaviour): void;
  setOffline(offline: boolean): void;
  /** Someone at the browser changes the sign-in address before it loads (null: nobody does). */
  editSignInAddress(edit: ((address: URL) => void) | null): void;
  /** What the system browser did with each page the desk opened in it, in order. */
  browserVisits: BrowserVisit[];
  /** The embedded portal's sign-in faults, read at each sign-in: a test switches one on here. */
  portalFaults: AuthFaults;
}

export type BrowserBehaviour = 'signs-in' | 'none' | 'broken';

/** One page the desk opened in the (demo) system browser. */
export type BrowserVisit =
  { kind: 'sign-in'; address: string; askedForCredentials: boolean } | { kind: 'sign-out'; page: string };

export interface SyncedAppHarness {
  page: Page;
  /** The signed-in user's app core (cache, sync, portal): after another person signs in, theirs. */
  readonly core: AppCore;
  /** Who the "system browser" signs in as the next time the page asks (a demo user's Practitioner id). */
  signInAs(practitionerId: string): void;
  /** Starts the background sync, as the desk does once someone has signed in. */
  startSync(): void;
  /** Cuts (or restores) the connection to the portal. */
  setOffline(offline: boolean): void;
  /**
   * GETs a FHIR path (`Task/…`, a search) from the portal over HTTP with an access token of the
   * test's own: what reached the portal itself, not what a desk's cache says.
   */
  portalGet(path: string): Promise<Response>;
}

/**
 * Who `syncedApp` starts signed in as: the nurse who leads the Nursing Team, so the desk shows
 * every view (escalations, all pools), as the demo desk did before sign-in (`demoDeskUser`).
 */
export const DEFAULT_DESK_USER = 'rn-harper';

/**
 * The seeded desk and the two desks start signed in for good, without the session: sign-in and
 * the lock have their own story (session.spec.ts) on the real session.
 */
const signedIn = (desk: DeskHandlers): Handlers =>
  alwaysSignedIn(desk, { userName: null, clinicName: 'Harbor Point Branch Health Clinic', dataSource: 'demo' });

/**
 * The real main-process handlers, in this Node process, behind the real renderer in Chromium.
 * Only the Electron transport is replaced: the page's `window.triageDesk` is built from the same
 * channel table as the preload's, and every call goes through main's dispatcher (sender check,
 * zod validation, handler, SQLite).
 */
async function openBridgedPage(
  page: Page,
  handlers: Handlers,
  origin: string,
  clock: 'fixed' | 'installed' = 'fixed',
): Promise<() => void> {
  const dispatch = createDispatcher({
    handlers,
    trustedOrigins: [origin],
    onInternalError: (channel, error) =>
      console.error(`[ipc ${channel}]`, error instanceof Error ? error.stack : error),
  });
  await page.exposeBinding('__triageDeskInvoke', ({ frame }, channel: string, arg: unknown) =>
    dispatch(channel, arg, { url: frame.url(), isMainFrame: frame === page.mainFrame() }),
  );
  await page.addInitScript(
    ({ invoke, events }) => {
      type Listener = (payload: unknown) => void;
      const listeners = new Map<string, Set<Listener>>();
      const w = window as unknown as Record<string, unknown> & {
        __triageDeskInvoke: (channel: string, arg: unknown) => Promise<unknown>;
      };
      const bridge: Record<string, unknown> = {};
      for (const [name, channel] of Object.entries(invoke)) {
        bridge[name] = (arg: unknown) => w.__triageDeskInvoke(channel, arg);
      }
      for (const [name, channel] of Object.entries(events)) {
        bridge[name] = (listener: Listener) => {
          const set = listeners.get(channel) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(channel, set);
          return () => set.delete(listener);
        };
      }
      w['triageDesk'] = Object.freeze(bridge);
      w['__triageDeskEmit'] = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
    },
    { invoke: invokeChannels, events: eventChannels },
  );
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // The page's clock stands where the seed's did, so due times read the same on every run; or,
  // where a test moves time on (the idle lock), it starts there and the test runs it forward.
  if (clock === 'fixed') await page.clock.setFixedTime(SEED_NOW);
  else await page.clock.install({ time: SEED_NOW });
  await page.goto(`${origin}/index.html`);
  // A CSP violation or a React error shows up here, and fails the test that caused it.
  return () => {
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
  };
}

async function emitTo<C extends EventChannel>(page: Page, channel: C, payload: EventPayloads[C]): Promise<void> {
  await page.evaluate(
    ([c, p]) => (window as unknown as { __triageDeskEmit: (c: string, p: unknown) => void }).__triageDeskEmit(c, p),
    [channel, payload] as const,
  );
}

/**
 * The network between the app and its embedded portal: each answer can be held back a little (so
 * a loopback first load lasts long enough to be watched), or the connection cut as a dead network would.
 */
function portalNetwork(delayMs: number) {
  const state = { offline: false };
  const wrap =
    (handler: RequestListener): RequestListener =>
    (request, response) => {
      if (state.offline) {
        request.socket.destroy();
        return;
      }
      if (delayMs === 0) handler(request, response);
      else setTimeout(() => handler(request, response), delayMs);
    };
  return { state, wrap };
}

/**
 * A page of its own browser context, so two desks share no storage, as two workstations would
 * not; with the first page's viewport, which the config gave it.
 */
async function pageOfItsOwn(browser: Browser, like: Page): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: like.viewportSize() });
  return { page: await context.newPage(), close: () => context.close() };
}

/** A desk as the Electron shell builds it, behind a page, and what a test changes about it. */
interface DeskForPage {
  desk: SessionDesk;
  signInAs: (practitionerId: string) => void;
  setBrowser: (browser: BrowserBehaviour) => void;
  editSignInAddress: (edit: ((address: URL) => void) | null) => void;
  browserVisits: BrowserVisit[];
  portalFaults: AuthFaults;
  setOffline: (offline: boolean) => void;
  portalGet: (path: string) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * Starts the desk as the Electron shell does (`startDesk`: the embedded portal with its
 * authorization server, a session, per-user encrypted caches) and opens the page on it. "Sign in"
 * runs the real SMART client; the system browser it opens is played by the demo browser, signing
 * in as `signInAs` with the demo password. One browser for the desk's life, keeping the portal's
 * cookies from one person to the next, as a shared workstation's does; it answers the portal's
 * sign-out page when the desk's sign-out opens it.
 */
async function startDeskForPage(
  page: Page,
  options: {
    portalDelayMs: number;
    clock: 'fixed' | 'installed';
    /** Who the demo browser signs in as until the test says otherwise. */
    user: string;
    /** Signed in as `user` before the page opens; else the page opens on the sign-in screen. */
    signedIn: boolean;
    startSyncOnSignIn?: boolean;
  },
): Promise<DeskForPage> {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-e2e-desk-'));
  const server = await serveDirectory(resolve('out/renderer'));
  const network = portalNetwork(options.portalDelayMs);
  const box = memorySecretBox();
  let who = options.user;
  let browser: BrowserBehaviour = 'signs-in';
  const systemBrowser = new DemoBrowser();
  let editAddress: ((address: URL) => void) | null = null;
  const browserVisits: BrowserVisit[] = [];
  const portalFaults: AuthFaults = { backdateAuthTimeSeconds: 0 };
  const openInSystemBrowser = async (url: string): Promise<void> => {
    const address = new URL(url);
    if (address.pathname.endsWith('/session/end')) {
      browserVisits.push({ kind: 'sign-out', page: await systemBrowser.signOut(url) });
      return;
    }
    editAddress?.(address);
    const visit = await systemBrowser.signIn(address.href, { username: who, password: DEFAULT_DEMO_PASSWORD });
    browserVisits.push({ kind: 'sign-in', address: address.href, askedForCredentials: visit.askedForCredentials });
  };
  const desk = await startDesk({
    dataDir: dir,
    version: 'test',
    portalUrl: null,
    clinicName: null,
    openExternal: () => Promise.resolve(),
    // An event sent while the page navigates is lost, as it would be in Electron: the page asks
    // for the current state when it mounts.
    emit: (channel, payload) => void emitTo(page, channel, payload).catch(() => undefined),
    // Failed passes are expected where a test cuts the network; the page shows them, the log need not.
    log: () => undefined,
    syncIntervalMs: 300,
    // Live messages only when the test asks (tick); the timer would make the inbox move on its own.
    liveIntervalMs: 3_600_000,
    demoNow: SEED_NOW,
    portalHandlerWrapper: network.wrap,
    secretBox: () => box,
    // The system browser, played by the demo browser.
    portalAuthFaults: portalFaults,
    // The cut reaches the portal's sign-in server too, which the FHIR wrapper above does not serve:
    // refused here, as a dead network would refuse the connection.
    fetch: (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input.toString()).pathname;
      const signInServer = path.startsWith('/auth/') || path.startsWith('/.well-known/');
      if (network.state.offline && signInServer) {
        return Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
      }
      return fetch(input, init);
    },
    openBrowser: (url) =>
      browser === 'signs-in'
        ? openInSystemBrowser(url)
        : browser === 'none'
          ? Promise.resolve()
          : Promise.reject(new Error('xdg-open: no method available for opening the address')),
    ...(options.startSyncOnSignIn === undefined ? {} : { startSyncOnSignIn: options.startSyncOnSignIn }),
  });
  const stop = async () => {
    await desk.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let check: () => void;
  try {
    if (options.signedIn) {
      const state = await desk.handlers['session:sign-in']({});
      if (state.phase !== 'signed-in')
        throw new Error(`${who} could not sign in: ${state.problem ?? 'no reason given'}`);
    }
    check = await openBridgedPage(page, desk.handlers, server.origin, options.clock);
  } catch (error) {
    await stop();
    throw error;
  }
  // The portal answers only a signed-in client: the test signs in once for itself, as the default user.
  let reader: Promise<string> | null = null;
  const portalGet = async (path: string): Promise<Response> => {
    const base = desk.portal?.baseUrl;
    if (base === undefined) throw new Error('The desk runs no embedded portal');
    reader ??= signIn({
      fhirBaseUrl: base,
      openExternal: (url) => completeDemoSignIn(url, { username: DEFAULT_DESK_USER, password: DEFAULT_DEMO_PASSWORD }),
    }).then(
      (tokens) => tokens.accessToken,
      (error: unknown) => {
        reader = null;
        throw error;
      },
    );
    return fetch(`${base}/${path}`, { headers: { authorization: `Bearer ${await reader}` } });
  };
  return {
    desk,
    portalGet,
    signInAs: (practitionerId) => {
      who = practitionerId;
    },
    setBrowser: (behaviour) => {
      browser = behaviour;
    },
    editSignInAddress: (edit) => {
      editAddress = edit;
    },
    browserVisits,
    portalFaults,
    setOffline: (offline) => {
      network.state.offline = offline;
    },
    close: async () => {
      await stop();
      check();
    },
  };
}

export const test = base.extend<{
  app: AppHarness;
  sessionDesk: SessionDeskHarness;
  syncedApp: SyncedAppHarness;
  twoDesks: TwoDesksHarness;
  portalDelayMs: number;
  deskUsers: readonly [string, string];
}>({
  /** How long the embedded portal holds each answer back (0: as fast as loopback goes). */
  portalDelayMs: [0, { option: true }],
  /** Who the two desks of `twoDesks` act as: two nurses of the Nursing Team by default. */
  deskUsers: [['rn-osei', 'rn-lindqvist'], { option: true }],

  /** A cache seeded directly with the demo clinic (no portal, no sync). */
  app: async ({ page }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-desk-e2e-'));
    const cache = await openDatabase(join(dir, 'cache.db'));
    await seedDemoClinic(cache.db, { now: SEED_NOW });
    const user = await demoDeskUser(cache.db);
    const server = await serveDirectory(resolve('out/renderer'));
    const opened: string[] = [];
    const handlers = createHandlers({
      db: cache.db,
      appInfo: () => ({
        version: 'test',
        clinicName: 'Harbor Point Branch Health Clinic',
        dataSource: 'demo',
        portalUrl: null,
        userName: user?.name ?? null,
        // The seeded desk user is a nurse (demoDeskUser picks one).
        canPrescribe: false,
      }),
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
      sync: null,
      user: () => Promise.resolve(user),
      // Main's clock stands where the seed's and the page's do: "overdue" reads the same on every run.
      now: () => SEED_NOW.getTime(),
      onLocalChange: () => void emitTo(page, 'inbox:changed', { reason: 'local-change' }).catch(() => undefined),
      // As the demo app: its nursing lead supervises the clinic.
      accessPolicy: DEMO_ACCESS_POLICY,
    });
    const check = await openBridgedPage(page, signedIn(handlers), server.origin);
    await use({ page, cache, opened, emit: (channel, payload) => emitTo(page, channel, payload) });
    await cache.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    check();
  },

  /** The app as staff start it: nobody signed in; "Sign in" signs in as Kwame Osei until `signInAs` says otherwise. */
  sessionDesk: async ({ page }, use) => {
    const started = await startDeskForPage(page, {
      portalDelayMs: 0,
      clock: 'installed',
      user: 'rn-osei',
      signedIn: false,
    });
    await use({
      page,
      desk: started.desk,
      signInAs: started.signInAs,
      setBrowser: started.setBrowser,
      setOffline: started.setOffline,
      editSignInAddress: started.editSignInAddress,
      browserVisits: started.browserVisits,
      portalFaults: started.portalFaults,
    });
    await started.close();
  },

  /**
   * The app as it first starts, its user signed in: an empty cache, the embedded portal, and the
   * background sync not yet started (the test starts it, or syncs when it means to).
   */
  syncedApp: async ({ page, portalDelayMs }, use) => {
    const started = await startDeskForPage(page, {
      portalDelayMs,
      clock: 'fixed',
      user: DEFAULT_DESK_USER,
      signedIn: true,
      startSyncOnSignIn: false,
    });
    const current = (): AppCore => {
      const core = started.desk.current();
      if (core === null) throw new Error('Nobody is signed in on the desk');
      return core;
    };
    await use({
      page,
      get core() {
        return current();
      },
      signInAs: started.signInAs,
      startSync: () => void current().sync.start(),
      setOffline: started.setOffline,
      portalGet: started.portalGet,
    });
    await started.close();
  },

  /**
   * Two desks acting as different staff on one portal: each has its own cache, data folder and
   * page (the second in a browser context of its own); the first runs the embedded portal and
   * the second syncs from it. Both have synced once when the test starts; background sync is
   * off, so `syncBoth` decides when each sees the other's work.
   */
  twoDesks: async ({ page, browser, deskUsers }, use) => {
    const server = await serveDirectory(resolve('out/renderer'));
    const dirs: string[] = [];
    const pages: { page: Page; close(): Promise<void> }[] = [];
    const cores: AppCore[] = [];
    const checks: (() => void)[] = [];
    const startDesk = async (userId: string, portalUrl: string | null): Promise<Desk> => {
      const dir = mkdtempSync(join(tmpdir(), 'triage-desk-e2e-desk-'));
      dirs.push(dir);
      // The first desk has the test's own page; the second a browser context of its own.
      const own = portalUrl === null ? { page, close: () => Promise.resolve() } : await pageOfItsOwn(browser, page);
      pages.push(own);
      const core = await startAppCore({
        dataDir: dir,
        version: 'test',
        portalUrl,
        clinicName: portalUrl === null ? null : 'Harbor Point Branch Health Clinic',
        openExternal: () => Promise.resolve(),
        emit: (channel, payload) => void emitTo(own.page, channel, payload).catch(() => undefined),
        log: () => undefined,
        // No timer: the test syncs when it means to (a long interval, never reached).
        syncIntervalMs: 3_600_000,
        liveIntervalMs: 3_600_000,
        demoNow: SEED_NOW,
        deskUserId: userId,
      });
      cores.push(core);
      await core.handlers['sync:now']({});
      checks.push(await openBridgedPage(own.page, signedIn(core.handlers), server.origin));
      return { page: own.page, core, userId };
    };
    try {
      const a = await startDesk(deskUsers[0], null);
      const b = await startDesk(deskUsers[1], a.core.portal?.baseUrl ?? null);
      await use({
        a,
        b,
        syncBoth: async () => {
          await a.core.handlers['sync:now']({});
          await b.core.handlers['sync:now']({});
        },
      });
    } finally {
      // The second desk first: it reads the first one's portal.
      for (const core of cores.reverse()) await core.close();
      for (const own of pages) await own.close();
      await server.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
    for (const check of checks) check();
  },
});

export { expect } from '@playwright/test';
