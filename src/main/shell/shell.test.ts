import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../shared/ipc/channels';
import type { Result } from '../../shared/ipc/result';
import type { SessionState } from '../../shared/session';
import type { SyncStatus } from '../../shared/sync-status';
import type { InboxPage } from '../../shared/work-item';
import { DEFAULT_DEMO_PASSWORD } from '../../simulator/auth/auth-options';
import { completeDemoSignIn } from '../../simulator/auth/demo-browser';
import { openDatabase } from '../db/open-database';
import type { CacheDatabase } from '../db/open-database';
import { listArgument } from '../ipc/test-support/sample-arguments';
import { lockCacheDir } from '../security/cache-dir-lock';
import { userCacheDirs } from '../security/user-cache';
import { secureWebPreferences } from '../window/hardening';
import { APP_ID } from './app-identity';
import { BUILT_SHELL, ensureBuilt, ROOT } from './test-support/built-app';
import { ShellProcess } from './test-support/shell-process';
import type { ShellProcessOptions } from './test-support/shell-process';

/**
 * The Electron shell as built (out/main/index.js), run under plain Node with a recording stand-in
 * for `electron` (test-support/electron-stand-in). As under Electron, the SQLite driver's own build
 * does not load: only the file the shell passes as its native binding does, so a database opened
 * without it fails the start. The first real start on a workstation can fail only where Electron
 * itself differs from the stand-in.
 */

const NODE_BUILD = join(
  ROOT,
  'node_modules',
  'better-sqlite3-multiple-ciphers',
  'build',
  'Release',
  'better_sqlite3.node',
);
const SIGN_IN_AS = 'rn-harper';
const APP_PAGE = 'app://triage-desk/index.html';

let scratch: string;
const started: ShellProcess[] = [];

beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'triage-desk-shell-'));
}, 180_000);

afterAll(() => {
  for (const shell of started) shell.kill();
  rmSync(scratch, { recursive: true, force: true });
});

/** An app folder with .native/electron/ prepared, as `npm start` leaves it, and an empty userData. */
function workstation(name: string, options: { withNativeBuild?: boolean } = {}) {
  const appPath = join(scratch, name, 'app');
  const userData = join(scratch, name, 'user-data');
  const binding = join(appPath, '.native', 'electron', 'better_sqlite3.node');
  mkdirSync(join(appPath, '.native', 'electron'), { recursive: true });
  mkdirSync(userData, { recursive: true });
  // Node's build stands in for the Electron-ABI one: the stand-in lets only this path load.
  if (options.withNativeBuild ?? true) copyFileSync(NODE_BUILD, binding);
  return { appPath, userData, binding };
}

function launch(place: ReturnType<typeof workstation>, extra: Partial<ShellProcessOptions> = {}): ShellProcess {
  const shell = new ShellProcess({
    entry: BUILT_SHELL,
    appPath: place.appPath,
    userData: place.userData,
    nativeBinding: place.binding,
    ...extra,
  });
  started.push(shell);
  return shell;
}

/** The paths the portal was asked for, through the shell's portal session. */
const portalPaths = (shell: ShellProcess) =>
  shell.callsTo('session.fetch').map((call) => new URL(call.args[2] as string).pathname);

const sessionPhase = (phase: SessionState['phase']) => (args: unknown[]) =>
  args[0] === 'session:changed' && (args[1] as SessionState).phase === phase;

