/**
 * A desktop notification. Desks are shared workstations in clinics, so neither field may carry a
 * patient's name or words: they say what kind of item arrived and for which pool, and send the
 * person to the app.
 */
export interface DeskNotification {
  title: string;
  body: string;
  /** The item to open when the notification is clicked; null for a summary of several. */
  itemId: string | null;
  urgency: 'critical' | 'normal';
}

/** Shows notifications: Electron's in the app (electron-notifier.ts), a recording fake in tests. */
export interface Notifier {
  show(notification: DeskNotification): void;
}
