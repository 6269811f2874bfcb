import { z } from 'zod';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/session';

/**
 * What the app remembers between runs. Read through this schema so that a hand-edited or
 * older settings file falls back to defaults field by field instead of crashing the app.
 */
export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(800).max(10000),
  height: z.number().int().min(600).max(10000),
  maximized: z.boolean(),
});

export const settingsSchema = z.object({
  clinicName: z.string().min(1).max(200).nullable().catch(null),
  /** Null: use the embedded demo portal. */
  portalUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .catch(null),
  /**
   * Minutes without activity before the desk locks (DoD session lock: 15). A security office may
   * shorten it; longer than an hour is refused back to the default.
   */
  idleLockMinutes: z.number().int().min(1).max(60).catch(DEFAULT_IDLE_LOCK_MINUTES),
  window: windowStateSchema.catch({ width: 1440, height: 900, maximized: false }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export function readSettings(raw: unknown): Settings {
  return settingsSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});
}
