// `app`: ready, paths, single-instance lock, login items, and Electron's quit sequence (before-quit → close every
// window → will-quit → quit → exit), each step preventable where Electron's is. The process really exits.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { preventable } from './event.ts';
import { flushLink, onHarnessCall, record } from './link.ts';
import { ENV } from './protocol.ts';
import { notifyFirstInstance, type SingleInstance, takeLock } from './single-instance.ts';
import { allWindows, destroyAllWindows } from './windows.ts';

/** Like `electron <dir>`: the folder of the app's package.json (Node was started with that folder). */
function findAppPath(): string {
  let dir = resolve(process.argv[1] ?? '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) return dir;
  }
}

const appPath = findAppPath();
const manifest = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as {
  name?: string;
  productName?: string;
  version?: string;
};

function appDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  if (process.platform === 'win32') return process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  return process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
}

type LoginSettings = Electron.Settings;

class Dock implements Pick<Electron.Dock, 'hide' | 'isVisible' | 'setIcon' | 'setBadge' | 'getBadge'> {
  #visible = true;
  #badge = '';
  hide(): void {
    this.#visible = false;
    record({ kind: 'dock', visible: false });
  }
  show(): Promise<void> {
    this.#visible = true;
    record({ kind: 'dock', visible: true });
    return Promise.resolve();
  }
  isVisible(): boolean {
    return this.#visible;
  }
  setIcon(_image: Electron.NativeImage | string): void {}
  setBadge(text: string): void {
    this.#badge = text;
  }
  getBadge(): string {
    return this.#badge;
  }
}

export type AppKeys =
  | 'whenReady'
  | 'isReady'
  | 'quit'
  | 'exit'
  | 'relaunch'
  | 'focus'
  | 'getAppPath'
  | 'getPath'
  | 'setPath'
  | 'getVersion'
  | 'getName'
  | 'setName'
  | 'getLocale'
  | 'requestSingleInstanceLock'
  | 'hasSingleInstanceLock'
  | 'releaseSingleInstanceLock'
  | 'setLoginItemSettings'
  | 'getLoginItemSettings'
  | 'setAppUserModelId'
  | 'setActivationPolicy'
  | 'isPackaged';

export class AppStandIn extends EventEmitter implements Pick<Electron.App, AppKeys> {
  readonly isPackaged = false;
  /** macOS only, as in Electron (the harness can give one on Linux, to run the app's Dock handling). */
  readonly dock: Dock | undefined =
    process.platform === 'darwin' || process.env[ENV.dock] === '1' ? new Dock() : undefined;
  #name = manifest.productName ?? manifest.name ?? 'Electron';
  #paths = new Map<string, string>();
  #ready = false;
  #readyPromise: Promise<void>;
  #quitting = false;
  #exiting = false;
  #lock: SingleInstance | undefined;
  #handOver: Promise<unknown> | undefined;
  #loginItem: LoginSettings = { openAtLogin: false };
  /** Electron's message loop: the process lives until the app quits, whatever handles are open. */
  #loop = setInterval(() => {}, 1 << 30);

