// Proves the Electron IPC transport is a dumb pipe over the SAME handler table the HTTP transport uses: a real
// core (tests/support/proxy-harness.ts) answers the same through both, and its events reach the window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CoreEvent } from '../../src-shared/contract.ts';
import { controlFetch, type Harness, startProxy } from '../../tests/support/proxy-harness.ts';
import { createDispatch, helloEvent } from './command-dispatch.ts';
import { commandChannel, EVENT_CHANNEL, HELLO_CHANNEL } from './ipc-channels.ts';
import { type IpcTransport, registerIpcTransport } from './ipc-transport.ts';

type Listener = Parameters<IpcMain['handle']>[1];

/** Stands in for `ipcMain` (the Electron binary cannot run here): records handlers so the test can invoke them. */
function recordingIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel: string, listener: Listener) {
      assert.equal(handlers.has(channel), false, `${channel} registered twice`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
    async invoke(channel: string, senderUrl: string | undefined, ...args: unknown[]): Promise<unknown> {
      const listener = handlers.get(channel);
      assert.ok(listener, `no handler for ${channel}`);
      // Only `senderFrame.url` is read by the transport; a full IpcMainInvokeEvent needs a running Electron.
      const event = {
        senderFrame: senderUrl === undefined ? null : { url: senderUrl },
      } as unknown as IpcMainInvokeEvent;
      return listener(event, ...args);
    },
  };
}

const CONFIG = {
  vendors: [
    {
      name: 'primary',
      kind: 'anthropic-compatible' as const,
      baseUrl: 'http://127.0.0.1:9/',
      apiKey: 'sk-primary-123456',
    },
    {
      name: 'backup',
      kind: 'anthropic-compatible' as const,
      baseUrl: 'http://127.0.0.1:9/',
      apiKey: 'sk-backup-123456',
    },
  ],
};

