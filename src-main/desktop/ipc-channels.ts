// IPC channel names and the rule for who may use them. Shared by the main-process transport and the preload
// (the preload is bundled on its own, so this file imports nothing at runtime).
import type { CommandName } from '../../src-shared/contract.ts';

const PREFIX = 'coding-proxy:';

/** One `ipcMain.handle` channel per contract command. */
export function commandChannel(command: CommandName): string {
  return `${PREFIX}command:${command}`;
}

/** The preload's `call(command)` takes a string from the page: only a plain command-shaped name becomes a channel. */
export function commandChannelFor(command: unknown): string | undefined {
  return typeof command === 'string' && /^[A-Za-z]{1,40}$/.test(command)
    ? `${PREFIX}command:${command}`
    : undefined;
}

/** Core events pushed to the dashboard with `webContents.send`. */
export const EVENT_CHANNEL = `${PREFIX}event`;

/** Invoked by the preload when the page subscribes: returns the `hello` snapshot. */
export const HELLO_CHANNEL = `${PREFIX}hello`;

export interface DashboardOrigin {
  /** The core's own HTTP origin serving the dashboard, e.g. `http://127.0.0.1:8046`. */
  httpOrigin?: string;
  /** The packaged renderer folder (`dist-renderer`), for `loadFile`; any file inside it is ours. */
  fileRoot?: string;
}

/**
 * Only the app's own dashboard may call commands: a page that navigated elsewhere (an external link that
 * slipped through, an iframe, devtools, `about:blank`) must not reach the core. Pure, so it is tested without
 * Electron; the glue passes `event.senderFrame?.url`.
 */
export function isAllowedSender(senderUrl: string | undefined, allowed: DashboardOrigin): boolean {
  if (!senderUrl) return false;
  let url: URL;
  try {
    url = new URL(senderUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!allowed.httpOrigin) return false;
    try {
      return url.origin === new URL(allowed.httpOrigin).origin && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }
  if (url.protocol === 'file:' && allowed.fileRoot) {
    if (url.host !== '') return false;
    const path = decodeURIComponent(url.pathname).replace(/\\/g, '/');
    let root = allowed.fileRoot.replace(/\\/g, '/');
    if (!root.startsWith('/')) root = `/${root}`; // Windows: file:///C:/… has pathname /C:/…
    if (!root.endsWith('/')) root = `${root}/`;
    const segments = path.split('/');
    if (segments.includes('..')) return false;
    // Windows paths compare case-insensitively (drive letters, NTFS); others exactly.
    const windows = /^\/[A-Za-z]:\//.test(root);
    return windows ? path.toLowerCase().startsWith(root.toLowerCase()) : path.startsWith(root);
  }
  return false;
}
