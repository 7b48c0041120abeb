// The desktop harness for tests: starts the shipped tray app (dist-electron/main.js) in a child process with a
// fresh HOME and data dir, renders its windows in Debian Chromium, mirrors what it asked Electron for (tray,
// menus, notifications, windows, login item, clipboard…) and lets the test act as the user and the OS (click the
// tray icon or a menu item, close or blur a window, start a second instance, quit).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { stringify as toYaml } from 'yaml';
import type {
  AppCall,
  AppRecord,
  DisplaySetup,
  MenuItemSnapshot,
  MenuSnapshot,
  NotificationSnapshot,
  PageCall,
  TraySnapshot,
  WindowSnapshot,
} from '../stand-in/protocol.ts';
import { ENV } from '../stand-in/protocol.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../e2e/dashboard-browser.ts';
import { type AppProcess, assertDesktopBuilt, startAppProcess } from './app-process.ts';
import { PageBridge, type WindowPage } from './page-bridge.ts';

/** Chromium itself grants these, so the app's session permission handlers are the only gate (as in Electron). */
const CHROMIUM_PERMISSIONS = [
  'clipboard-read',
  'clipboard-write',
  'notifications',
  'geolocation',
  'camera',
  'microphone',
  'midi',
];

export interface LaunchOptions {
  /** The user's proxy config, written to <data dir>/config.yaml before the first start (the app imports it). */
  config?: Record<string, unknown>;
  /** The desktop app's own settings (desktop.json → `desktop`), e.g. `{ notifications: { holdSeconds: 0 } }`. */
  settings?: Record<string, unknown>;
  args?: string[];
  display?: DisplaySetup;
  /** Give the app a macOS-style `app.dock` (Electron has none on Linux). */
  dock?: boolean;
  /**
   * Run another app folder than the checkout, e.g. app.asar extracted from a package (its node_modules are then
   * the packaged ones). Also `DESKTOP_HARNESS_APP_ROOT`.
   */
  appRoot?: string;
  /** Start again on the folders (and keychain key) of an earlier launch that has exited. */
  restartOf?: DesktopApp;
}

export interface WindowView extends WindowSnapshot {
  page: Page | undefined;
  requests: WindowPage['requests'];
  errors: string[];
}

export interface SecondInstance {
  code: number | null;
  records: AppRecord[];
  output: string;
}

export class DesktopApp {
  readonly root: string;
  readonly home: string;
  readonly dataDir: string;
  readonly safeStorageKey: string;
  readonly records: AppRecord[] = [];
  readonly #trays = new Map<number, TraySnapshot>();
  readonly #windows = new Map<number, WindowSnapshot>();
  readonly #notifications = new Map<number, NotificationSnapshot>();
  readonly #popups: MenuSnapshot[] = [];
  readonly #waiters = new Set<() => void>();
  #process: AppProcess | undefined;
  #browser: Browser | undefined;
  #context: BrowserContext | undefined;
  #bridge: PageBridge | undefined;
  #env: NodeJS.ProcessEnv = {};
  #ownsRoot: boolean;

  readonly appRoot: string | undefined;

  private constructor(previous: DesktopApp | undefined, appRoot: string | undefined) {
    this.appRoot = appRoot;
    this.#ownsRoot = previous ? previous.#ownsRoot : true;
    this.root = previous?.root ?? mkdtempSync(join(tmpdir(), 'coding-proxy-desktop-'));
    this.home = join(this.root, 'home');
    this.dataDir = join(this.root, 'data');
    this.safeStorageKey = previous?.safeStorageKey ?? randomBytes(32).toString('hex');
    if (previous) previous.#ownsRoot = false;
  }

  static async launch(options: LaunchOptions = {}): Promise<DesktopApp> {
    const appRoot = options.appRoot ?? process.env.DESKTOP_HARNESS_APP_ROOT ?? options.restartOf?.appRoot;
    if (!appRoot) assertDesktopBuilt();
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
    const app = new DesktopApp(options.restartOf, appRoot);
    // The earlier launch's browser (its process has ended, or ends now); its folders now belong to this one.
    await options.restartOf?.close();
    try {
      await app.#start(options);
    } catch (error) {
      await app.close();
      throw error;
    }
    return app;
  }

