import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import iconIco from '../../resources/icon.ico?asset&asarUnpack';
import iconPng from '../../resources/icon.png?asset&asarUnpack';
import notificationPng from '../../resources/icons/128x128.png?asset&asarUnpack';
import { invokeChannels } from '../shared/ipc/channels';
import { electronNotifier } from './notifications/electron-notifier';
import { startDesk } from './desk';
import type { Desk } from './desk';
import { electronSecretBox } from './security/electron-secret-box';
import { createDispatcher } from './ipc/dispatcher';
import type { PortalFetch } from './net/portal-fetch';
import { quitWarning } from './quit-warning';
import { createSettingsStore } from './settings/settings-store';
import { APP_ID } from './shell/app-identity';
import { closeWithin } from './shell/bounded-close';
import { watchScreenLock } from './shell/screen-lock-watch';
import { startupProblem } from './shell/startup-problem';
import { appIcons } from './window/app-icon';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, openAppFile } from './window/app-protocol';
import { applyHardening, secureWebPreferences } from './window/hardening';
import { placeOnDisplays } from './window/window-placement';

/**
 * The Electron shell: lifecycle, the window and the IPC wiring. Everything it calls runs under
 * plain Node as well, which is where the tests exercise it; src/main/shell/shell.test.ts runs this
 * file, built, under Node with a recording stand-in for Electron.
 */
const rendererDir = join(import.meta.dirname, '../renderer');
const preloadFile = join(import.meta.dirname, '../preload/index.cjs');
// resources/ itself, beside out/ under `npm start` and in app.asar.unpacked once packaged (app-icon.ts).
const icons = appIcons(process.platform, { png: iconPng, ico: iconIco, notificationPng });
// Only an unpackaged build (npm run dev) loads its page from the dev server. In an installed app
// the variable is ignored: the page it named would count as a trusted IPC sender.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
/** The demo portal writes a new patient message this often, so the demo inbox moves as a real one would. */
const DEMO_LIVE_INTERVAL_MS = 60_000;
/** Quitting waits this long for the sync to stop and the cache to close, then goes anyway. */
const QUIT_WAIT_MS = 10_000;

/**
 * Portal traffic goes through Chromium's network stack: the system proxy (PAC, NTLM, Kerberos) and
 * the OS certificate store, where DoD and clinic roots live. Node's own fetch knows neither. A
 * session of its own with the HTTP cache off: FHIR answers are patient data, and Chromium's cache
 * would keep them on disk outside the encrypted caches. Persistent, not in-memory: Chromium gives
 * in-memory sessions no ambient (Windows sign-in) authentication to a clinic's proxy.
 */
function portalFetch(): PortalFetch {
  const portal = session.fromPartition('persist:portal', { cache: false });
  return (input, init) => portal.fetch(input instanceof URL ? input.href : input, init);
}