async function httpCall(
  harness: Harness,
  command: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await controlFetch(harness, `/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('IPC transport handler table', () => {
  let harness: Harness;
  let ipc: ReturnType<typeof recordingIpcMain>;
  let transport: IpcTransport;
  const sent: Array<{ channel: string; event: CoreEvent }> = [];
  let dashboard: string;

  before(async () => {
    harness = await startProxy(CONFIG);
    dashboard = `${harness.url}/`;
    ipc = recordingIpcMain();
    transport = registerIpcTransport({
      ipcMain: ipc,
      handlers: harness.core.handlers,
      context: harness.core.context,
      allowedOrigin: () => ({ httpOrigin: harness.url }),
      targets: () => [{ send: (channel, event) => sent.push({ channel, event }), isDestroyed: () => false }],
    });
  });

  after(async () => {
    transport.dispose();
    await harness.close();
  });

  it('registers one channel for every command of the core handler table, and nothing else but hello', () => {
    const commands = Object.keys(harness.core.handlers).sort();
    assert.deepEqual([...transport.commands].sort(), commands);
    assert.deepEqual(
      [...ipc.handlers.keys()].sort(),
      [...commands.map((c) => commandChannel(c as never)), HELLO_CHANNEL].sort(),
    );
  });

  it('answers status exactly as the HTTP transport does', async () => {
    const overIpc = await ipc.invoke(commandChannel('status'), dashboard, {});
    const overHttp = await httpCall(harness, 'status', {});
    assert.equal(overHttp.status, 200);
    assert.deepEqual(overIpc, overHttp.json);
    assert.deepEqual(await createDispatch(harness.core.handlers)('status', {}), overHttp.json);
  });

  it('answers listVendors with masked secrets, like HTTP', async () => {
    const overIpc = await ipc.invoke(commandChannel('listVendors'), dashboard, {});
    const overHttp = await httpCall(harness, 'listVendors', {});
    assert.deepEqual(overIpc, overHttp.json);
    assert.doesNotMatch(JSON.stringify(overIpc), /sk-primary-123456/);
  });

  it('validates input with the same rule and returns the same error body', async () => {
    const overIpc = await ipc.invoke(commandChannel('reorderTiers'), dashboard, { order: 'backup' });
    const overHttp = await httpCall(harness, 'reorderTiers', { order: 'backup' });
    assert.equal(overHttp.status, 400);
    assert.deepEqual(overIpc, overHttp.json);
    assert.equal((overIpc as { error: { type: string } }).error.type, 'invalid_request');
  });

  it('returns handler failures (unknown tier) as the contract error body', async () => {
    const overIpc = await ipc.invoke(commandChannel('setVendorEnabled'), dashboard, {
      name: 'nope',
      enabled: false,
    });
    const overHttp = await httpCall(harness, 'setVendorEnabled', { name: 'nope', enabled: false });
    assert.equal(overHttp.status, 404);
    assert.deepEqual(overIpc, overHttp.json);
  });

  it('reports an unknown command as not found', async () => {
    assert.deepEqual(await createDispatch(harness.core.handlers)('dropTables', {}), {
      error: { type: 'not_found', message: 'unknown command "dropTables"' },
    });
  });

  it('changes the running core: a reorder over IPC is what HTTP status then shows, and events reach the window', async () => {
    sent.length = 0;
    const result = await ipc.invoke(commandChannel('reorderTiers'), dashboard, {
      order: ['backup', 'primary'],
    });
    assert.deepEqual(result, { ok: true, order: ['backup', 'primary'] });
    const status = (await httpCall(harness, 'status', {})).json as { tiers: Array<{ name: string }> };
    assert.deepEqual(
      status.tiers.map((tier) => tier.name),
      ['backup', 'primary'],
    );
    assert.deepEqual(sent, [
      { channel: EVENT_CHANNEL, event: { type: 'order-changed', order: ['backup', 'primary'] } },
    ]);
  });

  it('pushes a vendor notice to the window, and lists it for the vendor form over IPC as over HTTP', async () => {
    sent.length = 0;
    const notice: CoreEvent = {
      type: 'vendor-notice',
      tier: 'backup',
      message: 'backup: glm-9 is not offered',
    };
    harness.core.context.events.emit(notice);
    assert.deepEqual(sent, [{ channel: EVENT_CHANNEL, event: notice }]);
    const viaIpc = await ipc.invoke(commandChannel('vendorStates'), dashboard, {});
    assert.deepEqual(viaIpc, (await httpCall(harness, 'vendorStates', {})).json);
    const backup = (viaIpc as { vendors: Array<{ name: string; notices: string[] }> }).vendors.find(
      (vendor) => vendor.name === 'backup',
    );
    assert.deepEqual(backup?.notices, ['backup: glm-9 is not offered']);
  });

  it('gives a new subscriber the hello snapshot', async () => {
    const hello = await ipc.invoke(HELLO_CHANNEL, dashboard);
    assert.deepEqual(hello, helloEvent(harness.core.context));
    assert.equal((hello as { type: string }).type, 'hello');
  });

  it('refuses calls from any page that is not the dashboard', async () => {
    for (const url of ['https://evil.example/', 'about:blank', undefined]) {
      await assert.rejects(ipc.invoke(commandChannel('status'), url, {}), /refused/);
      await assert.rejects(ipc.invoke(HELLO_CHANNEL, url), /refused/);
    }
  });

  it('does not push events to a closed window', async () => {
    const closed: CoreEvent[] = [];
    const local = recordingIpcMain();
    const second = registerIpcTransport({
      ipcMain: local,
      handlers: harness.core.handlers,
      context: harness.core.context,
      allowedOrigin: () => ({ httpOrigin: harness.url }),
      targets: () => [{ send: (_channel, event) => closed.push(event), isDestroyed: () => true }],
    });
    await local.invoke(commandChannel('reset'), dashboard, {});
    second.dispose();
    assert.deepEqual(closed, []);
    assert.equal(local.handlers.size, 0);
  });
});
