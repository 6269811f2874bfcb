import type { DeskNotification, Notifier } from './notifier';

/**
 * The part of Electron's `Notification` class used here. The shell passes the class in, so
 * Electron stays imported only by src/main/index.ts (the lint rule's thin shell).
 */
export interface NotificationClass {
  new (options: { title: string; body: string; urgency: 'critical' | 'normal'; silent: boolean }): {
    on(event: 'click', listener: () => void): unknown;
    show(): void;
  };
  isSupported(): boolean;
}

/**
 * The operating system's notifications through Electron. Clicking one calls `onOpen` (the shell
 * brings the window forward); where the platform has no notifications, none show.
 */
export function electronNotifier(Notification: NotificationClass, onOpen: (itemId: string | null) => void): Notifier {
  return {
    show(n: DeskNotification) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: n.title, body: n.body, urgency: n.urgency, silent: false });
      notification.on('click', () => onOpen(n.itemId));
      notification.show();
    },
  };
}
