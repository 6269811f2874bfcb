// A recording stand-in for the `electron` module, for running the built shell under plain Node
// (src/main/shell/shell.test.ts). It keeps the rules of Electron 45 that the shell depends on
// (node_modules/electron/electron.d.ts and docs/api): schemes are registered before 'ready' and
// protocols handled after it, one handler per IPC channel, setAppUserModelId exists on Windows
// only, maximize() shows a hidden window, quitting emits before-quit, closes each window (both
// preventable), then will-quit and quit. Every call is reported to the test; the test drives
// 'ready', IPC invocations, app:// requests, power events and quitting through IPC commands.
import { EventEmitter } from 'node:events';
import { electronFetch } from './electron-fetch.mjs';
import { report } from './report.mjs';

const env = process.env;

class PreventableEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

let ready = false;
let markReady = () => undefined;
const readyPromise = new Promise((resolve) => {
  markReady = resolve;
});

const windows = [];
const protocolHandlers = new Map();
const ipcHandlers = new Map();
let quitting = false;
let offline = false;
let messageBoxAnswer = 1;

class App extends EventEmitter {
  isPackaged = env['STAND_IN_PACKAGED'] === '1';

  getPath(name) {
    report('app.getPath', [name]);
    if (name === 'userData') return env['STAND_IN_USER_DATA'];
    throw new Error(`stand-in: app.getPath('${name}') is not provided`);
  }
  getAppPath() {
    return env['STAND_IN_APP_PATH'];
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getName() {
    return 'Triage Desk';
  }
  isReady() {
    return ready;
  }
  whenReady() {
    report('app.whenReady');
    return readyPromise;
  }
  requestSingleInstanceLock() {
    const granted = env['STAND_IN_INSTANCE_LOCK'] !== 'taken';
    report('app.requestSingleInstanceLock', [granted]);
    return granted;
  }
  quit() {
    report('app.quit');
    if (quitting) return;
    const beforeQuit = new PreventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) {
      report('app.before-quit.prevented');
      return;
    }
    for (const win of windows.filter((w) => !w.destroyed)) {
      const close = new PreventableEvent();
      win.emit('close', close);
      if (close.defaultPrevented) {
        report('win.close.prevented');
        return;
      }
      win.destroyed = true;
      win.emit('closed');
    }
    const willQuit = new PreventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    quitting = true;
    this.emit('quit');
    exitSoon(0);
  }
  exit(code = 0) {
    report('app.exit', [code]);
    quitting = true;
    exitSoon(code);
  }
  on(event, listener) {
    report('app.on', [event]);
    return super.on(event, listener);
  }
}
if (process.platform === 'win32') {
  App.prototype.setAppUserModelId = function setAppUserModelId(id) {
    report('app.setAppUserModelId', [id]);
  };
}

function exitSoon(code) {
  report('process.exit', [code]);
  // After the report has left: process.send is asynchronous.
  setTimeout(() => process.exit(code), 50);
}

export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report('protocol.registerSchemesAsPrivileged', [schemes]);
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
  },
  handle(scheme, handler) {
    report('protocol.handle', [scheme]);
    if (!ready) throw new Error('protocol.handle must be called after app is ready');
    protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, handler) {
    report('ipcMain.handle', [channel]);
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  on(channel) {
    report('ipcMain.on', [channel]);
  },
};

class WebContents extends EventEmitter {
  mainFrame = { url: '' };
  session = {
    setPermissionRequestHandler: () => report('session.setPermissionRequestHandler'),
    setPermissionCheckHandler: () => report('session.setPermissionCheckHandler'),
    webRequest: { onHeadersReceived: () => report('session.webRequest.onHeadersReceived') },
  };
  constructor(win) {
    super();
    this.win = win;
  }
  send(channel, payload) {
    report('webContents.send', [channel, payload]);
  }
  setWindowOpenHandler() {
    report('webContents.setWindowOpenHandler');
  }
  isDestroyed() {
    return this.win.destroyed;
  }
  on(event, listener) {
    report('webContents.on', [event]);
    return super.on(event, listener);
  }
}

export class BrowserWindow extends EventEmitter {
  destroyed = false;
  visible = false;
  minimized = false;
  maximized = false;
  constructor(options) {
    super();
    report('new BrowserWindow', [options]);
    if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.webContents = new WebContents(this);
    windows.push(this);
  }
  async loadURL(url) {
    report('win.loadURL', [url]);
    this.webContents.mainFrame.url = url;
    // The page has painted: Electron sends this once, after the first paint.
    setTimeout(() => {
      report('win.ready-to-show');
      this.emit('ready-to-show');
    }, 10);
  }
  show() {
    report('win.show', [{ wasVisible: this.visible }]);
    this.visible = true;
  }
  maximize() {
    // Electron shows a hidden window when it maximizes it.
    report('win.maximize', [{ wasVisible: this.visible }]);
    this.maximized = true;
    this.visible = true;
  }
  minimize() {
    this.minimized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    report('win.restore');
    this.minimized = false;
  }
  focus() {
    report('win.focus');
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    const o = this.options;
    return { x: o.x ?? 200, y: o.y ?? 100, width: o.width, height: o.height };
  }
  on(event, listener) {
    report('win.on', [event]);
    return super.on(event, listener);
  }
  once(event, listener) {
    report('win.once', [event]);
    return super.once(event, listener);
  }
}

