// `BrowserWindow` and its `webContents`: the window's state (visible, focused, bounds) lives here, its page is a
// real Chromium page opened by the harness. Events follow Electron: `close` is preventable, `closed` follows
// destruction, showing one window blurs the focused one, `ready-to-show` comes once after the first load.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { app } from './app.ts';
import { preventable } from './event.ts';
import { callHarness, onHarnessCall, record } from './link.ts';
import type { Rect } from './protocol.ts';
import { primaryDisplay } from './screen.ts';

type WindowOptions = Electron.BrowserWindowConstructorOptions;

let nextId = 1;
const windows = new Map<number, BrowserWindowStandIn>();
let focusedId: number | undefined;

export function allWindows(): BrowserWindowStandIn[] {
  return [...windows.values()];
}

export function destroyAllWindows(): void {
  for (const window of allWindows()) window.destroy();
}

export type WebContentsKeys =
  | 'id'
  | 'send'
  | 'isDestroyed'
  | 'setWindowOpenHandler'
  | 'getURL'
  | 'getTitle'
  | 'focus'
  | 'isLoading'
  | 'loadURL'
  | 'reload'
  | 'openDevTools';

export class WebContentsStandIn extends EventEmitter implements Pick<Electron.WebContents, WebContentsKeys> {
  readonly id: number;
  #window: BrowserWindowStandIn;
  #openHandler: ((details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse) | undefined;
  #loading = false;

  constructor(window: BrowserWindowStandIn) {
    super();
    this.#window = window;
    this.id = window.id;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.isDestroyed()) throw new Error('Object has been destroyed');
    void this.#window.pageWork({ op: 'page-send', windowId: this.id, channel, args }).catch(() => {});
  }
  isDestroyed(): boolean {
    return this.#window.isDestroyed();
  }
  setWindowOpenHandler(
    handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse,
  ): void {
    this.#openHandler = handler;
  }
  /** Electron denies nothing without a handler; with one, its answer decides. */
  windowOpen(details: Electron.HandlerDetails): Electron.WindowOpenHandlerResponse {
    return this.#openHandler ? this.#openHandler(details) : { action: 'allow' };
  }
  getURL(): string {
    return this.#window.url;
  }
  getTitle(): string {
    return this.#window.getTitle();
  }
  focus(): void {
    this.#window.focus();
  }
  isLoading(): boolean {
    return this.#loading;
  }
  loadURL(url: string, _options?: Electron.LoadURLOptions): Promise<void> {
    return this.#window.loadURL(url);
  }
  reload(): void {
    void this.#window.loadURL(this.#window.url);
  }
  openDevTools(_options?: Electron.OpenDevToolsOptions): void {}
  setLoading(loading: boolean): void {
    this.#loading = loading;
  }
}

export type BrowserWindowKeys =
  | 'id'
  | 'loadURL'
  | 'loadFile'
  | 'show'
  | 'showInactive'
  | 'hide'
  | 'close'
  | 'destroy'
  | 'focus'
  | 'blur'
  | 'isFocused'
  | 'isVisible'
  | 'isDestroyed'
  | 'isMinimized'
  | 'minimize'
  | 'restore'
  | 'getBounds'
  | 'setBounds'
  | 'getPosition'
  | 'setPosition'
  | 'getSize'
  | 'setSize'
  | 'setAlwaysOnTop'
  | 'isAlwaysOnTop'
  | 'setSkipTaskbar'
  | 'setVisibleOnAllWorkspaces'
  | 'setTitle'
  | 'getTitle'
  | 'setMenuBarVisibility'
  | 'removeMenu';