/** Built by `npm start` (scripts/prepare-electron-native.mjs) for Electron's ABI. */
function electronNativeBinding(): string | undefined {
  const file = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

let mainWindow: BrowserWindow | null = null;

function bringForward(): void {
  const win = mainWindow;
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function start(): Promise<void> {
  const settings = createSettingsStore();
  let desk: Desk;
  // Owner-only for every file the app creates (the caches, their WAL, sealed keys, logs): on a
  // shared workstation other accounts must not read them.
  process.umask(0o077);
  try {
    desk = await startDesk({
      dataDir: app.getPath('userData'),
      version: app.getVersion(),
      // startAppCore refuses one reached over plain http:// off this computer, before any request.
      portalUrl: settings.get().portalUrl,
      clinicName: settings.get().clinicName,
      nativeBinding: electronNativeBinding(),
      fetch: portalFetch(),
      openExternal: (url) => shell.openExternal(url),
      openBrowser: (url) => shell.openExternal(url),
      emit: (channel, payload) => {
        const win = mainWindow;
        if (win !== null && !win.isDestroyed()) win.webContents.send(channel, payload);
      },
      liveIntervalMs: DEMO_LIVE_INTERVAL_MS,
      idleLockMinutes: settings.get().idleLockMinutes,
      // Asked at each sign-in, so a keyring unlocked later is found; refused, nobody signs in.
      secretBox: () => electronSecretBox(safeStorage, process.platform),
      // A click brings the window forward; the item is at the top of its pool (emergencies first).
      notifier: electronNotifier(Notification, bringForward, icons.notification),
    });
  } catch (error) {
    dialog.showErrorBox('Triage Desk could not start', startupProblem(error));
    app.exit(1);
    return;
  }

  if (devServerUrl === undefined) {
    protocol.handle(APP_SCHEME, async (request) => {
      const response = await openAppFile({ url: request.url, method: request.method }, rendererDir);
      return new Response(response.body, { status: response.status, headers: response.headers });
    });
  }
  const trustedOrigins = devServerUrl === undefined ? [APP_ORIGIN] : [new URL(devServerUrl).origin];
  const dispatch = createDispatcher({
    handlers: desk.handlers,
    trustedOrigins,
    onInternalError: (channel, error) => console.error(`[ipc ${channel}]`, error),
  });
  for (const channel of Object.values(invokeChannels)) {
    ipcMain.handle(channel, (event, arg: unknown) =>
      dispatch(channel, arg, {
        url: event.senderFrame?.url ?? '',
        isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
      }),
    );
  }

  const saved = placeOnDisplays(
    settings.get().window,
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const { maximized, ...bounds } = saved;
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Triage Desk',
    ...(icons.window === undefined ? {} : { icon: icons.window }),
    backgroundColor: '#f4f6f8',
    // The keys scripts/electron-scan.mjs checks are repeated where a static scanner can read them;
    // they equal secureWebPreferences()'s own (hardening.test.ts), so neither can weaken the other.
    webPreferences: {
      ...secureWebPreferences(preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  mainWindow = win;
  applyHardening(win.webContents, (url) => void shell.openExternal(url), trustedOrigins);
  // maximize() shows a hidden window at once, before the page has painted: both wait for it.
  win.once('ready-to-show', () => {
    if (maximized) win.maximize();
    win.show();
  });
  // Closing the window or quitting with unconfirmed changes asks first: nothing is lost, but a
  // nurse who thinks a reply reached the patient should hear otherwise. Asked once per quit.
  let confirmedQuit = false;
  const mayQuit = (): boolean => {
    const status = desk.current()?.sync.status();
    const warning = confirmedQuit || status === undefined ? null : quitWarning(status);
    if (warning !== null) {
      const choice = dialog.showMessageBoxSync(win, {
        type: 'warning',
        buttons: ['Stay', 'Quit anyway'],
        defaultId: 0,
        cancelId: 0,
        title: 'Changes not yet on the portal',
        message: warning.message,
        detail: warning.detail,
      });
      if (choice === 0) return false;
    }
    confirmedQuit = true;
    return true;
  };
  win.on('close', (event) => {
    if (!mayQuit()) {
      event.preventDefault();
      return;
    }
    const normal = win.getNormalBounds();
    settings.update({ window: { ...normal, maximized: win.isMaximized() } });
  });

  // Quit waits for the sync to stop (committed pages stay, the rest is read again next start) and
  // for the cache to close, so no write is cut off half-way; but not for ever.
  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing !== null || !mayQuit()) return;
    closing = closeWithin(desk.close(), QUIT_WAIT_MS, (message, error) => console.error(message, error ?? '')).then(
      () => {
        closed = true;
        app.quit();
      },
    );
  });

  // The system ending the session (log-off, restart, shutdown) sends no before-quit: quit now,
  // without asking (changes stay on disk and go at the next start), so the cache still closes and
  // the session's end is audited. macOS and Linux wait while the app quits; Windows ends the
  // session regardless, so what gets done there is what fits in its few seconds.
  const quitForSystem = () => {
    confirmedQuit = true;
    app.quit();
  };
  // Electron's typings give this listener no argument; its docs and source pass the event whose
  // preventDefault() holds the shutdown back while the app quits.
  const holdShutdown = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    quitForSystem();
  };
  powerMonitor.on('shutdown', holdShutdown);
  win.on('session-end', quitForSystem);

  // Leaving the computer locks the desk: the screen locked (Win+L, the lid, a CAC pulled where
  // policy locks) or the system going to sleep.
  watchScreenLock({ platform: process.platform, powerMonitor, onLock: () => void desk.session.lock('os') });
  await win.loadURL(devServerUrl ?? APP_INDEX_URL);
}

// Windows attributes toasts to the Start-menu shortcut with this id (electron-builder writes the
// appId onto it); without it they are dropped. The method exists on Windows only.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

// One desk per account: a second copy would start a second demo portal and a second sync over the
// same caches, and both could push the same queued action. The second copy hands over to the first
// (its window comes forward) and ends before it opens anything.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', bringForward);

  // Must happen before 'ready'. Standard: relative URLs, 'self' in the CSP and a real origin work
  // as on https; secure: the page counts as a secure context. The bundle only loads from its own
  // origin, so corsEnabled stays off (it would let other origins read it), as do bypassCSP and
  // service workers.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);

  // A certificate Chromium rejects stays rejected: no override for a self-signed or intercepted portal.
  app.on('certificate-error', (_event, _contents, url, error, _certificate, callback) => {
    callback(false);
    console.error(`[tls] refused the certificate of ${URL.canParse(url) ? new URL(url).host : 'a page'}: ${error}`);
  });

  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(error);
      app.exit(1);
    });
}