  async #start(options: LaunchOptions): Promise<void> {
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.dataDir, { recursive: true });
    if (options.config) writeFileSync(join(this.dataDir, 'config.yaml'), toYaml(options.config));
    if (options.settings)
      writeFileSync(
        join(this.dataDir, 'desktop.json'),
        JSON.stringify({ settingsVersion: 1, desktop: options.settings }, null, 2),
      );
    this.#env = {
      PATH: process.env.PATH,
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      CODING_PROXY_HOME: this.dataDir,
      LANG: 'C.UTF-8',
      TZ: process.env.TZ,
      [ENV.safeStorageKey]: this.safeStorageKey,
      ...(options.display ? { [ENV.display]: JSON.stringify(options.display) } : {}),
      ...(options.dock ? { [ENV.dock]: '1' } : {}),
    };
    this.#browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    this.#context = await this.#browser.newContext({ locale: 'en-US' });
    await this.#context.grantPermissions(CHROMIUM_PERMISSIONS);
    this.#bridge = new PageBridge(this.#context, (call) => this.call(call));
    await this.#bridge.start();
    this.#process = startAppProcess({
      ...(this.appRoot ? { appRoot: this.appRoot } : {}),
      env: this.#env,
      args: options.args ?? [],
      onRecord: (record) => this.#onRecord(record),
      onPageCall: (call) => this.#onPageCall(call),
    });
    void this.#process.exited.then(() => this.#wake());
  }

  // ---- what the app asked for ----

  #onRecord(record: AppRecord): void {
    if (record.kind === 'flush') return;
    this.records.push(record);
    if (record.kind === 'tray') this.#trays.set(record.tray.trayId, record.tray);
    if (record.kind === 'window') this.#windows.set(record.window.windowId, record.window);
    if (record.kind === 'notification')
      this.#notifications.set(record.notification.notificationId, record.notification);
    if (record.kind === 'tray-popup') this.#popups.push(record.menu);
    if (record.kind === 'session-handlers' && this.#bridge)
      this.#bridge.headersHandler = record.headersReceived;
    this.#wake();
  }

  async #onPageCall(call: PageCall): Promise<unknown> {
    const bridge = this.#bridge;
    if (!bridge) throw new Error('no browser');
    switch (call.op) {
      case 'page-open':
        await bridge.open(call.windowId, call.width, call.height, call.preload);
        break;
      case 'page-load':
        await bridge.load(call.windowId, call.url);
        break;
      case 'page-close':
        await bridge.close(call.windowId);
        break;
      case 'page-resize':
        await bridge.resize(call.windowId, call.width, call.height);
        break;
      case 'page-front':
        await bridge.front(call.windowId);
        break;
      case 'page-send':
        await bridge.send(call.windowId, call.channel, call.args);
        break;
    }
    this.#wake();
    return null;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** The live tray icon (the last one created and not destroyed). */
  tray(): TraySnapshot | undefined {
    return [...this.#trays.values()].filter((tray) => !tray.destroyed).at(-1);
  }

  trays(): TraySnapshot[] {
    return [...this.#trays.values()];
  }

  windows(): WindowView[] {
    return [...this.#windows.values()].map((snapshot) => {
      const page = this.#bridge?.windows.get(snapshot.windowId);
      return { ...snapshot, page: page?.page, requests: page?.requests ?? [], errors: page?.errors ?? [] };
    });
  }

  liveWindows(): WindowView[] {
    return this.windows().filter((window) => !window.destroyed);
  }

  /** The Dock icon's visibility changes the app asked for, in order (with `dock: true`). */
  dockChanges(): boolean[] {
    return this.records.flatMap((record) => (record.kind === 'dock' ? [record.visible] : []));
  }

  /** Uncaught exceptions and unhandled rejections in the main process (Electron survives them; we should not have any). */
  uncaught(): string[] {
    return this.records.flatMap((record) =>
      record.kind === 'uncaught' ? [`${record.what}: ${record.message}`] : [],
    );
  }

  /** Notifications that were shown, in order. */
  notifications(): NotificationSnapshot[] {
    return [...this.#notifications.values()].filter((notification) => notification.shown);
  }

  popups(): MenuSnapshot[] {
    return [...this.#popups];
  }

  /** The proxy's URL, read from the tray menu's status line ("Running on :PORT …"). */
  coreUrl(): string | undefined {
    const label = this.tray()?.contextMenu?.items[0]?.label ?? this.#popups.at(-1)?.items[0]?.label;
    const port = label?.match(/^Running on :(\d+)/)?.[1];
    return port ? `http://127.0.0.1:${port}` : undefined;
  }

  get exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.#process) throw new Error('not started');
    return this.#process.exited;
  }

  output(): string {
    return this.#process?.output() ?? '';
  }

  /**
   * Resolves with the probe's first truthy answer, checked now and after everything the app reports (no polling
   * of fixed delays); fails after `timeoutMs` with the app's recent records and output.
   */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        const recent = this.records.slice(-8).map((record) => JSON.stringify(record).slice(0, 300));
        reject(
          new Error(
            `timed out waiting for ${what}\nlast records:\n  ${recent.join('\n  ')}\napp output:\n${this.output().slice(-3000)}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  // ---- acting as the user and the OS ----

  call(call: AppCall): Promise<unknown> {
    if (!this.#process) return Promise.reject(new Error('not started'));
    return this.#process.call(call);
  }

  clickTray(name: 'click' | 'right-click' | 'double-click' = 'click'): Promise<unknown> {
    return this.call({ op: 'tray-event', name });
  }

  /** Picks the first item whose label matches, in the tray's attached menu (or the last popped-up one). */
  async clickMenuItem(label: string | RegExp, menu?: MenuSnapshot): Promise<void> {
    const source = menu ?? this.tray()?.contextMenu ?? this.#popups.at(-1);
    if (!source) throw new Error('the tray has no menu');
    const path = findItem(source.items, label);
    if (!path)
      throw new Error(`no menu item ${label} in ${JSON.stringify(source.items.map((item) => item.label))}`);
    await this.call({ op: 'menu-click', menuId: source.menuId, path });
  }

  /** The user clicks the window's close button. */
  closeWindow(windowId: number): Promise<unknown> {
    return this.call({ op: 'window-close', windowId });
  }

  /** The OS moves the focus away from the window (the user clicked elsewhere). */
  blurWindow(windowId: number): Promise<unknown> {
    return this.call({ op: 'window-event', windowId, name: 'blur' });
  }

  /** Starts the app again while this one runs (same HOME and data dir), and waits for that process to end. */
  async startSecondInstance(args: string[] = []): Promise<SecondInstance> {
    const records: AppRecord[] = [];
    const second = startAppProcess({
      ...(this.appRoot ? { appRoot: this.appRoot } : {}),
      env: this.#env,
      args,
      onRecord: (record) => records.push(record),
      onPageCall: (call) => Promise.reject(new Error(`a second instance asked for ${call.op}`)),
    });
    const timer = setTimeout(() => second.child.kill('SIGKILL'), 15_000);
    const { code } = await second.exited;
    clearTimeout(timer);
    return { code, records, output: second.output() };
  }

  /** Stops everything this launch started; the folders go too unless a restart took them over. */
  async close(): Promise<void> {
    this.#bridge?.stopping();
    await this.#process?.kill();
    await this.#browser?.close();
    this.#browser = undefined;
    if (this.#ownsRoot) rmSync(this.root, { recursive: true, force: true });
  }
}

function findItem(items: MenuItemSnapshot[], label: string | RegExp): number[] | undefined {
  for (const [index, item] of items.entries()) {
    const matches = typeof label === 'string' ? item.label.startsWith(label) : label.test(item.label);
    if (matches && item.type !== 'separator') return [index];
    const inner = item.submenu ? findItem(item.submenu, label) : undefined;
    if (inner) return [index, ...inner];
  }
  return undefined;
}
