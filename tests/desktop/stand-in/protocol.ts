// The messages between the desktop harness (the test process, which owns Chromium) and the app process (the real
// dist-electron/main.js with `electron` resolved to the stand-in). Carried over Node's child-process IPC channel
// with `serialization: 'advanced'` (structured clone), so Buffers, Errors and undefined survive.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MenuItemSnapshot {
  label: string;
  type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | 'header' | 'palette';
  enabled: boolean;
  checked: boolean;
  visible: boolean;
  /** Whether clicking it does something (a click handler or a role). */
  clickable: boolean;
  submenu?: MenuItemSnapshot[];
}

export interface MenuSnapshot {
  menuId: number;
  items: MenuItemSnapshot[];
}

export interface ImageSnapshot {
  /** The file the app asked for, or undefined for an image built from data. */
  path?: string;
  /** createFromPath of a missing or undecodable file gives an empty image, as in Electron. */
  empty: boolean;
  /** Electron marks `…Template.png` files as macOS template images. */
  template: boolean;
  width: number;
  height: number;
}

export interface TraySnapshot {
  trayId: number;
  image: ImageSnapshot;
  tooltip: string;
  title: string;
  contextMenu: MenuSnapshot | null;
  destroyed: boolean;
}

export interface WindowSnapshot {
  windowId: number;
  /** The constructor options, minus functions. */
  options: Record<string, unknown>;
  url: string;
  visible: boolean;
  focused: boolean;
  bounds: Rect;
  destroyed: boolean;
  alwaysOnTop: boolean;
  skipTaskbar: boolean;
}

export interface NotificationSnapshot {
  notificationId: number;
  title: string;
  body: string;
  silent: boolean;
  shown: boolean;
  closed: boolean;
}

/** What the app asked Electron for, in order. The harness keeps the log and the latest snapshots. */
export type AppRecord =
  | { kind: 'ready' }
  /** Sent last before exiting, so the harness knows every earlier record arrived. */
  | { kind: 'flush' }
  | { kind: 'single-instance-lock'; granted: boolean }
  | { kind: 'second-instance-sent'; delivered: boolean }
  | { kind: 'login-item'; settings: Record<string, unknown> }
  | { kind: 'app-user-model-id'; id: string }
  | { kind: 'dock'; visible: boolean }
  | { kind: 'activation-policy'; policy: string }
  | { kind: 'relaunch'; options: Record<string, unknown> }
  | { kind: 'quit'; phase: 'requested' | 'before-quit-prevented' | 'will-quit' | 'quit' }
  | { kind: 'exit'; code: number }
  /** Electron's main process survives these (a dialog for exceptions, a warning for rejections): tests assert none. */
  | { kind: 'uncaught'; what: 'exception' | 'rejection'; message: string }
  | { kind: 'tray'; tray: TraySnapshot }
  | { kind: 'tray-popup'; trayId: number; menu: MenuSnapshot }
  | { kind: 'notification'; notification: NotificationSnapshot }
  | { kind: 'clipboard'; text: string }
  | { kind: 'open-external'; url: string }
  | { kind: 'dialog'; method: string; options: Record<string, unknown> }
  | { kind: 'window'; window: WindowSnapshot }
  | { kind: 'permission'; windowId: number; permission: string; granted: boolean; via: 'request' | 'check' }
  | {
      kind: 'session-handlers';
      permissionRequest: boolean;
      permissionCheck: boolean;
      headersReceived: boolean;
    };

/** Work the app process asks the harness to do with Chromium (answered by a reply). */
export type PageCall =
  | { op: 'page-open'; windowId: number; width: number; height: number; preload?: string }
  | { op: 'page-load'; windowId: number; url: string }
  | { op: 'page-close'; windowId: number }
  | { op: 'page-resize'; windowId: number; width: number; height: number }
  | { op: 'page-front'; windowId: number }
  | { op: 'page-send'; windowId: number; channel: string; args: unknown[] };

/** What the harness asks the app process: the renderer's IPC and Chromium's questions, and the test's drives. */
export type AppCall =
  | { op: 'ipc-invoke'; windowId: number; frameUrl: string; channel: string; args: unknown[] }
  | { op: 'ipc-send'; windowId: number; frameUrl: string; channel: string; args: unknown[] }
  | { op: 'page-event'; windowId: number; name: 'did-finish-load' | 'dom-ready' | 'render-process-gone' }
  | { op: 'will-navigate'; windowId: number; url: string }
  | { op: 'window-open'; windowId: number; url: string; frameName: string; features: string }
  | {
      op: 'permission';
      windowId: number;
      via: 'request' | 'check';
      permission: string;
      url: string;
      details: Record<string, unknown>;
    }
  | {
      op: 'headers-received';
      windowId: number;
      url: string;
      method: string;
      resourceType: string;
      statusCode: number;
      responseHeaders: Record<string, string[]>;
    }
  | { op: 'tray-event'; name: 'click' | 'right-click' | 'double-click' | 'mouse-up' }
  | { op: 'menu-click'; menuId: number; path: number[] }
  | { op: 'notification-click'; notificationId: number }
  | { op: 'window-event'; windowId: number; name: 'blur' | 'focus' | 'minimize' }
  /** The user clicked the window's close button. */
  | { op: 'window-close'; windowId: number }
  | { op: 'app-event'; name: 'activate' }
  | { op: 'dialog-answers'; openDialog: Array<{ canceled: boolean; filePaths: string[] }> }
  | { op: 'screen'; display: DisplaySetup }
  | { op: 'app-quit' };

export interface DisplaySetup {
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
  /** What `tray.getBounds()` answers: Electron gives an empty rectangle on Linux. */
  trayBounds: Rect;
  cursor: { x: number; y: number };
}

export type Message =
  | { t: 'record'; record: AppRecord }
  | { t: 'call'; id: number; call: PageCall | AppCall }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string };

/** Environment the harness gives the app process. */
export const ENV = {
  /** Hex key for the safeStorage stand-in (AES-256-GCM), one per launched data dir. */
  safeStorageKey: 'ELECTRON_STAND_IN_SAFE_STORAGE_KEY',
  /** JSON DisplaySetup. */
  display: 'ELECTRON_STAND_IN_DISPLAY',
  /** '1': `app.dock` exists (as on macOS), so the app's Dock handling runs on Linux too. */
  dock: 'ELECTRON_STAND_IN_DOCK',
} as const;
