// What `import … from 'electron'` gives the app under the desktop harness (see ../register-electron.ts). Every
// object and class here is checked against Electron's own electron.d.ts: instances with `implements Pick<Electron.X,
// …>`, and below, against `typeof import('electron')`, every class's statics and constructor and every module-level
// object's members (electron-mirror.ts), and the export names, so a renamed or re-typed API fails
// `npm run typecheck` instead of passing here and breaking in the real app.
import { type AppKeys, app } from './app.ts';
import type {
  ElectronModule,
  MirrorClass,
  MirrorMembers,
  MirrorStatics,
  OnlyElectronNames,
} from './electron-mirror.ts';
import { record } from './link.ts';
import { type IpcMainKeys, ipcMain, session } from './ipc-session.ts';
import { type ScreenKeys, screen } from './screen.ts';
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

/**
 * What each export must be, from `typeof import('electron')`: a class by every static it has and its constructor,
 * a plain object by every member it has, an instance-like object (app, ipcMain, screen) by the members it models.
 * Any other export name fails too.
 */
interface StandInModule {
  app: MirrorMembers<ElectronModule['app'], typeof app, AppKeys>;
  BrowserWindow: MirrorClass<ElectronModule['BrowserWindow'], typeof BrowserWindowStandIn>;
  clipboard: MirrorStatics<ElectronModule['clipboard'], typeof clipboard>;
  dialog: MirrorStatics<ElectronModule['dialog'], typeof dialog>;
  ipcMain: MirrorMembers<ElectronModule['ipcMain'], typeof ipcMain, IpcMainKeys>;
  Menu: MirrorClass<ElectronModule['Menu'], typeof MenuStandIn>;
  MenuItem: MirrorClass<ElectronModule['MenuItem'], typeof MenuItemStandIn>;
  nativeImage: MirrorStatics<ElectronModule['nativeImage'], typeof nativeImage>;
  Notification: MirrorClass<ElectronModule['Notification'], typeof NotificationStandIn>;
  safeStorage: MirrorStatics<ElectronModule['safeStorage'], typeof safeStorage>;
  screen: MirrorMembers<ElectronModule['screen'], typeof screen, ScreenKeys>;
  session: MirrorStatics<ElectronModule['session'], typeof session>;
  shell: MirrorStatics<ElectronModule['shell'], typeof shell>;
  Tray: MirrorClass<ElectronModule['Tray'], typeof TrayStandIn>;
}

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
} satisfies OnlyElectronNames<StandInModule>;

export default electron;
