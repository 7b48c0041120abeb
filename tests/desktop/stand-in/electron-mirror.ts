// Types that hold the stand-in's class statics, constructors and module-level objects to Electron's own declarations
// (electron.d.ts), so a signature that drifts fails `npm run typecheck`. `implements Pick<Electron.X, …>` checks an
// instance; these check the rest: `BrowserWindow.getAllWindows()`, `Menu.setApplicationMenu(menu)`,
// `new Tray(image)`, `nativeImage.createFromPath(path)`… Where Electron names one of its own objects (a Menu, a
// BrowserWindow), the stand-in takes and returns its stand-in for it. Proved to catch drift by
// electron-mirror.type-test.ts.
import type { EventEmitter } from 'node:events';
import type { NotificationStandIn } from './services.ts';
import type { MenuItemStandIn, MenuStandIn, NativeImageStandIn, TrayStandIn } from './tray-menu.ts';
import type { BrowserWindowStandIn, WebContentsStandIn } from './windows.ts';

/** The stand-in that plays an Electron object in a signature (arrays and unions element by element). */
export type StandInOf<T> = T extends Electron.BrowserWindow
  ? BrowserWindowStandIn
  : T extends Electron.WebContents
    ? WebContentsStandIn
    : T extends Electron.MenuItem
      ? MenuItemStandIn
      : T extends Electron.Menu
        ? MenuStandIn
        : T extends Electron.NativeImage
          ? NativeImageStandIn
          : T extends Electron.Notification
            ? NotificationStandIn
            : T extends Electron.Tray
              ? TrayStandIn
              : T extends ReadonlyArray<infer Element>
                ? Array<StandInOf<Element>>
                : T;

type StandInArgs<Args extends readonly unknown[]> = { [I in keyof Args]: StandInOf<Args[I]> };

/** `void`, as a function's result. */
type Nothing = ReturnType<() => void>;

/**
 * The stand-in may return something narrower than Electron (`true` for a `boolean`), but nothing where Electron
 * returns nothing: a function type would accept a `string` for `void`, and the app would never notice.
 */
type Returns<StandIn, Real> = [Real] extends [Nothing]
  ? [StandIn] extends [Nothing]
    ? true
    : false
  : [StandIn] extends [Real]
    ? true
    : false;

/** What a failed check resolves to: no stand-in value is assignable to it, and the error names the difference. */
interface Drift<What extends string, Expected, Actual> {
  drift: What;
  expected: Expected;
  actual: Actual;
}

/**
 * The stand-in's member mirrors Electron's: it accepts every argument list Electron's accepts and returns what
 * Electron's may return (stand-ins for Electron's objects). Resolves to the stand-in's own type when it does.
 */
export type Mirror<Real, StandIn> = Real extends (...args: infer Args) => infer Result
  ? StandIn extends (...args: infer StandInParams) => infer StandInResult
    ? [StandInArgs<Args>] extends [StandInParams]
      ? Returns<StandInResult, StandInOf<Result>> extends true
        ? StandIn
        : Drift<'return type', StandInOf<Result>, StandInResult>
      : Drift<'parameters', StandInArgs<Args>, StandInParams>
    : Drift<'not a function', Real, StandIn>
  : StandIn;

/** The constructor of a stand-in class mirrors Electron's class's (`new Tray(image, guid?)`). */
export type MirrorConstructor<Real, StandIn> = Real extends abstract new (
  ...args: infer Args
) => infer Instance
  ? StandIn extends new (
      ...args: infer StandInParams
    ) => infer StandInInstance
    ? [StandInArgs<Args>] extends [StandInParams]
      ? Returns<StandInInstance, StandInOf<Instance>> extends true
        ? unknown
        : Drift<'constructs', StandInOf<Instance>, StandInInstance>
      : Drift<'constructor parameters', StandInArgs<Args>, StandInParams>
    : Drift<'not a class', Real, StandIn>
  : unknown;

/** A class's own statics (what it inherits from Node's EventEmitter is Node's business). */
type OwnStatics<Class> = Exclude<keyof Class, 'prototype' | keyof typeof EventEmitter>;

/**
 * Every static of the stand-in class (or member of a module-level object) mirrors the member of the same name in
 * Electron's; a static Electron does not have is drift too.
 */
export type MirrorStatics<Real, StandIn> = {
  [K in OwnStatics<StandIn>]: K extends keyof Real
    ? Mirror<Real[K], StandIn[K]>
    : Drift<'not in Electron', never, K>;
};

/** A stand-in class: its statics and its constructor. */
export type MirrorClass<Real, StandIn> = MirrorStatics<Real, StandIn> & MirrorConstructor<Real, StandIn>;

/** The listed members of an instance-like export (app, ipcMain), each mirroring Electron's (stricter than `implements`). */
export type MirrorMembers<Real, StandIn, Keys extends keyof Real & keyof StandIn> = {
  [K in Keys]: Mirror<Real[K], StandIn[K]>;
};

export type ElectronModule = typeof import('electron');

/** The stand-in module exports only names the real module has. */
export type OnlyElectronNames<T> = Exclude<keyof T, keyof ElectronModule> extends never ? T : never;
