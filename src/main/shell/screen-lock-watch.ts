/** The parts of Electron's powerMonitor used here, so plain Node tests can drive it. */
export interface PowerMonitorLike {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  getSystemIdleState(idleThresholdSeconds: number): 'active' | 'idle' | 'locked' | 'unknown';
}

export interface ScreenLockWatchOptions {
  platform: NodeJS.Platform;
  powerMonitor: PowerMonitorLike;
  onLock: () => void;
  /** How often Linux is asked whether its screen is locked (default 5 s). */
  pollMs?: number;
}

export const LINUX_LOCK_POLL_MS = 5_000;

/**
 * Locks the desk when the computer is left: the screen locked (Win+L, the lid, a CAC pulled where
 * policy locks) or the system going to sleep. Electron sends 'lock-screen' on macOS and Windows
 * only; on Linux, Chromium answers `getSystemIdleState` with 'locked' from the desktop's screen
 * saver, so it is asked every few seconds instead. 'suspend' comes on every platform.
 */
export function watchScreenLock(options: ScreenLockWatchOptions): { stop(): void } {
  options.powerMonitor.on('suspend', options.onLock);
  if (options.platform !== 'linux') {
    options.powerMonitor.on('lock-screen', options.onLock);
    return { stop: () => undefined };
  }
  let wasLocked = false;
  const timer = setInterval(() => {
    // Any threshold will do: only 'locked' is read.
    const locked = options.powerMonitor.getSystemIdleState(60) === 'locked';
    // Once per locking, not every poll while it stays locked.
    if (locked && !wasLocked) options.onLock();
    wasLocked = locked;
  }, options.pollMs ?? LINUX_LOCK_POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
