import { chooseTransport } from './choose-transport.ts';
import type { Transport } from './transport.ts';

let current: Transport | undefined;

/** The transport chosen once at start (IPC inside Electron, HTTP+SSE in a browser). */
export function transport(): Transport {
  current ??= chooseTransport();
  return current;
}
