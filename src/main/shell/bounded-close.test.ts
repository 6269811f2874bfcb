import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeWithin } from './bounded-close';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('closeWithin', () => {
  it('waits for a close that ends in time, and says nothing', async () => {
    const log = vi.fn();
    const closing = closeWithin(new Promise((resolve) => setTimeout(resolve, 3_000)), 10_000, log);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await closing).toBe('closed');
    expect(log).not.toHaveBeenCalled();
  });

  it('stops waiting for a close that hangs, and says so', async () => {
    const log = vi.fn();
    const closing = closeWithin(new Promise(() => undefined), 10_000, log);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(log).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await closing).toBe('late');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('took over 10 s'));
  });

  it('goes on after a close that fails, and logs the error', async () => {
    const log = vi.fn();
    const failure = new Error('disk gone');
    expect(await closeWithin(Promise.reject(failure), 10_000, log)).toBe('failed');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('closing failed'), failure);
  });
});
