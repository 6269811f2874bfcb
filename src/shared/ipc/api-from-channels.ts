import { eventChannels, invokeChannels } from './channels';
import type { Channel, EventChannel } from './channels';
import type { TriageDeskApi } from './contract';

export type Invoke = (channel: Channel, arg: unknown) => Promise<unknown>;
export type Subscribe = (channel: EventChannel, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the page's API from a transport. The preload passes Electron's ipcRenderer; the browser
 * tests pass a bridge to the same main-process dispatcher. Only named functions come out.
 */
export function apiFromChannels(invoke: Invoke, subscribe: Subscribe): TriageDeskApi {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(invokeChannels)) {
    api[name] = (arg: unknown) => invoke(channel, arg);
  }
  for (const [name, channel] of Object.entries(eventChannels)) {
    api[name] = (listener: (payload: unknown) => void) => subscribe(channel, listener);
  }
  return api as TriageDeskApi;
}
