// Runs inside each dashboard page before the page's own scripts (an init script): the renderer half of the
// Electron stand-in. It runs the app's REAL preload (dist-electron/preload.cjs, a sandboxed CommonJS script) with
// a `require` that offers what Electron gives sandboxed preloads, so a preload that needs Node fails here as it
// would in Electron. `contextBridge.exposeInMainWorld` defines the API on `window`; `ipcRenderer` talks to the
// app's `ipcMain` through a Playwright binding. It also routes the web's permission prompts to the app's
// `session` permission handlers, and new windows (window.open, target=_blank links) to the app's
// setWindowOpenHandler, as Electron does.
//
// Self-contained: it is serialised with Function.prototype.toString, so it may not use anything from outside.

export interface PageScriptConfig {
  binding: string;
  dispatch: string;
  /** Whether this window has a preload (webPreferences.preload). */
  preload: boolean;
}

type Binding = (op: string, payload: unknown) => Promise<unknown>;
type Listener = Parameters<Electron.IpcRenderer['on']>[1];
type ListenerMethod = (...args: Parameters<Electron.IpcRenderer['on']>) => RendererIpc;
/** Electron's IpcRenderer, minus the EventEmitter typing (whose `this` results only the real class can meet). */
interface RendererIpc extends Pick<Electron.IpcRenderer, 'invoke' | 'send' | 'sendSync'> {
  on: ListenerMethod;
  once: ListenerMethod;
  off: ListenerMethod;
  removeListener: ListenerMethod;
  removeAllListeners(channel?: string): RendererIpc;
}
type AnyFunction = (...args: unknown[]) => unknown;

/** The slice of the DOM this script touches (the root tsconfig has no DOM library). */
interface PageGlobals {
  top: unknown;
  open: (url?: string, target?: string, features?: string) => unknown;
  document: {
    addEventListener(type: string, listener: (event: PageClick) => void, capture: boolean): void;
  };
  self: unknown;
  location: { href: string };
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
  setInterval: typeof setInterval;
  clearInterval: typeof clearInterval;
  URL: typeof URL;
  URLSearchParams: typeof URLSearchParams;
  DOMException: new (message: string, name: string) => Error;
  Notification?: { requestPermission?: (...args: unknown[]) => Promise<string> };
  navigator: {
    clipboard?: Record<string, AnyFunction>;
    mediaDevices?: Record<string, AnyFunction>;
    geolocation?: Record<string, AnyFunction>;
    permissions?: { query: (descriptor: { name: string }) => Promise<unknown> };
    storage?: Record<string, AnyFunction>;
    requestMIDIAccess?: AnyFunction;
  };
  Element?: { prototype: Record<string, AnyFunction> };
  [key: string]: unknown;
}

interface PageClick {
  target: { closest?: (selector: string) => { href: string; target: string } | null } | null;
  preventDefault(): void;
}

