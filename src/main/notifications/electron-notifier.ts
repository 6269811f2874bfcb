import type { DeskNotification, Notifier } from './notifier';

/**
 * The part of Electron's `Notification` class used here. The shell passes the class in, so
 * Electron stays imported only by src/main/index.ts (the lint rule's thin shell).
 */
export interface NotificationClass {
  new (options: { title: string; body: string; urgency: 'critical' | 'normal'; silent: boolean; icon?: string }): {
    on(event: 'click' | 'failed', listener: () => void): unknown;
    on(event: 'close', listener: (details?: { reason?: string }) => void): unknown;
    show(): void;
  };
  isSupported(): boolean;
}

const MAX_KEPT = 100;

/**
 * The operating system's notifications through Electron, with the app's icon where the platform
 * takes one (`icon`, a PNG file: src/main/window/app-icon.ts). Clicking one calls `onOpen` (the shell
 * brings the window forward); where the platform has no notifications, none show. Each is kept
 * until it is clicked, dismissed or fails: Electron drops the click of a Notification object that
 * has been garbage-collected, and an emergency's notification may sit in the tray for an hour.
 */
export function electronNotifier(
  Notification: NotificationClass,
  onOpen: (itemId: string | null) => void,
  icon?: string,
): Notifier & { shown(): number } {
  const kept = new Set<InstanceType<NotificationClass>>();
  return {
    show(n: DeskNotification) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: n.title,
        body: n.body,
        urgency: n.urgency,
        silent: false,
        ...(icon === undefined ? {} : { icon }),
      });
      kept.add(notification);
      // 'close' is not sent everywhere (the platforms differ): the oldest go once many are kept.
      for (const old of kept) {
        if (kept.size <= MAX_KEPT) break;
        kept.delete(old);
      }
      const release = () => kept.delete(notification);
      notification.on('click', () => {
        release();
        onOpen(n.itemId);
      });
      // On Windows a toast that times out "closes" into the Action Center, where it can still be
      // clicked an hour later: only one the person dismissed is let go.
      notification.on('close', (details) => {
        if (details?.reason !== 'timedOut') release();
      });
      notification.on('failed', release);
      notification.show();
    },
    shown: () => kept.size,
  };
}
