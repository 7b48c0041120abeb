// Runs in the dashboard's sandboxed renderer before the page. Exposes only `window.codingProxy` with the
// contract's two pipes (src-shared/preload-api.ts); no Node, no ipcRenderer, no channel names reach the page.
// Bundled to CommonJS (`dist-electron/preload.cjs`): sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadApi, PushedEvent } from '../src-shared/preload-api.ts';
import { commandChannelFor, EVENT_CHANNEL, HELLO_CHANNEL } from './desktop/ipc-channels.ts';

const api: PreloadApi = {
  call(command, request) {
    const channel = commandChannelFor(command);
    if (!channel) return Promise.reject(new Error(`not a command name: ${String(command)}`));
    return ipcRenderer.invoke(channel, request ?? {});
  },
  onEvent(listener) {
    let ready = false;
    let closed = false;
    const early: PushedEvent[] = [];
    const forward = (_event: unknown, payload: PushedEvent) => {
      if (closed) return;
      if (ready) listener(payload);
      else early.push(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    // The snapshot comes first; events that raced it are delivered right after, in order.
    ipcRenderer.invoke(HELLO_CHANNEL).then(
      (hello: PushedEvent) => {
        if (closed) return;
        listener(hello);
        ready = true;
        for (const event of early.splice(0)) listener(event);
      },
      () => {
        ready = true;
        for (const event of early.splice(0)) listener(event);
      },
    );
    return () => {
      closed = true;
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('codingProxy', api);
