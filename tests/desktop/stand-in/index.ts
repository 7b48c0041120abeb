// What `import … from 'electron'` gives the app under the desktop harness (see ../register-electron.ts). Every
// object and class here is checked against Electron's own electron.d.ts (`implements Pick<Electron.X, …>`,
// `satisfies Pick<…>`), and the export names against the real module's, so a renamed or re-typed API fails
// `npm run typecheck` instead of passing here and breaking in the real app.
import { app } from './app.ts';
import { record } from './link.ts';
import { ipcMain, session } from './ipc-session.ts';
import { screen } from './screen.ts';
import { clipboard, dialog, NotificationStandIn, safeStorage, shell } from './services.ts';
import { MenuItemStandIn, MenuStandIn, nativeImage, TrayStandIn } from './tray-menu.ts';
import { BrowserWindowStandIn } from './windows.ts';

// The main process of Electron says so; electron-store and others look.
Object.defineProperty(process, 'type', { value: 'browser', configurable: true });

// Electron's main process does not die of an uncaught exception (it shows "A JavaScript error occurred in the
// main process") nor of an unhandled rejection (`--unhandled-rejections=warn-with-error-code`, electron#37464):
// the app lives on in whatever state it reached. Record both so tests can insist there were none.
for (const what of ['exception', 'rejection'] as const) {
  process.on(what === 'exception' ? 'uncaughtException' : 'unhandledRejection', (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`[electron stand-in] uncaught ${what} in the main process: ${message}`);
    record({ kind: 'uncaught', what, message });
  });
}

export {
  app,
  BrowserWindowStandIn as BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  MenuItemStandIn as MenuItem,
  MenuStandIn as Menu,
  nativeImage,
  NotificationStandIn as Notification,
  safeStorage,
  screen,
  session,
  shell,
  TrayStandIn as Tray,
};

type ElectronModule = typeof import('electron');

/** `import electron from 'electron'` (electron-store does this): the same objects. */
const electron = {
  app,
  BrowserWindow: BrowserWindowStandIn,
  clipboard,
  dialog,
  ipcMain,
  Menu: MenuStandIn,
  MenuItem: MenuItemStandIn,
  nativeImage,
  Notification: NotificationStandIn,
  safeStorage,
  screen,
  session,
  shell,
  Tray: TrayStandIn,
} satisfies Partial<Record<keyof ElectronModule, unknown>>;

export default electron;
