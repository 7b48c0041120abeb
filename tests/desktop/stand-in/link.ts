// The app process's end of the harness channel: records go out as they happen, page work is a call that the
// harness answers, and the harness's calls (renderer IPC, test drives) are dispatched to registered handlers.
import type { AppCall, AppRecord, Message, PageCall } from './protocol.ts';

type Handler<K extends AppCall['op']> = (call: Extract<AppCall, { op: K }>) => unknown | Promise<unknown>;

const handlers = new Map<string, (call: AppCall) => unknown>();
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;

function post(message: Message): void {
  // Without a harness (someone ran the app by hand) there is nobody to tell; the app still runs headless.
  if (process.send && process.connected) process.send(message);
}

export function record(entry: AppRecord): void {
  post({ t: 'record', record: entry });
}

/** Resolves once everything sent so far has been written to the channel (before the process exits). */
export function flushLink(): Promise<void> {
  if (!process.send || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    process.send?.({ t: 'record', record: { kind: 'flush' } }, undefined, {}, () => resolve());
  });
}

export function callHarness(call: PageCall): Promise<unknown> {
  if (!process.send || !process.connected) return Promise.reject(new Error('no harness attached'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    post({ t: 'call', id, call });
  });
}

export function onHarnessCall<K extends AppCall['op']>(op: K, handler: Handler<K>): void {
  handlers.set(op, handler as (call: AppCall) => unknown);
}

process.on('message', (raw: unknown) => {
  const message = raw as Message;
  if (message.t === 'reply') {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiting?.resolve(message.value);
    else waiting?.reject(new Error(message.error));
    return;
  }
  if (message.t !== 'call') return;
  const call = message.call as AppCall;
  const handler = handlers.get(call.op);
  void (async () => {
    try {
      if (!handler) throw new Error(`the stand-in has no handler for ${call.op}`);
      post({ t: 'reply', id: message.id, ok: true, value: await handler(call) });
    } catch (error) {
      post({ t: 'reply', id: message.id, ok: false, error: (error as Error)?.message ?? String(error) });
    }
  })();
});

// The harness went away (test finished or crashed): an Electron app has no parent, but ours must not outlive it.
process.on('disconnect', () => process.exit(1));
// The IPC channel would keep the process alive on its own; Electron's main process lives until it quits, which
// the app controls (app.quit / app.exit), so the channel must not be what keeps us running.
process.channel?.unref();