  constructor() {
    super();
    this.#readyPromise = new Promise((done) => {
      // After the main script's synchronous top level, as in Electron.
      setImmediate(() => {
        if (this.#quitting || this.#exiting) return;
        this.#ready = true;
        record({ kind: 'ready' });
        this.emit('ready', preventable(), {});
        done();
      });
    });
  }

  get name(): string {
    return this.#name;
  }
  set name(value: string) {
    this.#name = value;
  }
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }
  isReady(): boolean {
    return this.#ready;
  }
  focus(_options?: Electron.FocusOptions): void {}
  getAppPath(): string {
    return appPath;
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    const set = this.#paths.get(name);
    if (set) return set;
    switch (name) {
      case 'home':
        return homedir();
      case 'appData':
        return appDataDir();
      case 'userData':
      case 'sessionData':
        return join(appDataDir(), this.#name);
      case 'temp':
        return tmpdir();
      case 'exe':
        return process.execPath;
      case 'logs':
        return join(this.getPath('userData'), 'logs');
      default:
        throw new Error(`Failed to get '${name}' path`);
    }
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }
  getVersion(): string {
    return manifest.version ?? '0.0.0';
  }
  getName(): string {
    return this.#name;
  }
  setName(name: string): void {
    this.#name = name;
  }
  getLocale(): string {
    return 'en-US';
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (this.#lock) return true;
    const userData = this.getPath('userData');
    const taken = takeLock(userData);
    if ('owner' in taken) {
      record({ kind: 'single-instance-lock', granted: false });
      this.#handOver = notifyFirstInstance(userData, {
        argv: process.argv,
        cwd: process.cwd(),
        additionalData: additionalData ?? null,
      }).then((delivered) => record({ kind: 'second-instance-sent', delivered }));
      return false;
    }
    this.#lock = taken.lock;
    taken.listen((message) =>
      this.emit('second-instance', preventable(), message.argv, message.cwd, message.additionalData),
    );
    record({ kind: 'single-instance-lock', granted: true });
    return true;
  }
  hasSingleInstanceLock(): boolean {
    return this.#lock !== undefined;
  }
  releaseSingleInstanceLock(): void {
    this.#lock?.release();
    this.#lock = undefined;
  }

  setLoginItemSettings(settings: LoginSettings): void {
    this.#loginItem = { ...settings };
    record({ kind: 'login-item', settings: { ...settings } });
  }
  getLoginItemSettings(_options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
    return {
      openAtLogin: this.#loginItem.openAtLogin ?? false,
      wasOpenedAtLogin: false,
      status: this.#loginItem.openAtLogin ? 'enabled' : 'not-registered',
      executableWillLaunchAtLogin: this.#loginItem.openAtLogin ?? false,
      launchItems: [],
    };
  }
  setAppUserModelId(id: string): void {
    record({ kind: 'app-user-model-id', id });
  }
  setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void {
    record({ kind: 'activation-policy', policy });
  }
  relaunch(options?: Electron.RelaunchOptions): void {
    // Recorded, not performed: the harness decides whether to start the app again.
    record({ kind: 'relaunch', options: { ...options } });
  }

  /** Electron's Browser::Quit. */
  quit(): void {
    if (this.#quitting) return;
    record({ kind: 'quit', phase: 'requested' });
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) {
      record({ kind: 'quit', phase: 'before-quit-prevented' });
      return;
    }
    this.#quitting = true;
    for (const window of allWindows()) window.close();
    // A window that prevented its close cancels the quit (Browser::OnWindowCloseCancelled).
    if (allWindows().length > 0) {
      this.#quitting = false;
      return;
    }
    this.#notifyAndShutdown();
  }

  /** Called by the window list when the last window is gone. */
  windowAllClosed(): void {
    if (this.#exiting) return;
    if (this.#quitting) {
      this.#notifyAndShutdown();
      return;
    }
    // With no listener Electron quits; the app's listener keeps it alive in the tray.
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }

  #notifyAndShutdown(): void {
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    record({ kind: 'quit', phase: 'will-quit' });
    this.emit('quit', preventable(), 0);
    record({ kind: 'quit', phase: 'quit' });
    void this.#shutdown(0);
  }

  exit(exitCode = 0): void {
    if (this.#exiting) return;
    this.#exiting = true;
    destroyAllWindows();
    void this.#shutdown(exitCode);
  }

  async #shutdown(code: number): Promise<void> {
    this.#exiting = true;
    await this.#handOver;
    this.releaseSingleInstanceLock();
    clearInterval(this.#loop);
    record({ kind: 'exit', code });
    // Let the records reach the harness before the channel goes.
    await flushLink();
    process.exit(code);
  }
}

export const app = new AppStandIn();

// The OS asks the app to quit (Cmd+Q, the Dock's Quit, logging out), or re-activates it (Dock icon click).
onHarnessCall('app-quit', () => app.quit());
onHarnessCall('app-event', ({ name }) => {
  app.emit(name, preventable(), false);
});
