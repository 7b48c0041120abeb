// The tray popover: the dashboard in a small frameless window next to the tray icon (the compact layout, issue
// 16), opened by a click on the icon and gone as soon as it loses the focus, like a menu. It is created once and
// hidden, not destroyed, so the next click shows it at once with its state. It is an accessory panel: no taskbar
// entry, no Dock icon.
import { BrowserWindow, screen, type WebContents } from 'electron';
import { PRODUCT_NAME } from './app-identity.ts';
import type { DashboardOrigin } from './ipc-channels.ts';
import { createBlurClickGuard, POPOVER_SIZE, popoverBounds, type Rect } from './popover-position.ts';
import { dashboardWebPreferences, lockDown } from './windows.ts';

export interface PopoverOptions {
  preloadPath: string;
  /** The core's dashboard URL; undefined while the core is not running. */
  dashboardUrl: () => string | undefined;
  origin: () => DashboardOrigin;
  now?: () => number;
}

export interface Popover {
  /** Shows the popover by the tray icon, or hides it when it is showing (a second click closes it). */
  toggle(trayBounds: Rect): void;
  hide(): void;
  webContents(): WebContents[];
  close(): void;
}

/** The URL of the compact dashboard. */
export function compactUrl(dashboardUrl: string): string {
  const url = new URL(dashboardUrl);
  url.searchParams.set('compact', '1');
  return url.href;
}

export function createPopover(options: PopoverOptions): Popover {
  const guard = createBlurClickGuard(options.now ?? Date.now);
  let window: BrowserWindow | null = null;

  const create = (url: string): BrowserWindow => {
    const created = new BrowserWindow({
      ...POPOVER_SIZE,
      show: false,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      // A floating panel on macOS (also over full-screen apps), a tool window on Windows.
      ...(process.platform === 'darwin'
        ? { type: 'panel' }
        : process.platform === 'win32'
          ? { type: 'toolbar' }
          : {}),
      title: PRODUCT_NAME,
      webPreferences: dashboardWebPreferences(options.preloadPath),
    });
    lockDown(created.webContents, options.origin);
    if (process.platform === 'darwin') created.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    created.on('blur', () => {
      if (!created.isVisible()) return;
      guard.hiddenByBlur();
      created.hide();
    });
    created.on('closed', () => {
      window = null;
    });
    void created.loadURL(compactUrl(url));
    return created;
  };

  const place = (target: BrowserWindow, trayBounds: Rect) => {
    const cursor = screen.getCursorScreenPoint();
    const empty = trayBounds.width <= 0 || trayBounds.height <= 0;
    const display = screen.getDisplayNearestPoint(empty ? cursor : { x: trayBounds.x, y: trayBounds.y });
    target.setBounds(
      popoverBounds({ trayBounds, cursor, displayBounds: display.bounds, workArea: display.workArea }),
    );
  };

  return {
    toggle(trayBounds) {
      if (window?.isVisible()) {
        window.hide();
        return;
      }
      if (!guard.clickOpens()) return;
      const url = options.dashboardUrl();
      if (!url) return;
      const fresh = !window;
      window ??= create(url);
      const shown = window;
      place(shown, trayBounds);
      // The first time, show it once the dashboard has painted rather than as an empty frame.
      if (fresh) shown.once('ready-to-show', () => shown.show());
      else shown.show();
    },
    hide() {
      window?.hide();
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
