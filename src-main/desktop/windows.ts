// The dashboard window: the renderer is untrusted web content with only the preload's two pipes. Context
// isolation and the sandbox on, no Node integration, no navigation away, new windows denied (web links go to
// the user's browser), no permissions but clipboard writes (see permission-policy.ts), and a CSP header on the
// dashboard's responses. On macOS the Dock icon shows only while this window is open (a menu-bar app).
import { BrowserWindow, type Session, shell, type WebContents } from 'electron';
import { PRODUCT_NAME } from './app-identity.ts';
import { type DashboardOrigin, isAllowedSender } from './ipc-channels.ts';
import { isSafeExternalUrl, withContentSecurityPolicy } from './navigation-policy.ts';
import { isPermissionAllowed } from './permission-policy.ts';

export interface DashboardWindowOptions {
  preloadPath: string;
  iconPath?: string;
  /** The core's dashboard URL; undefined while the core is not running. */
  dashboardUrl: () => string | undefined;
  origin: () => DashboardOrigin;
  /** Closing hides the window instead (the proxy keeps running in the tray). */
  closeToTray: () => boolean;
  isQuitting: () => boolean;
  /** `app.dock` (macOS): shown while the window is, hidden when only the tray is left. */
  dock?: { show(): Promise<void> | void; hide(): void } | undefined;
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

/** Electron grants every permission when no handler is set: deny all but what the dashboard needs. */
export function installPermissionPolicy(session: Session, origin: () => DashboardOrigin): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, origin())),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, origin()),
  );
}

/** The web preferences of every window showing the dashboard (the full window and the tray popover). */
export function dashboardWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  };
}

export function lockDown(contents: WebContents, origin: () => DashboardOrigin): void {
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
      title: PRODUCT_NAME,
      ...(options.iconPath ? { icon: options.iconPath } : {}),
      webPreferences: dashboardWebPreferences(options.preloadPath),
    });
    lockDown(created.webContents, options.origin);
    created.once('ready-to-show', () => created.show());
    created.on('show', () => void options.dock?.show());
    created.on('hide', () => options.dock?.hide());
    created.on('close', (event) => {
      if (!options.isQuitting() && options.closeToTray()) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('closed', () => {
      window = null;
      options.dock?.hide();
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
