// Compiled by `npm run typecheck`, never run: proof that the checks in electron-mirror.ts catch a stand-in drifting
// from electron.d.ts. Each `@ts-expect-error` line must be an error; if a check stopped catching its drift, the
// directive would be unused and the build would fail. The stand-ins themselves are checked in index.ts. (A class's
// static side is an object type like these: `MirrorStatics<…, typeof SomeClass>` checks it the same way.)
import type {
  ElectronModule,
  MirrorClass,
  MirrorConstructor,
  MirrorStatics,
  OnlyElectronNames,
} from './electron-mirror.ts';
import { shell } from './services.ts';
import { type MenuItemStandIn, MenuStandIn, type NativeImageStandIn, TrayStandIn } from './tray-menu.ts';
import type { BrowserWindowStandIn } from './windows.ts';

type Menu = ElectronModule['Menu'];
type BrowserWindow = ElectronModule['BrowserWindow'];

/** Takes other arguments than Electron passes. */
const parametersDrift = { setApplicationMenu: (_count: number, _name: string): void => {} };
// @ts-expect-error setApplicationMenu(menu) is called with a Menu or null, not (number, string)
export const parameters: MirrorStatics<Menu, typeof parametersDrift> = parametersDrift;

/** Returns something where Electron returns nothing. */
const returnDrift = { setApplicationMenu: (_menu: MenuStandIn | null): string => '' };
// @ts-expect-error setApplicationMenu returns void
export const returns: MirrorStatics<Menu, typeof returnDrift> = returnDrift;

/** Requires an argument Electron's callers never give. */
const requiredParameter = { getAllWindows: (_which: number): BrowserWindowStandIn[] => [] };
// @ts-expect-error BrowserWindow.getAllWindows() takes no argument
export const required: MirrorStatics<BrowserWindow, typeof requiredParameter> = requiredParameter;

/** Returns the wrong stand-in. */
const wrongStandIn = {
  buildFromTemplate: (_template: Array<Electron.MenuItemConstructorOptions | MenuItemStandIn>) =>
    new TrayStandIn(''),
};
// @ts-expect-error buildFromTemplate returns a Menu
export const wrong: MirrorStatics<Menu, typeof wrongStandIn> = wrongStandIn;

/** A static Electron does not have. */
const invented = { getAllTheWindows: (): BrowserWindowStandIn[] => [] };
// @ts-expect-error Electron has no BrowserWindow.getAllTheWindows
export const unknownStatic: MirrorStatics<BrowserWindow, typeof invented> = invented;

/** A constructor that needs more than `new Tray(image, guid?)` gives. */
class ConstructorDrift extends TrayStandIn {
  constructor(image: NativeImageStandIn, guid: string, _extra: number) {
    super(image, guid);
  }
}
// @ts-expect-error new Tray(image) is called with one argument, a NativeImage or a path
export const constructs: MirrorConstructor<ElectronModule['Tray'], typeof ConstructorDrift> =
  ConstructorDrift;

/** A module-level object whose member takes the wrong argument. */
const shellDrift = { ...shell, openExternal: (_url: number): Promise<void> => Promise.resolve() };
// @ts-expect-error shell.openExternal(url) takes a string
export const moduleObject: MirrorStatics<ElectronModule['shell'], typeof shellDrift> = shellDrift;

// @ts-expect-error electron exports no `Electrum`
export const exportName: OnlyElectronNames<{ Menu: unknown; Electrum: unknown }> = { Menu: 1, Electrum: 1 };

// Controls, which must compile: a real stand-in class, and a narrower return than Electron's (`true` for a boolean).
export const menu: MirrorClass<Menu, typeof MenuStandIn> = MenuStandIn;
const narrower = { isSupported: (): true => true };
export const narrowerReturn: MirrorStatics<ElectronModule['Notification'], typeof narrower> = narrower;
