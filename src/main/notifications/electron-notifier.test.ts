import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { electronNotifier } from './electron-notifier';
import type { NotificationClass } from './electron-notifier';

function fakeNotifications() {
  const made: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    shown = false;
    constructor(readonly options: { title: string; icon?: string }) {
      super();
      made.push(this);
    }
    show() {
      this.shown = true;
    }
    static isSupported() {
      return true;
    }
  }
  return { made, Notification: FakeNotification as unknown as NotificationClass };
}

const emergency = { title: 'Emergency', body: 'Chest pain', urgency: 'critical' as const, itemId: 'task-1' };

describe('electronNotifier', () => {
  it('keeps each notification until it is clicked, dismissed or fails, so a late click still arrives', () => {
    const { made, Notification } = fakeNotifications();
    const onOpen = vi.fn();
    const notifier = electronNotifier(Notification, onOpen);
    notifier.show(emergency);
    notifier.show({ ...emergency, itemId: 'task-2' });
    notifier.show({ ...emergency, itemId: 'task-3' });
    expect(made.map((n) => n.shown)).toEqual([true, true, true]);
    expect(notifier.shown()).toBe(3);
    made[0]?.emit('click');
    expect(onOpen).toHaveBeenCalledWith('task-1');
    // Timed out into Windows' Action Center: still there to click, so still kept.
    made[1]?.emit('close', { reason: 'timedOut' });
    expect(notifier.shown()).toBe(2);
    made[1]?.emit('click');
    expect(onOpen).toHaveBeenLastCalledWith('task-2');
    made[2]?.emit('close', { reason: 'userCanceled' });
    expect(notifier.shown()).toBe(0);
    notifier.show({ ...emergency, itemId: 'task-4' });
    made[3]?.emit('failed');
    expect(notifier.shown()).toBe(0);
  });

  it('keeps no more than a hundred, dropping the oldest', () => {
    const { Notification } = fakeNotifications();
    const notifier = electronNotifier(Notification, vi.fn());
    for (let i = 0; i < 130; i++) notifier.show({ ...emergency, itemId: `task-${i}` });
    expect(notifier.shown()).toBe(100);
  });

  it('shows the icon it is given, and none when given none', () => {
    const { made, Notification } = fakeNotifications();
    electronNotifier(Notification, vi.fn(), '/app/out/main/chunks/128x128.png').show(emergency);
    electronNotifier(Notification, vi.fn()).show(emergency);
    expect(made[0]?.options.icon).toBe('/app/out/main/chunks/128x128.png');
    expect(made[1]?.options).not.toHaveProperty('icon');
  });

  it('shows nothing where the platform has no notifications', () => {
    const { made, Notification } = fakeNotifications();
    (Notification as unknown as { isSupported: () => boolean }).isSupported = () => false;
    electronNotifier(Notification, vi.fn()).show(emergency);
    expect(made).toEqual([]);
  });
});
