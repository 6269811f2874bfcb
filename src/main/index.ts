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
  shell,
} from 'electron';
import { invokeChannels } from '../shared/ipc/channels';
import { electronNotifier } from './notifications/electron-notifier';
import { refreshTokens, signIn } from './auth/smart-sign-in';
import { startDesk } from './desk';
import type { Desk } from './desk';
import { electronSecretBox } from './security/electron-secret-box';
import { createDispatcher } from './ipc/dispatcher';
import { quitWarning } from './quit-warning';
import { createSettingsStore } from './settings/settings-store';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, openAppFile } from './window/app-protocol';
import { applyHardening, secureWebPreferences } from './window/hardening';

/**
 * The Electron shell: lifecycle, the window and the IPC wiring. Everything it calls runs under
 * plain Node as well, which is where the tests exercise it.
 */
const rendererDir = join(import.meta.dirname, '../renderer');
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
/** The demo portal writes a new patient message this often, so the demo inbox moves as a real one would. */
const DEMO_LIVE_INTERVAL_MS = 60_000;

/** Built by `npm start` (scripts/prepare-electron-native.mjs) for Electron's ABI. */
function electronNativeBinding(): string | undefined {
  const file = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  const settings = createSettingsStore();
  let win: BrowserWindow | null = null;
  let desk: Desk;
  // Owner-only for every file the app creates (the caches, their WAL, sealed keys, logs): on a
  // shared workstation other accounts must not read them.
  process.umask(0o077);
  try {
    const binding = electronNativeBinding();
    desk = await startDesk({
      dataDir: app.getPath('userData'),
      version: app.getVersion(),
      // startAppCore refuses one reached over plain http:// off this computer, before any request.
      portalUrl: settings.get().portalUrl,
      clinicName: settings.get().clinicName,
      ...(binding === undefined ? {} : { nativeBinding: binding }),
      openExternal: (url) => shell.openExternal(url),
      emit: (channel, payload) => {
        if (win !== null && !win.isDestroyed()) win.webContents.send(channel, payload);
      },
      liveIntervalMs: DEMO_LIVE_INTERVAL_MS,
      idleLockMinutes: settings.get().idleLockMinutes,
      // Asked at each sign-in, so a keyring unlocked later is found; refused, nobody signs in.
      secretBox: () => electronSecretBox(safeStorage, process.platform),
      signIn: (fhirBaseUrl, signal) => signIn({ fhirBaseUrl, openExternal: (url) => shell.openExternal(url), signal }),
      refresh: (fhirBaseUrl, refreshToken, practitionerId) =>
        refreshTokens({ fhirBaseUrl, refreshToken, expectedPractitionerId: practitionerId }),
      // A click brings the window forward; the item is at the top of its pool (emergencies first).
      notifier: electronNotifier(Notification, () => {
        if (win === null || win.isDestroyed()) return;
        if (win.isMinimized()) win.restore();
        win.focus();
      }),
    });
  } catch (error) {
    dialog.showErrorBox('Triage Desk could not start', error instanceof Error ? error.message : String(error));
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

  const saved = settings.get().window;
  win = new BrowserWindow({
    ...saved,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Triage Desk',
    backgroundColor: '#f4f6f8',
    // The keys scripts/electron-scan.mjs checks are repeated where a static scanner can read them;
    // they equal secureWebPreferences()'s own (hardening.test.ts), so neither can weaken the other.
    webPreferences: {
      ...secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  applyHardening(win.webContents, (url) => void shell.openExternal(url));
  if (saved.maximized) win.maximize();
  const shown = win;
  shown.once('ready-to-show', () => shown.show());
  // Closing the window or quitting with unconfirmed changes asks first: nothing is lost, but a
  // nurse who thinks a reply reached the patient should hear otherwise. Asked once per quit.
  let confirmedQuit = false;
  const mayQuit = (): boolean => {
    const status = desk.current()?.sync.status();
    const warning = confirmedQuit || status === undefined ? null : quitWarning(status);
    if (warning !== null) {
      const choice = dialog.showMessageBoxSync(shown, {
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
  shown.on('close', (event) => {
    if (!mayQuit()) {
      event.preventDefault();
      return;
    }
    const bounds = shown.getNormalBounds();
    settings.update({ window: { ...bounds, maximized: shown.isMaximized() } });
  });

  // Quit waits for the sync to stop (committed pages stay, the rest is read again next start) and
  // for the cache to close, so no write is cut off half-way.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (!mayQuit()) return;
    void desk.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  // The OS locking the screen (Win+L, lid closed, the CAC pulled where policy locks) locks the desk too.
  powerMonitor.on('lock-screen', () => void desk.session.lock('os'));
  await shown.loadURL(devServerUrl ?? APP_INDEX_URL);
}

// Must happen before 'ready'. Standard: relative URLs, 'self' in the CSP and a real origin work as
// on https; secure: the page counts as a secure context. The bundle only loads from its own
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
