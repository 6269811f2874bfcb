import { contextBridge, ipcRenderer } from 'electron';
import { apiFromChannels } from '../shared/ipc/api-from-channels';
import type { TriageDeskApi } from '../shared/ipc/contract';

// Only named functions cross the bridge: the page never sees ipcRenderer or its events.
const api = apiFromChannels(
  (channel, arg) => ipcRenderer.invoke(channel, arg),
  (channel, listener) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
) satisfies TriageDeskApi;

contextBridge.exposeInMainWorld('triageDesk', api);
