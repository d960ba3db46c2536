/**
 * The typed bridge: a small, named API on `window.teamSafe`. ipcRenderer
 * itself is never exposed; only contract channels and events pass.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../../shared/ipc/contract.ts';
import { isChannel, isEventName } from '../../shared/ipc/names.ts';

const bridge: Bridge = {
  invoke(channel, request) {
    if (!isChannel(channel)) return Promise.reject(new Error('unknown channel'));
    return ipcRenderer.invoke(channel, request);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error('unknown event');
    const wrapped = (_: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('teamSafe', bridge);
