import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LINUX_LOCK_POLL_MS, watchScreenLock } from './screen-lock-watch';
import type { PowerMonitorLike } from './screen-lock-watch';

class FakePowerMonitor extends EventEmitter implements PowerMonitorLike {
  state: ReturnType<PowerMonitorLike['getSystemIdleState']> = 'active';
  getSystemIdleState() {
    return this.state;
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('watchScreenLock', () => {
  it('locks on the OS screen lock and on sleep (Windows, macOS), without polling', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const monitor = new FakePowerMonitor();
      const poll = vi.spyOn(monitor, 'getSystemIdleState');
      const onLock = vi.fn();
      watchScreenLock({ platform, powerMonitor: monitor, onLock });
      monitor.emit('lock-screen');
      monitor.emit('suspend');
      vi.advanceTimersByTime(60_000);
      expect(onLock, platform).toHaveBeenCalledTimes(2);
      expect(poll).not.toHaveBeenCalled();
    }
  });

  it('on Linux, where no lock-screen event comes, asks the idle state and locks once per locking', () => {
    const monitor = new FakePowerMonitor();
    const onLock = vi.fn();
    const watch = watchScreenLock({ platform: 'linux', powerMonitor: monitor, onLock });
    expect(monitor.listenerCount('lock-screen')).toBe(0);
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS * 3);
    expect(onLock).not.toHaveBeenCalled();
    monitor.state = 'locked';
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS * 5);
    expect(onLock).toHaveBeenCalledTimes(1);
    monitor.state = 'active';
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS);
    monitor.state = 'locked';
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS);
    expect(onLock).toHaveBeenCalledTimes(2);
    monitor.emit('suspend');
    expect(onLock).toHaveBeenCalledTimes(3);
    watch.stop();
    monitor.state = 'active';
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS);
    monitor.state = 'locked';
    vi.advanceTimersByTime(LINUX_LOCK_POLL_MS * 3);
    expect(onLock).toHaveBeenCalledTimes(3);
  });
});
