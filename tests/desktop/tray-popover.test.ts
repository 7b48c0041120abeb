// The tray popover through the desktop harness: a click on the icon opens the compact dashboard next to it,
// inside the work area; it goes away when it loses the focus or on a second click; "Open dashboard" in the menu
// opens the full window. With a Dock (macOS), only the full window shows a Dock icon.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { CLICK_AFTER_BLUR_MS } from '../../src-main/desktop/popover-position.ts';
import { OK, oneTier } from './support/desktop-config.ts';
import { DesktopApp, type WindowView } from './harness/desktop-app.ts';
import { apiRequests } from './support/dashboard-steps.ts';
import { layoutProblems } from '../e2e/dashboard-browser.ts';
import type { DisplaySetup, Rect } from './stand-in/protocol.ts';

// A Linux desktop with a 32 px top panel: Electron knows no tray bounds there, the click position stands in.
const LINUX_PANEL: DisplaySetup = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 32, width: 1920, height: 1048 },
  scaleFactor: 1,
  trayBounds: { x: 0, y: 0, width: 0, height: 0 },
  cursor: { x: 1700, y: 14 },
};
// A Windows-style taskbar at the bottom, with the icon's bounds known.
const BOTTOM_TASKBAR: DisplaySetup = {
  bounds: { x: 0, y: 0, width: 1366, height: 768 },
  workArea: { x: 0, y: 0, width: 1366, height: 728 },
  scaleFactor: 1,
  trayBounds: { x: 1300, y: 736, width: 24, height: 24 },
  cursor: { x: 1310, y: 748 },
};

function within(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

describe('the tray popover', () => {
  let vendor: FakeVendor;
  let app: DesktopApp;
  let popover: WindowView;

  before(async () => {
    vendor = await startFakeVendor([OK]);
    app = await DesktopApp.launch({
      config: oneTier(vendor),
      args: ['--hidden'],
      display: LINUX_PANEL,
      dock: true,
    });
    await app.waitFor(() => app.coreUrl(), 'the proxy to run');
  });

  after(async () => {
    await app?.close();
    await vendor?.close();
  });

  it('opens on a click on the tray icon: the compact dashboard, below the panel by the click', async () => {
    await app.clickTray('click');
    popover = await app.waitFor(
      () => app.liveWindows().find((window) => window.visible && window.page),
      'the popover',
    );
    assert.deepEqual(
      { width: popover.bounds.width, height: popover.bounds.height },
      { width: 420, height: 700 },
    );
    assert.ok(within(popover.bounds, LINUX_PANEL.workArea), JSON.stringify(popover.bounds));
    assert.equal(popover.bounds.y, 36, 'just below the panel');
    assert.ok(Math.abs(popover.bounds.x + 210 - LINUX_PANEL.cursor.x) <= 1, 'centred on the click');
    assert.equal(popover.options.frame, false);
    assert.equal(popover.skipTaskbar, true);
    assert.equal(popover.alwaysOnTop, true);
    assert.equal(popover.focused, true);
    const page = popover.page;
    assert.ok(page);
    assert.equal(new URL(page.url()).searchParams.get('compact'), '1');
    assert.deepEqual(page.viewportSize(), { width: 420, height: 700 });
    await page.waitForSelector('[data-testid="tier-card-main"]');
    // Live: the core's events reach the popover too.
    assert.equal((await postMessages(app.coreUrl() as string, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="tier-card-main"].serving');
    // The compact layout fits its window: nothing outside it, no clipped menu, tab or button (en, then zh).
    assert.deepEqual(await layoutProblems(page), [], 'the popover in English');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    assert.deepEqual(await layoutProblems(page), [], 'the popover in Chinese');
    await page.selectOption('[data-testid="language"]', 'en');
    assert.deepEqual(
      apiRequests(popover.requests.map((request) => request.url)),
      [],
      'the popover talks over IPC too',
    );
    assert.deepEqual(app.dockChanges(), [false], 'no Dock icon for the popover (only the start-up hide)');
  });

  it('hides when it loses the focus, and shows again, in place, on the next click', async () => {
    await app.blurWindow(popover.windowId);
    await app.waitFor(
      () => app.windows().find((w) => w.windowId === popover.windowId && !w.visible),
      'the popover to hide',
    );
    // A click within CLICK_AFTER_BLUR_MS of the blur would be the click that caused it (unit-tested with a clock);
    // a later one opens it again. (Real time on purpose: the rule is about the time between blur and click.)
    await delay(CLICK_AFTER_BLUR_MS);
    await app.clickTray('click');
    const again = await app.waitFor(
      () => app.windows().find((w) => w.windowId === popover.windowId && w.visible && w.focused),
      'the popover to show again',
    );
    assert.equal(again.destroyed, false);
    assert.equal(app.liveWindows().length, 1, 'the same window, not a new one');
  });

  it('closes on a second click on the icon', async () => {
    await app.clickTray('click');
    await app.waitFor(
      () => app.windows().find((w) => w.windowId === popover.windowId && !w.visible),
      'the popover to hide',
    );
  });

  it('opens above a bottom taskbar icon where the OS gives the icon bounds', async () => {
    await app.call({ op: 'screen', display: BOTTOM_TASKBAR });
    await app.clickTray('click');
    const shown = await app.waitFor(
      () => app.windows().find((w) => w.windowId === popover.windowId && w.visible),
      'the popover',
    );
    assert.ok(within(shown.bounds, BOTTOM_TASKBAR.workArea), JSON.stringify(shown.bounds));
    assert.equal(shown.bounds.y + shown.bounds.height, 724, '4 px above the taskbar');
    assert.equal(shown.bounds.x + shown.bounds.width, 1366, 'pushed left to stay on screen');
  });

  it('"Open dashboard" in the menu opens the full window (with a Dock icon) and puts the popover away', async () => {
    await app.clickMenuItem('Open dashboard');
    const full = await app.waitFor(
      () => app.liveWindows().find((w) => w.windowId !== popover.windowId && w.visible && w.page),
      'the full window',
    );
    assert.equal(full.bounds.width, 1100);
    assert.equal(app.windows().find((w) => w.windowId === popover.windowId)?.visible, false);
    await full.page?.waitForSelector('[data-testid="tier-card-main"]');
    assert.equal(new URL(full.page?.url() ?? '').searchParams.get('compact'), null);
    await app.waitFor(() => app.dockChanges().at(-1) === true, 'the Dock icon to show');
    await app.closeWindow(full.windowId);
    await app.waitFor(() => app.dockChanges().at(-1) === false, 'the Dock icon to go with the window');
    assert.deepEqual(app.uncaught(), []);
  });
});
