import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** One call the shell made into the Electron stand-in, in the order made. */
export interface ShellCall {
  api: string;
  args: unknown[];
}

type Message =
  | { type: 'call'; api: string; args: unknown[] }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

const STAND_IN = join(import.meta.dirname, 'electron-stand-in', 'register.mjs');

export interface ShellProcessOptions {
  /** The built shell: out/main/index.js. */
  entry: string;
  userData: string;
  /** What app.getAppPath() answers: where the shell looks for .native/electron/. */
  appPath: string;
  /** The only .node file that loads, as the Electron-ABI build would under Electron. */
  nativeBinding: string;
  /** 'taken': another instance holds the single-instance lock. */
  instanceLock?: 'free' | 'taken';
  platform?: NodeJS.Platform;
  /** Each display's work area. */
  displays?: { x: number; y: number; width: number; height: number }[];
  /** Which of `displays` is the primary one (default the first). */
  primaryDisplay?: number;
  /** What app.isPackaged answers: true for an installed build. */
  packaged?: boolean;
  /** More of the shell's environment (as a user's shell or a launcher might set it). */
  env?: Record<string, string>;
}

/**
 * The built shell under plain Node with the recording Electron stand-in (a module loader hook),
 * as a child process so that its umask, its exit and its single-instance lock are its own.
 */
export class ShellProcess {
  readonly calls: ShellCall[] = [];
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  readonly exited: Promise<number | null>;

  constructor(options: ShellProcessOptions) {
    this.child = fork(options.entry, [], {
      execArgv: ['--import', STAND_IN],
      cwd: options.appPath,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        STAND_IN_USER_DATA: options.userData,
        STAND_IN_APP_PATH: options.appPath,
        STAND_IN_NATIVE_BINDING: options.nativeBinding,
        STAND_IN_INSTANCE_LOCK: options.instanceLock ?? 'free',
        ...(options.platform === undefined ? {} : { STAND_IN_PLATFORM: options.platform }),
        ...(options.displays === undefined ? {} : { STAND_IN_DISPLAYS: JSON.stringify(options.displays) }),
        ...(options.primaryDisplay === undefined ? {} : { STAND_IN_PRIMARY_DISPLAY: String(options.primaryDisplay) }),
        ...(options.packaged === true ? { STAND_IN_PACKAGED: '1' } : {}),
        ...options.env,
      },
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.output.push(chunk));
    }
    this.child.on('message', (message: Message) => {
      if (message.type === 'call') {
        this.calls.push({ api: message.api, args: message.args });
        for (const wake of [...this.waiters]) wake();
        return;
      }
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.error));
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        for (const waiting of this.pending.values()) waiting.reject(new Error(`the shell exited (${code})`));
        for (const wake of [...this.waiters]) wake();
        resolve(code);
      });
    });
  }

  /** Sends a command to the stand-in (see its `commands`) and waits for its answer. */
  command<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...args, id, command });
    });
  }

  /** Every call to `api` so far. */
  callsTo(api: string): ShellCall[] {
    return this.calls.filter((call) => call.api === api);
  }

  /** Index of the first call matching, or -1. */
  indexOf(api: string, match: (args: unknown[]) => boolean = () => true): number {
    return this.calls.findIndex((call) => call.api === api && match(call.args));
  }

  /** Resolves with the first call (from `from` on) that matches; fails after `timeoutMs`. */
  waitForCall(
    api: string,
    match: (args: unknown[]) => boolean = () => true,
    { from = 0, timeoutMs = 30_000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<ShellCall> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.calls.slice(from).find((call) => call.api === api && match(call.args));
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.child.exitCode !== null) {
          done();
          reject(new Error(`the shell exited (${this.child.exitCode}) before calling ${api}\n${this.log()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no call to ${api} within ${timeoutMs} ms\n${this.log()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** IPC as the page would call it, from the app's own origin unless said otherwise. */
  invoke<T = unknown>(channel: string, arg: unknown, senderUrl = 'app://triage-desk/index.html'): Promise<T> {
    return this.command<T>('invoke', { channel, arg, senderUrl });
  }

  /** What the shell's calls and output were, for a failure message. */
  log(): string {
    const calls = this.calls.map((call) => `  ${call.api} ${JSON.stringify(call.args).slice(0, 160)}`);
    return `calls:\n${calls.slice(-40).join('\n')}\noutput:\n${this.output.join('').slice(-4000)}`;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
