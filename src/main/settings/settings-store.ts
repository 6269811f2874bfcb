import Store from 'electron-store';
import { DEFAULT_SETTINGS, readSettings } from './settings-schema';
import type { Settings } from './settings-schema';

/** electron-store keeps the file atomic and in the user's app-data folder; the schema keeps it sane. */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettingsStore(): SettingsStore {
  const store = new Store<Settings>({ name: 'settings', defaults: DEFAULT_SETTINGS });
  return {
    get: () => readSettings(store.store),
    update: (patch) => {
      const next = readSettings({ ...store.store, ...patch });
      store.store = next;
      return next;
    },
  };
}
