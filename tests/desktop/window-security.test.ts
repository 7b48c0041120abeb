// The dashboard window as untrusted web content, through the desktop harness: web permissions go through the
// app's session handlers (only clipboard writes are allowed), links leave for the user's browser instead of
// navigating the window or opening new ones, and the core refuses IPC from anything but the dashboard's pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { OK, oneTier } from './support/desktop-config.ts';
import { DesktopApp } from './harness/desktop-app.ts';

describe('the dashboard window is locked down', () => {
  let vendor: FakeVendor;
  let app: DesktopApp;
  let page: Page;

  before(async () => {
    vendor = await startFakeVendor([OK]);
    app = await DesktopApp.launch({
      config: oneTier(vendor),
    });
    const window = await app.waitFor(() => app.liveWindows().find((w) => w.visible && w.page), 'the window');
    page = window.page as Page;
    await page.waitForSelector('[data-testid="tier-card-main"]');
  });

  after(async () => {
    await app?.close();
    await vendor?.close();
  });

  it('installs permission handlers (Electron grants everything without them)', () => {
    const handlers = app.records.filter((record) => record.kind === 'session-handlers').at(-1);
    assert.deepEqual(handlers, {
      kind: 'session-handlers',
      permissionRequest: true,
      permissionCheck: true,
      headersReceived: true,
    });
  });

  it('denies the permissions the dashboard does not need', async () => {
    // Strings: these run in the page, whose DOM types the test's tsconfig does not load.
    const answers = await page.evaluate(`(async () => {
      const outcome = (promise) => promise.then(() => 'granted', (error) => error.name);
      const position = new Promise((resolve) =>
        navigator.geolocation.getCurrentPosition(() => resolve('granted'), (error) => resolve('code ' + error.code)),
      );
      return {
        camera: await outcome(navigator.mediaDevices.getUserMedia({ video: true })),
        notifications: await Notification.requestPermission(),
        clipboardRead: await outcome(navigator.clipboard.readText()),
        geolocation: await position,
        cameraQuery: (await navigator.permissions.query({ name: 'camera' })).state,
      };
    })()`);
    assert.deepEqual(answers, {
      camera: 'NotAllowedError',
      notifications: 'denied',
      clipboardRead: 'NotAllowedError',
      geolocation: 'code 1',
      cameraQuery: 'denied',
    });
    const asked = app.records.flatMap((record) =>
      record.kind === 'permission' ? [`${record.via} ${record.permission} ${record.granted}`] : [],
    );
    for (const expected of [
      'request media false',
      'request notifications false',
      'request clipboard-read false',
      'request geolocation false',
      'check media false',
    ])
      assert.ok(asked.includes(expected), `${expected} in ${asked.join(', ')}`);
  });

  it('lets the copy button write to the clipboard', async () => {
    await page.click('[data-testid="nav-connect"]');
    await page.waitForSelector('[data-testid="export-line"]:has-text("ANTHROPIC_BASE_URL")');
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.ok(
      app.records.some(
        (record) =>
          record.kind === 'permission' && record.permission === 'clipboard-sanitized-write' && record.granted,
      ),
    );
  });

  it('sends links to the browser instead of navigating the window', async () => {
    const dashboardUrl = page.url();
    await page.evaluate(`location.href = 'https://example.com/docs'`);
    await app.waitFor(
      () =>
        app.records.some(
          (record) => record.kind === 'open-external' && record.url === 'https://example.com/docs',
        ),
      'the link to open in the browser',
    );
    assert.equal(page.url(), dashboardUrl);
    await page.waitForSelector('[data-testid="nav-connect"]');
  });

  it('opens no new window: window.open and target=_blank links go to the browser', async () => {
    let popups = 0;
    page.context().on('page', () => popups++);
    await page.evaluate(`void window.open('https://example.com/new', '_blank')`);
    await app.waitFor(
      () =>
        app.records.some(
          (record) => record.kind === 'open-external' && record.url === 'https://example.com/new',
        ),
      'the link to open in the browser',
    );
    // A target=_blank link, as the vendor presets use for "where to get a key".
    await page.evaluate(`(() => {
      const link = document.createElement('a');
      link.href = 'https://example.com/keys';
      link.target = '_blank';
      link.textContent = 'get a key';
      link.id = 'external-link';
      document.body.append(link);
    })()`);
    await page.click('#external-link');
    await app.waitFor(
      () =>
        app.records.some(
          (record) => record.kind === 'open-external' && record.url === 'https://example.com/keys',
        ),
      'the link to open in the browser',
    );
    assert.equal(popups, 0);
    assert.equal(app.liveWindows().length, 1);
    assert.deepEqual(page.context().pages(), [page]);
  });

  it('gives the page only the preload API: no IPC binding, no require, no process', async () => {
    assert.deepEqual(
      await page.evaluate('[typeof window.__electronStandInIpc, typeof require, typeof process]'),
      ['undefined', 'undefined', 'undefined'],
    );
  });

  it('refuses IPC from a page that is not the dashboard', async () => {
    // As if the window had ended up elsewhere (devtools, a bug): the preload still runs, the core says no.
    await page.goto('data:text/html,<p>not the dashboard</p>');
    const answer = await page.evaluate(
      `window.codingProxy.call('status', {}).then(() => 'answered', (error) => error.message)`,
    );
    assert.match(
      String(answer),
      /IPC from data:text\/html.* refused: only the coding-proxy dashboard may call the core/,
    );
    assert.deepEqual(app.uncaught(), []);
  });
});
