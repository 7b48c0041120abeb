// The tray app's life as the OS sees it, through the desktop harness: keys at rest in the keychain and back
// after a restart, launch at login, quitting twice while draining, and the ways a start can go wrong (damaged
// settings, a busy port) ending in a message rather than a silent or stuck process.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages } from '../support/proxy-harness.ts';
import { DesktopApp } from './harness/desktop-app.ts';
import { OK, oneTier } from './support/desktop-config.ts';
import { openStream } from './support/streaming-client.ts';

const KEY = 'sk-life-cycle-0000-9999';

describe('the tray app across quits and restarts', () => {
  let vendor: FakeVendor;
  let app: DesktopApp;

  before(async () => {
    vendor = await startFakeVendor([OK]);
    app = await DesktopApp.launch({ config: oneTier(vendor, { apiKey: KEY }), args: ['--hidden'] });
    await app.waitFor(() => app.coreUrl(), 'the proxy to run');
  });

  after(async () => {
    await app?.close();
    await vendor?.close();
  });

  it('keeps the imported API key in the keychain, not in desktop.json', async () => {
    const stored = readFileSync(join(app.dataDir, 'desktop.json'), 'utf8');
    assert.doesNotMatch(stored, new RegExp(KEY));
    assert.match(stored, /keychain:/);
    assert.equal((await postMessages(app.coreUrl() as string, BASIC_REQUEST)).status, 200);
    assert.equal(vendor.requests.at(-1)?.headers['x-api-key'], KEY);
  });

  it('copies the base URL export line from the menu', async () => {
    await app.clickMenuItem('Copy ANTHROPIC_BASE_URL');
    await app.waitFor(
      () =>
        app.records.some(
          (record) =>
            record.kind === 'clipboard' && record.text === `export ANTHROPIC_BASE_URL=${app.coreUrl()}`,
        ),
      'the clipboard write',
    );
  });

  it('launches at login on Linux through an XDG autostart entry that starts hidden', async () => {
    const entry = join(app.home, '.config', 'autostart', 'coding-proxy.desktop');
    await app.clickMenuItem('Launch at login');
    await app.waitFor(
      () => app.tray()?.contextMenu?.items.find((item) => item.label === 'Launch at login')?.checked,
      'the tick',
    );
    assert.match(readFileSync(entry, 'utf8'), /^Exec=.* --hidden$/m);
    await app.clickMenuItem('Launch at login');
    await app.waitFor(
      () =>
        app.tray()?.contextMenu?.items.find((item) => item.label === 'Launch at login')?.checked === false,
      'the tick to go',
    );
    assert.equal(existsSync(entry), false);
  });

  it('drains and exits once when the OS asks it to quit twice', async () => {
    vendor.script([
      {
        kind: 'sse',
        chunks: anthropicStream('draining', { deltas: 2 }).flatMap((frame) => [frame, { delayMs: 100 }]),
      },
    ]);
    const stream = await openStream(app.coreUrl() as string);
    await app.call({ op: 'app-quit' });
    await app.call({ op: 'app-quit' });
    assert.equal(parseEvents(await stream.rest()).at(-1)?.event, 'message_stop');
    assert.equal((await app.exited).code, 0);
    assert.doesNotMatch(app.output(), /error while stopping/);
    assert.deepEqual(app.uncaught(), []);
  });

  it('starts again on the same data with the key read back from the keychain', async () => {
    app = await DesktopApp.launch({ restartOf: app, args: ['--hidden'] });
    await app.waitFor(() => app.coreUrl(), 'the proxy to run again');
    vendor.script([{ kind: 'json', body: anthropicMessage('again') }]);
    assert.equal((await postMessages(app.coreUrl() as string, BASIC_REQUEST)).status, 200);
    assert.equal(vendor.requests.at(-1)?.headers['x-api-key'], KEY);
    await app.clickMenuItem('Quit coding-proxy');
    assert.equal((await app.exited).code, 0);
  });

  // Without a bound, the old failure (an app alive with no tray and no window) would hang the test run.
  it('says so and exits when its settings file is damaged (instead of running with no tray)', {
    timeout: 20_000,
  }, async () => {
    writeFileSync(join(app.dataDir, 'desktop.json'), '{ "settingsVersion": 1, "desktop": ');
    app = await DesktopApp.launch({ restartOf: app });
    const { code } = await app.exited;
    assert.equal(code, 1);
    const box = app.records.find((record) => record.kind === 'dialog' && record.method === 'showErrorBox');
    assert.ok(box && box.kind === 'dialog');
    assert.equal(box.options.title, 'coding-proxy could not start');
    assert.match(String(box.options.content), /desktop\.json.*not valid JSON/);
    assert.deepEqual(app.trays(), []);
  });
});

describe('the tray app when its port is taken', () => {
  let vendor: FakeVendor;
  let squatter: Server;
  const squatterSockets = new Set<Socket>();
  let app: DesktopApp;
  let port: number;

  before(async () => {
    vendor = await startFakeVendor([OK]);
    // A port held by something else that accepts connections and never answers (the app may probe it).
    squatter = createServer((socket) => squatterSockets.add(socket));
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
    app = await DesktopApp.launch({ config: oneTier(vendor, { apiKey: KEY, port }) });
  });

  after(async () => {
    await app?.close();
    await vendor?.close();
    for (const socket of squatterSockets) socket.destroy();
    await new Promise((resolve) => squatter?.close(resolve));
  });

  it('stays in the tray saying why it is not running, and quits cleanly', async () => {
    const tray = await app.waitFor(() => app.tray()?.contextMenu && app.tray(), 'the tray');
    assert.match(tray.image.path ?? '', /tray-down\.png$/);
    assert.equal(
      tray.contextMenu?.items[0]?.label,
      `Not running: port ${port} on 127.0.0.1 is already in use`,
    );
    const notice = await app.waitFor(() => app.notifications()[0], 'a notification');
    assert.equal(notice.title, 'coding-proxy is not running');
    assert.match(
      notice.body,
      new RegExp(`port ${port} .*already in use — `),
      'the whole story in the notification',
    );
    assert.deepEqual(app.liveWindows(), [], 'no window onto a dashboard that is not there');
    await app.clickMenuItem('Quit coding-proxy');
    assert.equal((await app.exited).code, 0);
    assert.deepEqual(app.uncaught(), []);
  });
});
