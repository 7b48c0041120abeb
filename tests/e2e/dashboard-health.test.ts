// The board's health header through its three states, a request no tier could take showing up in Requests (with
// its detail drawer and the CSV export) and in Spend, and charts on a continuous time axis — in a real headless
// Chromium against the real core, its SQLite ledger and fake vendors on 127.0.0.1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningCore } from '../../src-main/core/start-core.ts';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';
import {
  assertDashboardPreconditions,
  callCommand,
  openDashboardPage,
  screenshot,
  startDashboardCore,
  waitUntil,
} from './dashboard-browser.ts';
import { OFFLINE_ANTIGRAVITY } from '../support/offline-endpoints.ts';

const OK = { kind: 'json' as const, body: anthropicMessage('hello') };
const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};

/** The last `count` local days as the renderer labels them ("Nov 26"), oldest first. */
function lastDays(count: number): string[] {
  const format = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
  const today = new Date();
  return Array.from({ length: count }, (_, index) =>
    format.format(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (count - 1 - index))),
  );
}

describe('dashboard health, request log and spend in headless Chromium', () => {
  /** A chart's axis labels, once the chart has laid out `count` of them (it does so a frame after its data). */
  const ticks = async (chart: string, axis: 'xAxis' | 'yAxis', count?: number): Promise<string[]> => {
    const labels = page.locator(
      `[data-testid="${chart}"] .recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`,
    );
    await waitUntil(
      async () => (count === undefined ? (await labels.count()) > 1 : (await labels.count()) === count),
      `${count ?? 'the'} ${axis} labels of ${chart}`,
    );
    return labels.allTextContents();
  };

  let primary: FakeVendor;
  let backup: FakeVendor;
  let core: RunningCore;
  let browser: Browser;
  let page: Page;
  let closeCore: (() => Promise<void>) | undefined;

  before(async () => {
    assertDashboardPreconditions();
    primary = await startFakeVendor([OK]);
    backup = await startFakeVendor([OK]);
    const input: ProxyConfigInput = {
      vendors: [
        {
          name: 'primary',
          kind: 'anthropic',
          baseUrl: primary.url,
          apiKey: 'sk-primary',
          circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 300 },
        },
        // No refresh token: this tier waits for a Google sign-in, so the router skips it.
        {
          name: 'gravity',
          kind: 'antigravity',
          ...OFFLINE_ANTIGRAVITY,
          clientSecret: 'e2e-secret',
          authUrl: 'https://accounts.example/o/oauth2/v2/auth',
          oauthTokenUrl: 'http://127.0.0.1:9/token',
        },
        { name: 'backup', kind: 'anthropic-compatible', baseUrl: backup.url, apiKey: 'sk-backup' },
      ],
    };
    ({ core, close: closeCore } = await startDashboardCore(input));
    ({ browser, page } = await openDashboardPage());
    await page.goto(core.dashboardUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  });

  after(async () => {
    await browser?.close();
    await closeCore?.();
    await primary?.close();
    await backup?.close();
  });

  it('says "primary" while the first tier can serve, and marks a tier waiting for sign-in with a Sign in button', async () => {
    await page.waitForSelector('[data-testid="health-header"][data-state="primary"]');
    assert.match((await page.textContent('[data-testid="health-header"]')) ?? '', /Serving through primary/);
    assert.equal(
      await page.getAttribute('[data-testid="tier-card-gravity"]', 'data-availability'),
      'sign-in-needed',
    );
    const alert = (await page.textContent('[data-testid="sign-in-needed-gravity"]')) ?? '';
    assert.match(alert, /Not signed in with Google yet/);
    assert.doesNotMatch(alert, /coding-proxy auth login/, 'the dashboard offers the button, not a command');
    await page.click('[data-testid="tier-sign-in-gravity"]');
    await page.waitForSelector('[data-testid="sign-in-panel"] [data-testid="sign-in-open"]');
    await page.click('[data-testid="sign-in-close"]');
    assert.equal(await page.locator('[data-testid="sign-in-panel"]').count(), 0);
    const status = await callCommand<{ health: unknown }>(core, 'status');
    assert.deepEqual(status.health, { state: 'primary', servingTier: 'primary' });
  });

  it('says "degraded" with the reason once the first tier\'s breaker opens, and styles the skipped tier', async () => {
    primary.script([OVERLOADED]);
    assert.equal((await postMessages(core.url, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="health-header"][data-state="degraded"]');
    const header = (await page.textContent('[data-testid="health-header"]')) ?? '';
    assert.match(header, /Degraded — serving through backup/);
    assert.match(header, /First tier primary: breaker open until \d\d:\d\d:\d\d/);
    assert.equal(
      await page.getAttribute('[data-testid="tier-card-primary"]', 'data-availability'),
      'breaker-open',
    );
    await page.waitForSelector('[data-testid="tier-card-backup"].serving');
    await screenshot(page, 'health-degraded');
  });

  it('says "down" with a countdown when the last tier is switched off, and a request then gets a 503', async () => {
    await page.click('[data-testid="tier-card-backup"] .switch');
    await page.waitForSelector('[data-testid="health-header"][data-state="down"]');
    assert.equal(
      await page.getAttribute('[data-testid="tier-card-backup"]', 'data-availability'),
      'disabled',
    );
    const detail = (await page.textContent('[data-testid="health-detail"]')) ?? '';
    assert.match(detail, /The next tier can be tried in (5m 00s|4m [0-5]\ds) \(at \d\d:\d\d:\d\d\)/);
    const first = detail;
    await waitUntil(
      async () => (await page.textContent('[data-testid="health-detail"]')) !== first,
      'the countdown to tick',
    );
    const status = await callCommand<{ health: { state: string; nextRecoveryAt?: number } }>(core, 'status');
    assert.equal(status.health.state, 'down');
    assert.ok((status.health.nextRecoveryAt ?? 0) > Date.now());
    await screenshot(page, 'health-down');

    const rejected = await postMessages(core.url, BASIC_REQUEST);
    assert.equal(rejected.status, 503);
  });

  it('lists the 503 in Requests, in order, and opens its detail', async () => {
    await page.click('[data-testid="nav-requests"]');
    const rows = page.locator('[data-testid="request-row"]');
    await waitUntil(async () => (await rows.count()) === 2, 'both requests in the list');
    assert.equal(await rows.nth(0).locator('[data-testid="status-pill"]').textContent(), '503');
    assert.match((await rows.nth(0).textContent()) ?? '', /no tier/);
    // The failed-over request: primary failed, gravity skipped, backup served — each once, in that order.
    const steps = await rows.nth(1).locator('.step').allTextContents();
    assert.deepEqual(
      steps.map((step) => step.split(' ')[0]),
      ['primary', 'skipped', 'backup'],
    );

    await rows.nth(0).click();
    await page.waitForSelector('[data-testid="request-drawer"]');
    assert.equal(await page.textContent('[data-testid="drawer-status"]'), '503');
    assert.match(
      (await page.textContent('[data-testid="drawer-error"]')) ?? '',
      /overloaded_error.*No tier is available/,
    );
    const skipped = (await page.textContent('[data-testid="drawer-skipped"]')) ?? '';
    assert.match(skipped, /primary.*breaker open/);
    assert.match(skipped, /gravity.*sign-in needed/);
    assert.equal(await page.textContent('[data-testid="drawer-stream"]'), 'no');
    await screenshot(page, 'request-detail-503');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="request-drawer"]').count(), 0);

    await rows.nth(1).click();
    await page.waitForSelector('[data-testid="drawer-attempts"] li:nth-child(2)');
    assert.match(
      (await page.textContent('[data-testid="drawer-tokens"]')) ?? '',
      /^12 in · 7 out · 0 cache read/,
    );
    await page.click('[data-testid="drawer-close"]');
  });

  it('filters by outcome and exports what it shows as CSV', async () => {
    await page.selectOption('[data-testid="filter-outcome"]', 'no-tier');
    await waitUntil(
      async () => (await page.locator('[data-testid="request-row"]').count()) === 1,
      'the filter',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-csv"]'),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split('\r\n');
    assert.equal(csv.length, 2);
    assert.match(csv[1] ?? '', /,503,false,overloaded_error,/);
    await page.selectOption('[data-testid="filter-outcome"]', '');
  });

  it('counts the 503 in Spend as a request and an error, on a continuous time axis', async () => {
    await page.click('[data-testid="nav-spend"]');
    await page.click('[data-testid="range-7d"]');
    await page.waitForSelector('[data-testid="chart-by-vendor"] .recharts-bar-rectangle');
    assert.match((await page.textContent('[data-testid="stat-requests"]')) ?? '', /Requests2$/);
    assert.match((await page.textContent('[data-testid="stat-errors"]')) ?? '', /Errors150% of requests/);
    // One slot per day of the week, labelled with every day, today last.
    assert.equal(await page.getAttribute('[data-testid="chart-by-vendor"]', 'data-buckets'), '7');
    assert.deepEqual(await ticks('chart-by-vendor', 'xAxis', 7), lastDays(7));
    // The failed attempt spent no tokens: primary is not in the tokens legend.
    const legend = await page
      .locator('[data-testid="chart-by-vendor"] .recharts-legend-item-text')
      .allTextContents();
    assert.deepEqual(legend, ['backup']);
    // Y ticks are round and all different.
    const counts = await ticks('chart-traffic', 'yAxis');
    assert.equal(new Set(counts).size, counts.length, counts.join(', '));

    await page.click('[data-testid="range-24h"]');
    await waitUntil(
      async () => (await page.getAttribute('[data-testid="chart-traffic"]', 'data-buckets')) === '24',
      'the 24 h chart',
    );
    // 24 hourly slots, every third one labelled: 8 labels three hours apart.
    const hours = await ticks('chart-traffic', 'xAxis', 8);
    const asHours = hours.map((label) => Number(label.slice(0, 2)));
    for (let index = 1; index < asHours.length; index++)
      assert.equal((asHours[index]! - asHours[index - 1]! + 24) % 24, 3, hours.join(', '));
    const bars = page.locator('[data-testid="chart-traffic"] .recharts-bar-rectangle');
    await waitUntil(async () => (await bars.count()) >= 2, 'served and error bars');
    await screenshot(page, 'spend-with-errors');
  });
});