/** Signs in through the shell: the page asks, the "system browser" (the demo browser) completes it. */
async function signIn(shell: ShellProcess): Promise<SessionState> {
  const from = shell.calls.length;
  const answer = shell.invoke<Result<SessionState>>('session:sign-in', {});
  const opened = await shell.waitForCall('shell.openExternal', () => true, { from });
  await completeDemoSignIn(opened.args[0] as string, { username: SIGN_IN_AS, password: DEFAULT_DEMO_PASSWORD });
  const result = await answer;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const synced = (args: unknown[]) =>
  args[0] === 'sync:changed' && typeof (args[1] as SyncStatus | undefined)?.lastSuccessAt === 'string';

/**
 * With the network gone (net.fetch failing as Electron's does), a note on the first open item: it
 * waits in the outbox, and the sync says offline.
 */
async function noteWhileOffline(shell: ShellProcess): Promise<void> {
  await shell.waitForCall('webContents.send', synced);
  await shell.command('set-offline', { value: true });
  const page = await shell.invoke<Result<InboxPage>>('inbox:list', listArgument({ limit: 1 }));
  if (!page.ok || page.value.items[0] === undefined) throw new Error('no open item to note');
  const from = shell.calls.length;
  const noted = await shell.invoke<Result<unknown>>('item:act', {
    id: page.value.items[0].id,
    kind: 'note',
    payload: { text: 'Called the patient back.' },
  });
  expect(noted.ok).toBe(true);
  await shell.waitForCall(
    'webContents.send',
    (args) => {
      const status = args[1] as SyncStatus | undefined;
      return args[0] === 'sync:changed' && status?.connection === 'offline' && status.queue.waiting === 1;
    },
    { from },
  );
}

/** The user's encrypted cache, opened in the test with the key the stand-in "sealed". */
async function readUserCache<T>(userData: string, read: (cache: CacheDatabase) => Promise<T>): Promise<T> {
  const [dir] = userCacheDirs(userData);
  if (dir === undefined) throw new Error('no user cache');
  const sealed = readFileSync(join(dir, 'cache-key.sealed'), 'utf8');
  const key = Buffer.from(sealed.replace(/^stand-in-sealed:/, ''), 'hex');
  const cache = await openDatabase(join(dir, 'cache.db'), { key, mustExist: true });
  try {
    return await read(cache);
  } finally {
    await cache.close();
  }
}

const sessionEvents = (userData: string) =>
  readUserCache(userData, async (cache) =>
    (
      await cache.db
        .selectFrom('audit_log')
        .select('event')
        .where('event', 'like', 'session.%')
        .orderBy('audit_id')
        .execute()
    ).map((row) => row.event),
  );

const waitingNotes = (userData: string) =>
  readUserCache(userData, (cache) => cache.db.selectFrom('outbox_action').select(['kind', 'state']).execute());

describe('the built Electron shell', () => {
  it('starts on the demo portal with the Electron binding, hardened, signs in and syncs through Electron’s network, and quits cleanly', async () => {
    const place = workstation('first-start');
    // A window saved on a monitor that is gone, maximized.
    writeFileSync(
      join(place.userData, 'settings.json'),
      JSON.stringify({ window: { x: 4000, y: 2500, width: 1300, height: 820, maximized: true } }),
    );
    const shell = launch(place);

    // Before 'ready': the single-instance lock, then the privileged scheme; nothing opened yet.
    await shell.waitForCall('app.whenReady');
    const lock = shell.indexOf('app.requestSingleInstanceLock');
    const schemes = shell.indexOf('protocol.registerSchemesAsPrivileged');
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(schemes).toBeGreaterThan(lock);
    expect(shell.calls[schemes]?.args[0]).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(shell.callsTo('process.dlopen')).toEqual([]);
    expect(shell.indexOf('app.on', (args) => args[0] === 'second-instance')).toBeGreaterThan(lock);
    // Not Windows: no AppUserModelID to set (the method does not exist there).
    expect(shell.callsTo('app.setAppUserModelId')).toEqual([]);

    await shell.command('ready');
    await shell.waitForCall('win.show');
    expect(shell.callsTo('dialog.showErrorBox'), shell.log()).toEqual([]);

    // Settings were read (the saved size), the desk started, and SQLite loaded only the binding.
    expect(shell.callsTo('app.getPath').map((call) => call.args[0])).toContain('userData');
    expect(existsSync(join(place.userData, 'portal-simulator', 'portal.db'))).toBe(true);
    const loaded = shell.callsTo('process.dlopen').map((call) => call.args[0]);
    expect(loaded.length).toBeGreaterThan(0);
    expect(new Set(loaded)).toEqual(new Set([place.binding]));

    // The window: hardened, the built preload, the saved size off a missing display dropped to
    // a centred one, shown and maximized only once the page has painted.
    const [created] = shell.callsTo('new BrowserWindow');
    const options = created?.args[0] as Record<string, unknown> & { webPreferences: Record<string, unknown> };
    expect(options).toMatchObject({ width: 1300, height: 820, show: false });
    expect(options).not.toHaveProperty('x');
    // Every hardened preference (hardening.test.ts lists them), nothing else, and the built preload.
    expect(options.webPreferences).toEqual(secureWebPreferences(join(ROOT, 'out', 'preload', 'index.cjs')));
    expect(existsSync(options.webPreferences['preload'] as string)).toBe(true);
    // The app's icon from resources/, not Electron's (none on macOS: the bundle's is used there).
    const icon = process.platform === 'darwin' ? undefined : process.platform === 'win32' ? 'icon.ico' : 'icon.png';
    expect(options['icon']).toBe(icon && join(ROOT, 'resources', icon));
    if (icon !== undefined) expect(existsSync(options['icon'] as string)).toBe(true);
    for (const hardened of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(
        shell.indexOf('webContents.on', (args) => args[0] === hardened),
        hardened,
      ).toBeGreaterThan(0);
    }
    expect(shell.callsTo('session.setPermissionRequestHandler')).toHaveLength(1);
    expect(shell.callsTo('webContents.setWindowOpenHandler')).toHaveLength(1);
    expect(shell.callsTo('win.loadURL').map((call) => call.args[0])).toEqual([APP_PAGE]);
    const painted = shell.indexOf('win.ready-to-show');
    expect(shell.indexOf('win.maximize')).toBeGreaterThan(painted);
    expect(shell.callsTo('win.maximize')[0]?.args[0]).toEqual({ wasVisible: false });

    // Every channel of the contract has its handler, registered once.
    expect(shell.callsTo('ipcMain.handle').map((call) => call.args[0])).toEqual(
      expect.arrayContaining(Object.values(invokeChannels)),
    );
    expect(shell.callsTo('ipcMain.handle')).toHaveLength(Object.values(invokeChannels).length);

    // app:// serves the built page with its CSP, and nothing outside the renderer folder.
    const page = await shell.command<{ status: number; headers: Record<string, string>; body: string }>('app-request', {
      url: APP_PAGE,
    });
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8'));
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await shell.command<{ status: number }>('app-request', {
      url: 'app://triage-desk/..%2f..%2fmain%2findex.js',
    });
    expect(escape.status).toBeGreaterThanOrEqual(400);

    // IPC: the app's page is answered, another origin is not.
    const state = await shell.invoke<Result<SessionState>>('session:get', {});
    expect(state).toMatchObject({ ok: true, value: { phase: 'signed-out', dataSource: 'demo' } });
    const foreign = await shell.invoke<Result<unknown>>('session:get', {}, 'https://evil.example/');
    expect(foreign.ok).toBe(false);

    // Signing in: the system browser gets the portal's address; the user's encrypted cache opens
    // (with the binding too), and the sync reads the portal, all through net.fetch.
    expect(await signIn(shell)).toMatchObject({ phase: 'signed-in' });
    await shell.waitForCall('webContents.send', synced);
    // Its own session, with Chromium's HTTP cache off: no patient data in a disk cache.
    expect(shell.callsTo('session.fromPartition').map((call) => call.args)).toEqual([
      ['persist:portal', { cache: false }],
    ]);
    expect(portalPaths(shell)).toEqual(
      expect.arrayContaining(['/.well-known/smart-configuration', '/auth/token', '/Task', '/Practitioner']),
    );
    expect(shell.callsTo('node.fetch')).toEqual([]);
    expect(new Set(shell.callsTo('process.dlopen').map((call) => call.args[0]))).toEqual(new Set([place.binding]));

    // A second launch brings this window forward.
    await shell.command('minimize-window');
    let from = shell.calls.length;
    await shell.command('emit', { target: 'app', event: 'second-instance', args: [[], ROOT, {}] });
    await shell.waitForCall('win.focus', () => true, { from });
    expect(shell.indexOf('win.restore')).toBeGreaterThan(from - 1);

    // The system going to sleep locks the desk.
    from = shell.calls.length;
    await shell.command('emit', { target: 'powerMonitor', event: 'suspend' });
    await shell.waitForCall('webContents.send', sessionPhase('locked'), { from });
    expect(await signIn(shell)).toMatchObject({ phase: 'signed-in' });

    // The network goes; a note waits. Closing the window asks first, and "Stay" keeps it open.
    await noteWhileOffline(shell);
    await shell.command('set-message-box-answer', { value: 0 });
    expect(await shell.command('close-window')).toBe('stayed');
    const [asked] = shell.callsTo('dialog.showMessageBoxSync');
    expect(asked?.args[0]).toMatchObject({ buttons: ['Stay', 'Quit anyway'], title: 'Changes not yet on the portal' });

    // "Quit anyway": the window closes, the last window's going quits the app, before-quit is held
    // while the desk closes, then the quit goes through, without asking a second time.
    await shell.command('set-message-box-answer', { value: 1 });
    from = shell.calls.length;
    expect(await shell.command('close-window')).toBe('closed');
    expect(await shell.exited).toBe(0);
    const lifecycle = new Set(['app.quit', 'app.before-quit.prevented', 'dialog.showMessageBoxSync', 'process.exit']);
    expect(
      shell.calls
        .slice(from)
        .filter((call) => lifecycle.has(call.api))
        .map((call) => call.api),
    ).toEqual(['dialog.showMessageBoxSync', 'app.quit', 'app.before-quit.prevented', 'app.quit', 'process.exit']);
    expect(shell.callsTo('dialog.showErrorBox')).toEqual([]);
    // The caches closed cleanly (no WAL left, the folder's lock free) and the session ends are audited.
    const userDir = userCacheDirs(place.userData)[0] ?? '';
    expect(readdirSync(userDir).filter((file) => file.endsWith('-wal'))).toEqual([]);
    expect(readdirSync(join(place.userData, 'portal-simulator')).filter((file) => file.endsWith('-wal'))).toEqual([]);
    lockCacheDir(userDir).release();
    // Ending each session's grant went to the portal the same way.
    expect(portalPaths(shell)).toContain('/auth/token/revocation');
    expect(shell.callsTo('node.fetch')).toEqual([]);
    expect(shell.callsTo('net.fetch')).toEqual([]);
    expect(await sessionEvents(place.userData)).toEqual([
      'session.sign-in',
      'session.lock.os',
      'session.sign-in',
      'session.quit',
    ]);
    // Nothing lost: the note waits in her cache for her next sign-in.
    expect(await waitingNotes(place.userData)).toEqual([{ kind: 'note', state: 'queued' }]);
    // The window's place is kept for next time.
    const settings = JSON.parse(readFileSync(join(place.userData, 'settings.json'), 'utf8')) as { window: unknown };
    expect(settings.window).toMatchObject({ width: 1300, height: 820, maximized: true });
  }, 120_000);

  it('installed, ignores ELECTRON_RENDERER_URL: its own page, and the page that variable names is no trusted sender', async () => {
    const place = workstation('packaged');
    const elsewhere = 'http://127.0.0.1:9/index.html';
    const shell = launch(place, { packaged: true, env: { ELECTRON_RENDERER_URL: elsewhere } });
    await shell.waitForCall('app.whenReady');
    await shell.command('ready');
    await shell.waitForCall('win.loadURL');
    expect(shell.callsTo('win.loadURL').map((call) => call.args[0])).toEqual([APP_PAGE]);
    // session:get answers anyone signed out, so only the sender decides here.
    const fromElsewhere = await shell.invoke<Result<unknown>>('session:get', {}, elsewhere);
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await shell.invoke<Result<unknown>>('session:get', {})).toMatchObject({ ok: true });
    await shell.command('quit');
    expect(await shell.exited).toBe(0);
  }, 120_000);

  it('as a second instance, hands over to the first and opens nothing', async () => {
    const place = workstation('second-instance');
    const shell = launch(place, { instanceLock: 'taken' });
    expect(await shell.exited).toBe(0);
    expect(shell.calls.map((call) => call.api)).toEqual(['app.requestSingleInstanceLock', 'app.quit', 'process.exit']);
    expect(readdirSync(place.userData)).toEqual([]);
  });

  it('on Windows, names itself with the installer’s AppUserModelID first, and closes cleanly when the session ends', async () => {
    const place = workstation('windows');
    // Saved on the second monitor, which is still there; the primary one is listed second.
    writeFileSync(
      join(place.userData, 'settings.json'),
      JSON.stringify({ window: { x: 2000, y: 40, width: 1440, height: 900, maximized: false } }),
    );
    const shell = launch(place, {
      platform: 'win32',
      displays: [
        { x: 1920, y: 0, width: 2560, height: 1400 },
        { x: 0, y: 0, width: 1920, height: 1040 },
      ],
      primaryDisplay: 1,
    });
    await shell.waitForCall('app.whenReady');
    expect(shell.calls[0]).toEqual({ api: 'app.setAppUserModelId', args: [APP_ID] });
    await shell.command('ready');
    await shell.waitForCall('win.show');
    // The .ico: Windows draws the title bar's and the taskbar's icon from its own sizes.
    expect(shell.callsTo('new BrowserWindow')[0]?.args[0]).toMatchObject({
      x: 2000,
      y: 40,
      width: 1440,
      height: 900,
      icon: join(ROOT, 'resources', 'icon.ico'),
    });
    expect(shell.callsTo('win.maximize')).toEqual([]);

    // Log-off with a change not yet sent: no question (nobody is there to answer it), the desk
    // closes and says so in the audit log; the change stays for next time.
    await signIn(shell);
    await noteWhileOffline(shell);
    await shell.command('emit', { target: 'window', event: 'session-end' });
    expect(await shell.exited).toBe(0);
    expect(shell.callsTo('dialog.showMessageBoxSync')).toEqual([]);
    expect((await sessionEvents(place.userData)).at(-1)).toBe('session.quit');
    expect(await waitingNotes(place.userData)).toEqual([{ kind: 'note', state: 'queued' }]);
  }, 60_000);

  it('on Linux and macOS, holds a shutdown back while it quits, without asking', async () => {
    const place = workstation('shutdown');
    const shell = launch(place);
    await shell.waitForCall('app.whenReady');
    await shell.command('ready');
    await shell.waitForCall('win.show');
    await signIn(shell);
    await noteWhileOffline(shell);
    const shutdown = await shell.command<{ defaultPrevented: boolean }>('emit', {
      target: 'powerMonitor',
      event: 'shutdown',
    });
    expect(shutdown.defaultPrevented).toBe(true);
    expect(await shell.exited).toBe(0);
    expect(shell.callsTo('dialog.showMessageBoxSync')).toEqual([]);
    expect((await sessionEvents(place.userData)).at(-1)).toBe('session.quit');
  }, 60_000);

  it('says how to recover when the SQLite module for Electron was never prepared', async () => {
    const place = workstation('no-native-build', { withNativeBuild: false });
    const shell = launch(place);
    await shell.waitForCall('app.whenReady');
    await shell.command('ready');
    const box = await shell.waitForCall('dialog.showErrorBox');
    expect(box.args[0]).toBe('Triage Desk could not start');
    expect(box.args[1]).toMatch(/npm start/);
    expect(await shell.exited).toBe(1);
    expect(shell.callsTo('new BrowserWindow')).toEqual([]);
  }, 60_000);
});
