// The dashboard window: the renderer is untrusted web content with only the preload's two pipes. Context
// isolation and the sandbox on, no Node integration, no navigation away, new windows denied (web links go to
// the user's browser), and a CSP header on the dashboard's responses.
import { BrowserWindow, type Session, shell, type WebContents } from 'electron';
import { type DashboardOrigin, isAllowedSender } from './ipc-channels.ts';
import { isSafeExternalUrl, withContentSecurityPolicy } from './navigation-policy.ts';

export interface DashboardWindowOptions {
  preloadPath: string;
  iconPath?: string;
  /** The core's dashboard URL; undefined while the core is not running. */
  dashboardUrl: () => string | undefined;
  origin: () => DashboardOrigin;
  /** Closing hides the window instead (the proxy keeps running in the tray). */
  closeToTray: () => boolean;
  isQuitting: () => boolean;
}

export interface DashboardWindows {
  show(): void;
  /** The live dashboard webContents, for pushing events. */
  webContents(): WebContents[];
  close(): void;
}

export function installContentSecurityPolicy(session: Session, origin: () => DashboardOrigin): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAllowedSender(details.url, origin())) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

function lockDown(contents: WebContents, origin: () => DashboardOrigin): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url) && !isAllowedSender(url, origin())) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAllowedSender(url, origin())) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createDashboardWindows(options: DashboardWindowOptions): DashboardWindows {
  let window: BrowserWindow | null = null;
  const create = (): BrowserWindow => {
    const created = new BrowserWindow({
      width: 1100,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'coding-proxy',
      ...(options.iconPath ? { icon: options.iconPath } : {}),
      webPreferences: {
        preload: options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    lockDown(created.webContents, options.origin);
    created.once('ready-to-show', () => created.show());
    created.on('close', (event) => {
      if (!options.isQuitting() && options.closeToTray()) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('closed', () => {
      window = null;
    });
    return created;
  };
  return {
    show() {
      const url = options.dashboardUrl();
      if (!url) return;
      if (!window) {
        window = create();
        void window.loadURL(url);
        return;
      }
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    webContents() {
      return window && !window.isDestroyed() ? [window.webContents] : [];
    },
    close() {
      if (window && !window.isDestroyed()) window.destroy();
      window = null;
    },
  };
}
