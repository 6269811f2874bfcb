import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { invokeChannels } from '../shared/ipc/channels';
import { openDatabase } from './db/open-database';
import type { CacheDatabase } from './db/open-database';
import { isCacheEmpty } from './cache/seed-demo';
import { storeResources } from './cache/store-resources';
import { startEmbeddedPortal } from './portal/embedded-portal';
import type { EmbeddedPortal } from './portal/embedded-portal';
import { createDispatcher } from './ipc/dispatcher';
import { createHandlers } from './ipc/handlers';
import { createSettingsStore } from './settings/settings-store';
import { applyHardening, secureWebPreferences } from './window/hardening';

/**
 * The Electron shell: lifecycle, the window and the IPC wiring. Everything it calls runs under
 * plain Node as well, which is where the tests exercise it.
 */
const rendererDir = join(import.meta.dirname, '../renderer');
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

/** Built by `npm start` (scripts/prepare-electron-native.mjs) for Electron's ABI. */
function electronNativeBinding(): string | undefined {
  const file = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

async function start(): Promise<void> {
  const settings = createSettingsStore();
  let cache: CacheDatabase;
  try {
    const binding = electronNativeBinding();
    cache = await openDatabase(
      join(app.getPath('userData'), 'triage-desk-cache.db'),
      binding === undefined ? {} : { nativeBinding: binding },
    );
  } catch (error) {
    dialog.showErrorBox(
      'Triage Desk cannot open its local cache',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
    return;
  }
  let clinicName = settings.get().clinicName;
  let portalUrl = settings.get().portalUrl;
  let portal: EmbeddedPortal | null = null;
  if (portalUrl === null) {
    portal = await startEmbeddedPortal({ dataDir: join(app.getPath('userData'), 'portal-simulator') });
    portalUrl = portal.baseUrl;
    clinicName = portal.clinic.clinicName;
    // Until the sync arrives (issue 4), the cache starts as a copy of the demo clinic the portal was seeded with.
    if (await isCacheEmpty(cache.db)) {
      const resources = portal.clinic.resources;
      await cache.db.transaction().execute((trx) => storeResources(trx, resources));
    }
  }

  const trustedOrigins =
    devServerUrl === undefined ? [pathToFileURL(`${rendererDir}/`).href] : [new URL(devServerUrl).origin];
  const dispatch = createDispatcher({
    handlers: createHandlers({
      db: cache.db,
      appInfo: () => ({
        version: app.getVersion(),
        clinicName: clinicName ?? 'Clinic',
        dataSource: portal === null ? 'portal' : 'demo',
        portalUrl,
      }),
      openExternal: (url) => shell.openExternal(url),
    }),
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
  const win = new BrowserWindow({
    ...saved,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Triage Desk',
    backgroundColor: '#f4f6f8',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  applyHardening(win.webContents, (url) => void shell.openExternal(url));
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    settings.update({ window: { ...bounds, maximized: win.isMaximized() } });
  });
  if (devServerUrl === undefined) await win.loadFile(join(rendererDir, 'index.html'));
  else await win.loadURL(devServerUrl);

  app.on('will-quit', () => {
    void portal?.close();
    void cache.close();
  });
}

app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });
