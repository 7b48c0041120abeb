// The Electron transport of the control contract: one `ipcMain.handle` per command, routed through the same
// validation and handler table as the HTTP transport (`createDispatch`), plus core events pushed with
// `webContents.send`. Only type imports from electron, so it runs (and is tested) in plain Node with the real
// core and a stand-in for `ipcMain`.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CommandName, CoreEvent } from '../../src-shared/contract.ts';
import type { ControlHandlers } from '../core/control/handlers.ts';
import type { CoreContext } from '../core/core-context.ts';
import { createDispatch, helloEvent } from './command-dispatch.ts';
import {
  commandChannel,
  type DashboardOrigin,
  EVENT_CHANNEL,
  HELLO_CHANNEL,
  isAllowedSender,
} from './ipc-channels.ts';

/** What we push events to: a dashboard window's `webContents`. */
export interface EventTarget {
  send(channel: string, payload: CoreEvent): void;
  isDestroyed(): boolean;
}

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: ControlHandlers;
  context: Pick<CoreContext, 'router' | 'events'>;
  /** Read on every call: the dashboard origin is known only once the core listens. */
  allowedOrigin: () => DashboardOrigin;
  /** The windows that get events (usually the one dashboard window, if open). */
  targets: () => ReadonlyArray<EventTarget>;
}

export interface IpcTransport {
  /** The command names registered (one channel each): the full contract. */
  readonly commands: ReadonlyArray<CommandName>;
  dispose(): void;
}

export function registerIpcTransport(options: IpcTransportOptions): IpcTransport {
  const dispatch = createDispatch(options.handlers);
  const commands = Object.keys(options.handlers) as CommandName[];
  const checkSender = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => {
    const url = event.senderFrame?.url;
    if (!isAllowedSender(url, options.allowedOrigin())) {
      // Thrown, not returned: this is not a contract failure but a page that must not talk to the core at all.
      throw new Error(
        `IPC from ${url ?? 'an unknown frame'} refused: only the coding-proxy dashboard may call the core`,
      );
    }
  };
  const channels: string[] = [];
  for (const command of commands) {
    const channel = commandChannel(command);
    options.ipcMain.handle(channel, (event, input: unknown) => {
      checkSender(event);
      return dispatch(command, input);
    });
    channels.push(channel);
  }
  options.ipcMain.handle(HELLO_CHANNEL, (event) => {
    checkSender(event);
    return helloEvent(options.context);
  });
  channels.push(HELLO_CHANNEL);
  const unsubscribe = options.context.events.on((event) => {
    for (const target of options.targets()) {
      if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event);
    }
  });
  return {
    commands,
    dispose() {
      unsubscribe();
      for (const channel of channels) options.ipcMain.removeHandler(channel);
    },
  };
}