export function installRenderer(config: PageScriptConfig, preload: (...args: unknown[]) => void): void {
  const page = globalThis as unknown as PageGlobals;
  const call = page[config.binding] as Binding | undefined;
  if (typeof call !== 'function') return;
  // The page itself must not reach the app's IPC except through the preload's API.
  delete page[config.binding];

  // ---- permissions: the web APIs that prompt in Chrome ask the app's session handlers instead ----
  const ask = (permission: string, details: Record<string, unknown> = {}) =>
    call('permission', { permission, via: 'request', details }) as Promise<boolean>;
  const check = (permission: string) =>
    call('permission', { permission, via: 'check', details: {} }) as Promise<boolean>;
  const denied = () => new page.DOMException('Permission denied', 'NotAllowedError');
  const guardAsync = (
    target: Record<string, AnyFunction> | undefined,
    name: string,
    permission: (args: unknown[]) => [string, Record<string, unknown>?],
  ) => {
    const original = target?.[name];
    if (!target || typeof original !== 'function') return;
    target[name] = async function (this: unknown, ...args: unknown[]) {
      const [asked, details] = permission(args);
      if (!(await ask(asked, details))) throw denied();
      return original.apply(this, args);
    };
  };
  const { navigator } = page;
  guardAsync(navigator.clipboard, 'readText', () => ['clipboard-read']);
  guardAsync(navigator.clipboard, 'read', () => ['clipboard-read']);
  guardAsync(navigator.clipboard, 'writeText', () => ['clipboard-sanitized-write']);
  guardAsync(navigator.clipboard, 'write', () => ['clipboard-sanitized-write']);
  guardAsync(navigator.mediaDevices, 'getUserMedia', (args) => {
    const constraints = (args[0] ?? {}) as { audio?: unknown; video?: unknown };
    const mediaTypes = [...(constraints.video ? ['video'] : []), ...(constraints.audio ? ['audio'] : [])];
    return ['media', { mediaTypes }];
  });
  guardAsync(navigator.mediaDevices, 'getDisplayMedia', () => ['display-capture']);
  guardAsync(navigator.storage, 'persist', () => ['persistent-storage']);
  if (typeof navigator.requestMIDIAccess === 'function') {
    const original = navigator.requestMIDIAccess;
    navigator.requestMIDIAccess = async function (this: unknown, ...args: unknown[]) {
      const sysex = Boolean((args[0] as { sysex?: boolean } | undefined)?.sysex);
      if (!(await ask(sysex ? 'midiSysex' : 'midi'))) throw denied();
      return original.apply(this, args);
    };
  }
  const notification = page.Notification;
  if (notification?.requestPermission) {
    const original = notification.requestPermission.bind(notification);
    notification.requestPermission = async (...args: unknown[]) => {
      const granted = await ask('notifications');
      const answer = granted ? await original() : 'denied';
      for (const callback of args) if (typeof callback === 'function') callback(answer);
      return answer;
    };
  }
  const geolocation = navigator.geolocation;
  for (const name of ['getCurrentPosition', 'watchPosition']) {
    const original = geolocation?.[name];
    if (!geolocation || typeof original !== 'function') continue;
    geolocation[name] = function (this: unknown, ...args: unknown[]) {
      void ask('geolocation').then((granted) => {
        if (granted) original.apply(this, args);
        else if (typeof args[1] === 'function') args[1]({ code: 1, message: 'User denied Geolocation' });
      });
      return 0;
    };
  }
  const elementProto = page.Element?.prototype;
  for (const [name, permission] of [
    ['requestFullscreen', 'fullscreen'],
    ['requestPointerLock', 'pointerLock'],
  ] as const) {
    guardAsync(elementProto, name, () => [permission]);
  }
  const permissions = navigator.permissions;
  if (permissions) {
    const names: Record<string, string> = {
      camera: 'media',
      microphone: 'media',
      'clipboard-write': 'clipboard-sanitized-write',
    };
    permissions.query = async (descriptor: { name: string }) => {
      const state = (await check(names[descriptor.name] ?? descriptor.name)) ? 'granted' : 'denied';
      return { name: descriptor.name, state, onchange: null };
    };
  }

  // ---- new windows: Electron asks the app's setWindowOpenHandler before creating one ----
  const openWindow = page.open;
  const askOpen = (url: string, frameName: string, features: string) =>
    call('window-open', { url, frameName, features }) as Promise<boolean>;
  page.open = (url?: string, target?: string, features?: string) => {
    const absolute = url ? new page.URL(url, page.location.href).href : 'about:blank';
    void askOpen(absolute, target ?? '', features ?? '').then((allowed) => {
      if (allowed) openWindow.call(page, url, target, features);
    });
    // What window.open answers when no window was opened (yet).
    return null;
  };
  page.document.addEventListener(
    'click',
    (event) => {
      const link = event.target?.closest?.('a[href][target="_blank"]');
      if (!link) return;
      event.preventDefault();
      void askOpen(link.href, link.target, '').then((allowed) => {
        if (allowed) openWindow.call(page, link.href, link.target);
      });
    },
    true,
  );

  // ---- the preload: main frame only, like Electron without nodeIntegrationInSubFrames ----
  if (!config.preload || page.top !== page.self) return;

  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer: RendererIpc = {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      return call('invoke', { channel, args });
    },
    send(channel: string, ...args: unknown[]): void {
      void call('send', { channel, args });
    },
    sendSync(channel: string): unknown {
      throw new Error(`ipcRenderer.sendSync('${channel}') is not supported by the desktop harness`);
    },
    on(channel: string, listener: Listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return ipcRenderer;
    },
    once(channel: string, listener: Listener) {
      const once: Listener = (event, ...args) => {
        ipcRenderer.removeListener(channel, once);
        listener(event, ...args);
      };
      return ipcRenderer.on(channel, once);
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    off(channel: string, listener: Listener) {
      return ipcRenderer.removeListener(channel, listener);
    },
    removeAllListeners(channel?: string) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
  };
  Object.defineProperty(page, config.dispatch, {
    value: (channel: string, args: unknown[]) => {
      for (const listener of [...(listeners.get(channel) ?? [])])
        listener(
          { sender: ipcRenderer, senderId: 0, ports: [] } as unknown as Electron.IpcRendererEvent,
          ...args,
        );
    },
  });

  // contextBridge copies what it is given: functions become proxies, objects frozen copies, prototypes dropped.
  const bridge = (value: unknown): unknown => {
    if (typeof value === 'function') {
      const fn = value as AnyFunction;
      return (...args: unknown[]) => {
        const result = fn(...args.map(bridge));
        return result instanceof Promise ? result.then(bridge) : bridge(result);
      };
    }
    if (Array.isArray(value)) return Object.freeze(value.map(bridge));
    if (value && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) copy[key] = bridge(inner);
      return Object.freeze(copy);
    }
    return value;
  };
  const contextBridge = {
    exposeInMainWorld(apiKey: string, api: unknown): void {
      if (apiKey in page)
        throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      Object.defineProperty(page, apiKey, { value: bridge(api), enumerable: true });
    },
  } satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'>;

  // What `require` offers a sandboxed preload in Electron (no fs, no child_process, no path).
  const modules: Record<string, unknown> = {
    electron: { contextBridge, ipcRenderer },
    timers: {
      setTimeout: page.setTimeout,
      clearTimeout: page.clearTimeout,
      setInterval: page.setInterval,
      clearInterval: page.clearInterval,
    },
    url: { URL: page.URL, URLSearchParams: page.URLSearchParams },
  };
  const require = (name: string) => {
    if (name in modules) return modules[name];
    throw new Error(
      `module not found: ${name} (a sandboxed preload can only require electron, timers and url here)`,
    );
  };
  const module = { exports: {} };
  preload(module.exports, require, module, 'preload.cjs', '.');
}