export class BrowserWindowStandIn
  extends EventEmitter
  implements Pick<Electron.BrowserWindow, BrowserWindowKeys>
{
  readonly id: number;
  readonly webContents: WebContentsStandIn;
  url = '';
  #options: WindowOptions;
  #bounds: Rect;
  #visible = false;
  #minimized = false;
  #destroyed = false;
  #alwaysOnTop: boolean;
  #skipTaskbar: boolean;
  #title: string;
  #shownOnce = false;
  #opened: Promise<unknown>;
  #work: Promise<unknown> = Promise.resolve();

  constructor(options: WindowOptions = {}) {
    super();
    this.id = nextId++;
    this.#options = options;
    const area = primaryDisplay().workArea;
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    this.#bounds = {
      x: options.x ?? Math.round(area.x + (area.width - width) / 2),
      y: options.y ?? Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    };
    this.#alwaysOnTop = options.alwaysOnTop ?? false;
    this.#skipTaskbar = options.skipTaskbar ?? false;
    this.#title = options.title ?? app.getName();
    this.webContents = new WebContentsStandIn(this);
    windows.set(this.id, this);
    const preload = options.webPreferences?.preload;
    this.#opened = callHarness({
      op: 'page-open',
      windowId: this.id,
      width,
      height,
      ...(preload ? { preload } : {}),
    });
    this.#snapshot();
    if (options.show ?? true) this.show();
  }

  static getAllWindows(): BrowserWindowStandIn[] {
    return allWindows();
  }
  static getFocusedWindow(): BrowserWindowStandIn | null {
    return focusedId === undefined ? null : (windows.get(focusedId) ?? null);
  }
  static fromId(id: number): BrowserWindowStandIn | null {
    return windows.get(id) ?? null;
  }
  static fromWebContents(contents: { id: number }): BrowserWindowStandIn | null {
    return windows.get(contents.id) ?? null;
  }

  /** Page operations run one after another, after the page exists. */
  pageWork(call: Parameters<typeof callHarness>[0]): Promise<unknown> {
    const next = this.#work.then(
      () => this.#opened,
      () => this.#opened,
    );
    this.#work = next.then(() => callHarness(call));
    return this.#work;
  }

  loadURL(url: string, _options?: Electron.LoadURLOptions): Promise<void> {
    this.url = url;
    this.webContents.setLoading(true);
    this.#snapshot();
    return this.pageWork({ op: 'page-load', windowId: this.id, url }).then(
      () => {
        this.webContents.setLoading(false);
        this.webContents.emit('dom-ready', preventable({}));
        this.webContents.emit('did-finish-load', preventable({}));
        if (!this.#shownOnce) {
          this.#shownOnce = true;
          this.emit('ready-to-show', preventable({}));
        }
      },
      (error: Error) => {
        this.webContents.setLoading(false);
        this.webContents.emit('did-fail-load', preventable({}), -2, error.message, url, true);
        throw error;
      },
    );
  }
  loadFile(filePath: string, options?: Electron.LoadFileOptions): Promise<void> {
    const url = pathToFileURL(filePath);
    if (options?.search) url.search = options.search;
    if (options?.hash) url.hash = options.hash;
    if (options?.query)
      for (const [key, value] of Object.entries(options.query)) url.searchParams.set(key, value);
    return this.loadURL(url.href);
  }

  show(): void {
    this.#assertAlive();
    const wasVisible = this.#visible;
    this.#visible = true;
    this.#minimized = false;
    if (!wasVisible) this.emit('show', preventable({}));
    this.focus();
  }
  showInactive(): void {
    this.#assertAlive();
    if (!this.#visible) {
      this.#visible = true;
      this.emit('show', preventable({}));
    }
    this.#snapshot();
  }
  hide(): void {
    if (this.#destroyed || !this.#visible) return;
    this.#visible = false;
    if (focusedId === this.id) this.blur();
    this.emit('hide', preventable({}));
    this.#snapshot();
  }
  focus(): void {
    if (this.#destroyed) return;
    if (focusedId === this.id) {
      this.#snapshot();
      return;
    }
    const previous = focusedId === undefined ? undefined : windows.get(focusedId);
    focusedId = this.id;
    previous?.emitBlur();
    void this.pageWork({ op: 'page-front', windowId: this.id }).catch(() => {});
    this.emit('focus', preventable({}));
    this.#snapshot();
  }
  blur(): void {
    if (focusedId !== this.id) return;
    focusedId = undefined;
    this.emitBlur();
  }
  /** The OS moved the focus elsewhere. */
  emitBlur(): void {
    if (focusedId === this.id) focusedId = undefined;
    this.emit('blur', preventable({}));
    this.#snapshot();
  }
  isFocused(): boolean {
    return focusedId === this.id;
  }
  isVisible(): boolean {
    return this.#visible && !this.#destroyed;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  isMinimized(): boolean {
    return this.#minimized;
  }
  minimize(): void {
    this.#minimized = true;
    if (focusedId === this.id) this.blur();
    this.emit('minimize', preventable({}));
    this.#snapshot();
  }
  restore(): void {
    this.#minimized = false;
    this.emit('restore', preventable({}));
    this.#snapshot();
  }

  getBounds(): Rect {
    return { ...this.#bounds };
  }
  setBounds(bounds: Partial<Rect>, _animate?: boolean): void {
    const next = { ...this.#bounds, ...bounds };
    const resized = next.width !== this.#bounds.width || next.height !== this.#bounds.height;
    this.#bounds = next;
    if (resized)
      void this.pageWork({
        op: 'page-resize',
        windowId: this.id,
        width: next.width,
        height: next.height,
      }).catch(() => {});
    this.#snapshot();
  }
  getPosition(): number[] {
    return [this.#bounds.x, this.#bounds.y];
  }
  setPosition(x: number, y: number, _animate?: boolean): void {
    this.setBounds({ x, y });
  }
  getSize(): number[] {
    return [this.#bounds.width, this.#bounds.height];
  }
  setSize(width: number, height: number, _animate?: boolean): void {
    this.setBounds({ width, height });
  }
  setAlwaysOnTop(flag: boolean): void {
    this.#alwaysOnTop = flag;
    this.#snapshot();
  }
  isAlwaysOnTop(): boolean {
    return this.#alwaysOnTop;
  }
  setSkipTaskbar(skip: boolean): void {
    this.#skipTaskbar = skip;
    this.#snapshot();
  }
  setVisibleOnAllWorkspaces(_visible: boolean, _options?: Electron.VisibleOnAllWorkspacesOptions): void {}
  setTitle(title: string): void {
    this.#title = title;
  }
  getTitle(): string {
    return this.#title;
  }
  setMenuBarVisibility(_visible: boolean): void {}
  removeMenu(): void {}

  /** Like the close button: `close` may be prevented; otherwise the window is destroyed. */
  close(): void {
    if (this.#destroyed) return;
    const event = preventable({});
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#visible = false;
    if (focusedId === this.id) focusedId = undefined;
    windows.delete(this.id);
    void this.pageWork({ op: 'page-close', windowId: this.id }).catch(() => {});
    this.#snapshot();
    this.webContents.emit('destroyed', preventable({}));
    this.emit('closed', preventable({}));
    if (windows.size === 0) app.windowAllClosed();
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }

  #snapshot(): void {
    const { webPreferences, ...rest } = this.#options;
    record({
      kind: 'window',
      window: {
        windowId: this.id,
        options: { ...rest, webPreferences: { ...webPreferences } },
        url: this.url,
        visible: this.isVisible(),
        focused: this.isFocused(),
        bounds: this.getBounds(),
        destroyed: this.#destroyed,
        alwaysOnTop: this.#alwaysOnTop,
        skipTaskbar: this.#skipTaskbar,
      },
    });
  }
}

function windowOf(windowId: number): BrowserWindowStandIn {
  const window = windows.get(windowId);
  if (!window) throw new Error(`no window ${windowId}`);
  return window;
}

onHarnessCall('window-event', ({ windowId, name }) => {
  const window = windowOf(windowId);
  if (name === 'blur') window.emitBlur();
  else if (name === 'focus') window.focus();
  else window.minimize();
});
onHarnessCall('window-close', ({ windowId }) => windowOf(windowId).close());
onHarnessCall('will-navigate', ({ windowId, url }) => {
  const contents = windowOf(windowId).webContents;
  const event = preventable({ url, isSameDocument: false, isMainFrame: true, frame: null });
  contents.emit('will-navigate', event, url, false, true, 0, 0);
  return { prevented: event.defaultPrevented };
});
onHarnessCall('window-open', ({ windowId, url, frameName, features }) =>
  windowOf(windowId).webContents.windowOpen({
    url,
    frameName,
    features,
    disposition: 'foreground-tab',
    referrer: { url: '', policy: 'strict-origin-when-cross-origin' },
  }),
);
onHarnessCall('page-event', ({ windowId, name }) => {
  const contents = windowOf(windowId).webContents;
  contents.emit(name, preventable({}));
});

export function webContentsOf(windowId: number): WebContentsStandIn {
  return windowOf(windowId).webContents;
}
