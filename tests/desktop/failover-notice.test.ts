// A failover seen from the tray app as shipped: one notification for the incident however many requests it
// affects, the degraded tray icon while it lasts, and the window opened from the notification.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';
import { DesktopApp } from './harness/desktop-app.ts';
import { OK, OVERLOADED, twoTiers } from './support/desktop-config.ts';

describe('a failover in the tray app', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let app: DesktopApp;
  let coreUrl: string;

  before(async () => {
    primary = await startFakeVendor([OK]);
    backup = await startFakeVendor([OK]);
    app = await DesktopApp.launch({
      config: twoTiers(primary, backup),
      // Announce at once (the default waits 15 s for the condition to hold); start hidden, as at login.
      settings: { notifications: { holdSeconds: 0 } },
      args: ['--hidden'],
    });
    await app.waitFor(() => app.coreUrl(), 'the proxy to run');
    coreUrl = app.coreUrl() as string;
  });

  after(async () => {
    await app?.close();
    await primary?.close();
    await backup?.close();
  });

  it('starts hidden from the login item: tray only, no window', () => {
    assert.deepEqual(app.liveWindows(), []);
    assert.match(app.tray()?.image.path ?? '', /tray-primary\.png$/);
  });

  it('shows exactly one notification and the degraded icon', async () => {
    primary.script([OVERLOADED]);
    const answer = await postMessages(coreUrl, BASIC_REQUEST);
    assert.equal(answer.status, 200, 'the client never sees the failure');
    const notice = await app.waitFor(() => app.notifications()[0], 'a notification');
    assert.equal(notice.title, 'Failed over to backup');
    // One redraw sets the icon, then the tooltip: wait for the tooltip, then look at both.
    const tray = await app.waitFor(
      () => (/degraded/.test(app.tray()?.tooltip ?? '') ? app.tray() : undefined),
      'the degraded tray',
    );
    assert.match(tray.image.path ?? '', /tray-degraded\.png$/);
    assert.equal(tray.image.empty, false);
    assert.match(tray.tooltip, /serving via backup \(degraded: primary breaker open\)/);

    // More requests during the same incident: still one notification. The tray redraw after them proves the
    // events were handled (a notification would have been shown before it).
    for (let i = 0; i < 3; i++) assert.equal((await postMessages(coreUrl, BASIC_REQUEST)).status, 200);
    await app.waitFor(
      () => /· 4 requests$/.test(app.tray()?.contextMenu?.items[1]?.label ?? ''),
      'the tray to count them',
    );
    assert.equal(app.notifications().length, 1);
  });

  it('opens the dashboard when the notification is clicked', async () => {
    const [notice] = app.notifications();
    assert.ok(notice);
    await app.call({ op: 'notification-click', notificationId: notice.notificationId });
    const window = await app.waitFor(() => app.liveWindows().find((w) => w.visible && w.page), 'the window');
    await window.page?.waitForSelector('[data-testid="tier-card-primary"][data-circuit="open"]');
    assert.deepEqual(app.uncaught(), []);
  });
});