export const dialog = {
  showErrorBox(title, content) {
    report('dialog.showErrorBox', [title, content]);
  },
  showMessageBoxSync(_win, options) {
    report('dialog.showMessageBoxSync', [options, messageBoxAnswer]);
    return messageBoxAnswer;
  },
};

export const shell = {
  async openExternal(url) {
    report('shell.openExternal', [url]);
  },
};

/** Reversible, not secret: the test reads the sealed cache key back to open the user's cache. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`stand-in-sealed:${text}`),
  decryptString: (sealed) => {
    const text = sealed.toString();
    if (!text.startsWith('stand-in-sealed:')) throw new Error('Error while decrypting the ciphertext');
    return text.slice('stand-in-sealed:'.length);
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    report('new Notification', [options]);
  }
  show() {
    report('notification.show');
  }
}

class PowerMonitor extends EventEmitter {
  getSystemIdleState(threshold) {
    report('powerMonitor.getSystemIdleState', [threshold]);
    return 'active';
  }
  on(event, listener) {
    report('powerMonitor.on', [event]);
    return super.on(event, listener);
  }
}
export const powerMonitor = new PowerMonitor();

const displays = () =>
  JSON.parse(env['STAND_IN_DISPLAYS'] ?? '[{"x":0,"y":0,"width":1920,"height":1040}]').map((workArea, id) => ({
    id,
    workArea,
    bounds: workArea,
  }));

export const screen = {
  getAllDisplays: () => displays(),
  // The primary display is not always listed first.
  getPrimaryDisplay: () => displays()[Number(env['STAND_IN_PRIMARY_DISPLAY'] ?? '0')],
};

const sessions = new Map();
export const session = {
  fromPartition(partition, options = {}) {
    report('session.fromPartition', [partition, options]);
    if (!ready) throw new Error('Session can only be received when app is ready');
    if (!sessions.has(partition)) {
      sessions.set(partition, {
        fetch(input, init) {
          const url = input instanceof Request ? input.url : String(input);
          report('session.fetch', [partition, init?.method ?? (input instanceof Request ? input.method : 'GET'), url]);
          return electronFetch(input, init, { offline });
        },
      });
    }
    return sessions.get(partition);
  },
};

// electron-store imports the module's default export, as CommonJS `electron` offers it.
// eslint-disable-next-line no-restricted-syntax
export default {
  app,
  protocol,
  ipcMain,
  BrowserWindow,
  dialog,
  shell,
  safeStorage,
  Notification,
  powerMonitor,
  screen,
  session,
};

// The test's commands.
const commands = {
  ready: () => {
    ready = true;
    app.emit('ready');
    markReady();
    return true;
  },
  emit: ({ target, event, args = [] }) => {
    const emitter = { app, powerMonitor, window: windows[0] }[target];
    // Electron passes these an event first (second-instance, shutdown: preventable).
    const withEvent = ['second-instance', 'shutdown', 'session-end'].includes(event);
    const first = new PreventableEvent();
    emitter.emit(event, ...(withEvent ? [first, ...args] : args));
    return { defaultPrevented: first.defaultPrevented };
  },
  'minimize-window': () => {
    windows[0]?.minimize();
    return true;
  },
  /** The window's close button: 'close' (preventable), then 'closed' and, the last one gone, window-all-closed. */
  'close-window': () => {
    const win = windows.find((w) => !w.destroyed);
    if (win === undefined) return 'no window';
    const close = new PreventableEvent();
    win.emit('close', close);
    if (close.defaultPrevented) return 'stayed';
    win.destroyed = true;
    win.emit('closed');
    if (windows.every((w) => w.destroyed)) app.emit('window-all-closed');
    return 'closed';
  },
  'set-offline': ({ value }) => {
    offline = value;
    return true;
  },
  'set-message-box-answer': ({ value }) => {
    messageBoxAnswer = value;
    return true;
  },
  'app-request': async ({ url, method = 'GET' }) => {
    const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (handler === undefined) throw new Error(`no protocol handler for ${url}`);
    const response = await handler(new Request(url, { method }));
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: method === 'HEAD' ? '' : await response.text(),
    };
  },
  invoke: async ({ channel, arg, senderUrl, mainFrame = true }) => {
    const handler = ipcHandlers.get(channel);
    if (handler === undefined) throw new Error(`no IPC handler for ${channel}`);
    const frame = { url: senderUrl };
    return handler({ senderFrame: frame, sender: { mainFrame: mainFrame ? frame : {} } }, arg);
  },
  quit: () => {
    app.quit();
    return true;
  },
};

process.on('message', (message) => {
  const command = commands[message?.command];
  if (command === undefined) return;
  Promise.resolve()
    .then(() => command(message))
    .then(
      (value) => process.send?.({ type: 'reply', id: message.id, ok: true, value }),
      (error) => process.send?.({ type: 'reply', id: message.id, ok: false, error: String(error?.stack ?? error) }),
    );
});

// Orphaned by a test that died: go too.
process.on('disconnect', () => process.exit(1));
