// The tray app as shipped (dist-electron/main.js + preload.cjs) through the desktop harness: a user's first
// launch with a fresh data dir, the dashboard window over IPC, tier changes from the window reaching the live
// router, closing to the tray, a second launch, and Quit while a stream is in flight.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { anthropicStream, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages, textOf } from '../support/proxy-harness.ts';
import { DesktopApp, type WindowView } from './harness/desktop-app.ts';
import { apiRequests, cardOrder, moveFirstTierDown } from './support/dashboard-steps.ts';
import { OK, OVERLOADED, twoTiers } from './support/desktop-config.ts';
import { openStream } from './support/streaming-client.ts';

function tierLabels(app: DesktopApp): string[] {
  return (app.tray()?.contextMenu?.items ?? [])
    .filter((item) => item.type === 'checkbox' && / — /.test(item.label))
    .map((item) => item.label);
}

describe('the tray app, launched fresh', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let app: DesktopApp;
  let dashboard: WindowView;
  let page: Page;
  let coreUrl: string;

  before(async () => {
    primary = await startFakeVendor([OK]);
    backup = await startFakeVendor([OK]);
    app = await DesktopApp.launch({
      config: twoTiers(primary, backup),
    });
  });

  after(async () => {
    await app?.close();
    await primary?.close();
    await backup?.close();
  });

  it('shows the tiers in the tray icon and menu', async () => {
    const tray = await app.waitFor(() => app.tray()?.contextMenu && app.tray(), 'the tray menu');
    assert.match(tray.image.path ?? '', /assets[/\\]tray-primary\.png$/);
    assert.equal(tray.image.empty, false, 'the tray icon file exists and is a PNG');
    assert.match(tray.tooltip, /serving via primary \(primary\)/);
    assert.deepEqual(tierLabels(app), ['primary — ready', 'backup — ready']);
    assert.match(tray.contextMenu?.items[0]?.label ?? '', /^Running on :\d+ · via primary$/);
    coreUrl = app.coreUrl() ?? '';
    assert.ok(coreUrl, 'the menu names the port');
  });

  it('opens the dashboard in a window that talks to the core over IPC, not HTTP', async () => {
    dashboard = await app.waitFor(
      () => app.liveWindows().find((window) => window.visible && window.page),
      'the window',
    );
    page = dashboard.page as Page;
    await page.waitForSelector('[data-testid="tier-card-backup"]');
    assert.deepEqual(await cardOrder(page), ['primary', 'backup']);
    assert.equal(
      dashboard.options.webPreferences && (dashboard.options.webPreferences as { sandbox?: boolean }).sandbox,
      true,
    );
    // The preload's API is there, and nothing else of Electron.
    assert.deepEqual(await page.evaluate('Object.keys(window.codingProxy)'), ['call', 'onEvent']);
    assert.equal(await page.evaluate('typeof require'), 'undefined');
    // Live updates arrive over IPC too: a request through the proxy lights the serving card.
    assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="tier-card-primary"].serving');
    assert.deepEqual(
      apiRequests(dashboard.requests.map((request) => request.url)),
      [],
      'no /api/ request reached the core from the window',
    );
    assert.deepEqual(dashboard.errors, []);
  });

  it('resets a breaker from the window, and the live router serves the primary again', async () => {
    primary.script([OVERLOADED]);
    assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="open"]');
    await app.waitFor(
      () => tierLabels(app)[0]?.startsWith('primary — breaker open'),
      'the tray to show the open breaker',
    );
    primary.script([OK]);
    await page.click('[data-testid="reset-all"]');
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="closed"]');
    const before = primary.requests.length;
    assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200);
    assert.equal(primary.requests.length, before + 1, 'the next request went to the primary');
    await app.waitFor(() => tierLabels(app)[0] === 'primary — ready', 'the tray to show the primary ready');
  });

  it('reorders the tiers from the window, and the live router follows', async () => {
    await moveFirstTierDown(page);
    assert.deepEqual(await cardOrder(page), ['backup', 'primary']);
    await app.waitFor(() => tierLabels(app)[0]?.startsWith('backup'), 'the tray menu to list backup first');
    const before = { primary: primary.requests.length, backup: backup.requests.length };
    assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200);
    assert.equal(backup.requests.length, before.backup + 1);
    assert.equal(primary.requests.length, before.primary);
  });

  it('keeps running in the tray when the window is closed', async () => {
    await app.closeWindow(dashboard.windowId);
    const closed = await app.waitFor(
      () => app.windows().find((window) => window.windowId === dashboard.windowId && !window.visible),
      'the window to hide',
    );
    assert.equal(closed.destroyed, false, 'hidden, not destroyed: reopening is instant');
    assert.equal(app.tray()?.destroyed, false);
    assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200, 'the proxy still serves');
    assert.equal(
      app.records.some((record) => record.kind === 'quit'),
      false,
    );
  });

  it('a second launch focuses the running app instead of starting another', async () => {
    const second = await app.startSecondInstance();
    assert.equal(second.code, 0, second.output);
    assert.deepEqual(
      second.records.filter(
        (record) => record.kind === 'single-instance-lock' || record.kind === 'second-instance-sent',
      ),
      [
        { kind: 'single-instance-lock', granted: false },
        { kind: 'second-instance-sent', delivered: true },
      ],
    );
    assert.equal(
      second.records.some((record) => record.kind === 'tray' || record.kind === 'window'),
      false,
    );
    await app.waitFor(
      () => app.liveWindows().find((window) => window.visible && window.focused),
      'the first instance to show and focus its window',
    );
  });

  it('Quit lets an in-flight stream finish, then exits', async () => {
    backup.script([
      {
        kind: 'sse',
        chunks: anthropicStream('a slow answer that outlives the quit', { deltas: 4 }).flatMap(
          (frame, index) => (index === 3 ? [frame, { delayMs: 800 }] : [frame]),
        ),
      },
    ]);
    const stream = await openStream(coreUrl);
    assert.equal(stream.status, 200);
    await app.clickMenuItem('Quit coding-proxy');
    const text = await stream.rest();
    const events = parseEvents(text);
    assert.equal(events.at(-1)?.event, 'message_stop', 'the stream ran to its end');
    assert.equal(textOf(events), 'a slow answer that outlives the quit');
    const { code } = await app.exited;
    assert.equal(code, 0, app.output());
    assert.equal(app.tray(), undefined, 'the tray icon was removed');
    await assert.rejects(fetch(`${coreUrl}/health`), 'the port is closed');
    assert.deepEqual(app.uncaught(), [], 'no uncaught error in the main process');
  });
});
