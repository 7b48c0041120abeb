// `ipcMain` and `session.defaultSession`. The renderer's `invoke`/`send` arrive from the harness with the URL of
// the frame that sent them, so the app's sender checks run on what Chromium really shows. Permission requests
// and response headers from Chromium go through the app's handlers; without a handler Electron grants every
// permission, and so does this stand-in (that default is why the app must install one).
import { EventEmitter } from 'node:events';
import { onHarnessCall, record } from './link.ts';
import { webContentsOf } from './windows.ts';

type InvokeListener = Parameters<Electron.IpcMain['handle']>[1];

export type IpcMainKeys = 'handle' | 'handleOnce' | 'removeHandler';

class IpcMainStandIn extends EventEmitter implements Pick<Electron.IpcMain, IpcMainKeys> {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  handleOnce(channel: string, listener: InvokeListener): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const ipcMain = new IpcMainStandIn();

/** The parts of an IPC event the app reads; the web frame is modelled by its URL only. */
function ipcEvent(windowId: number, frameUrl: string) {
  const sender = webContentsOf(windowId);
  return {
    sender,
    senderFrame: { url: frameUrl, origin: new URL(frameUrl).origin, isDestroyed: () => false },
    frameId: 1,
    processId: windowId,
    type: 'frame' as const,
    preventDefault() {},
    defaultPrevented: false,
  };
}

onHarnessCall('ipc-invoke', async ({ windowId, frameUrl, channel, args }) => {
  const handler = ipcMain.handlers.get(channel);
  if (!handler)
    throw new Error(
      `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
    );
  try {
    // The event is the modelled subset of IpcMainInvokeEvent (see ipcEvent).
    return await handler(ipcEvent(windowId, frameUrl) as unknown as Electron.IpcMainInvokeEvent, ...args);
  } catch (error) {
    // What the renderer's invoke() rejects with in Electron.
    throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
  }
});

onHarnessCall('ipc-send', ({ windowId, frameUrl, channel, args }) => {
  const event = { ...ipcEvent(windowId, frameUrl), returnValue: undefined, ports: [], reply() {} };
  ipcMain.emit(channel, event, ...args);
});

// ---- session ----

type RequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionName = Parameters<NonNullable<RequestHandler>>[1];
type CheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0];
type HeadersListener = (
  details: Electron.OnHeadersReceivedListenerDetails,
  callback: (response: Electron.HeadersReceivedResponse) => void,
) => void;

let requestHandler: RequestHandler = null;
let checkHandler: CheckHandler = null;
let headersListener: HeadersListener | null = null;
let nextRequestId = 1;

function recordHandlers(): void {
  record({
    kind: 'session-handlers',
    permissionRequest: requestHandler !== null,
    permissionCheck: checkHandler !== null,
    headersReceived: headersListener !== null,
  });
}

export type SessionKeys = 'setPermissionRequestHandler' | 'setPermissionCheckHandler';
export type WebRequestKeys = 'onHeadersReceived';

const webRequest = {
  onHeadersReceived(
    filterOrListener: Electron.WebRequestFilter | HeadersListener | null,
    maybeListener?: HeadersListener | null,
  ): void {
    headersListener = (typeof filterOrListener === 'function' ? filterOrListener : maybeListener) ?? null;
    recordHandlers();
  },
} satisfies Pick<Electron.WebRequest, WebRequestKeys>;

const defaultSession = {
  webRequest,
  setPermissionRequestHandler(handler: RequestHandler): void {
    requestHandler = handler;
    recordHandlers();
  },
  setPermissionCheckHandler(handler: CheckHandler): void {
    checkHandler = handler;
    recordHandlers();
  },
} satisfies Pick<Electron.Session, SessionKeys> & { webRequest: Pick<Electron.WebRequest, WebRequestKeys> };

export const session = { defaultSession };

onHarnessCall('permission', async ({ windowId, via, permission, url, details }) => {
  const contents = webContentsOf(windowId) as unknown as Electron.WebContents;
  const name = permission as PermissionName;
  let granted: boolean;
  if (via === 'check') {
    granted = checkHandler
      ? checkHandler(contents, name, new URL(url).origin, {
          isMainFrame: true,
          requestingUrl: url,
          ...details,
        })
      : true;
  } else if (requestHandler) {
    const handler = requestHandler;
    granted = await new Promise<boolean>((resolve) =>
      handler(contents, name, resolve, { isMainFrame: true, requestingUrl: url, ...details }),
    );
  } else granted = true;
  record({ kind: 'permission', windowId, permission, granted, via });
  return granted;
});

onHarnessCall(
  'headers-received',
  async ({ windowId, url, method, resourceType, statusCode, responseHeaders }) => {
    const listener = headersListener;
    if (!listener) return {};
    return new Promise<Electron.HeadersReceivedResponse>((resolve) =>
      listener(
        {
          id: nextRequestId++,
          url,
          method,
          webContentsId: windowId,
          resourceType: resourceType as Electron.OnHeadersReceivedListenerDetails['resourceType'],
          referrer: '',
          timestamp: Date.now(),
          statusLine: `HTTP/1.1 ${statusCode}`,
          statusCode,
          responseHeaders,
        },
        resolve,
      ),
    );
  },
);
