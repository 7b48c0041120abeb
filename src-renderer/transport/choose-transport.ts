import type { PreloadApi } from '../../src-shared/preload-api.ts';
import { createHttpTransport } from './http-transport.ts';
import { createIpcTransport } from './ipc-transport.ts';
import type { Transport } from './transport.ts';

declare global {
  interface Window {
    codingProxy?: PreloadApi;
  }
}

/** Inside Electron the preload has set `window.codingProxy`; in a browser we talk to the origin we came from. */
export function chooseTransport(): Transport {
  return window.codingProxy ? createIpcTransport(window.codingProxy) : createHttpTransport('');
}
