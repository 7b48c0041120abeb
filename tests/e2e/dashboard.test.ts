// The dashboard in a real headless Chromium against the real core (with its SQLite ledger) and two fake vendors.
// Needs a built renderer (`npx vite build` → dist-renderer/); fails, not skips, when it is missing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningCore } from '../../src-main/core/start-core.ts';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';
import {
  assertDashboardPreconditions,
  openDashboardPage,
  screenshot,
  startDashboardCore,
  waitUntil,
} from './dashboard-browser.ts';

const OK = { kind: 'json' as const, body: anthropicMessage('hello from the fake vendor') };
const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};

async function cardOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid^="tier-card-"]', (cards) =>
    cards.map((card) => card.getAttribute('data-testid')?.slice('tier-card-'.length) ?? ''),
  );
}

describe('dashboard in headless Chromium', () => {
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
          circuitBreaker: { failureThreshold: 2, recoveryTimeoutSeconds: 300 },
          quotaGuards: [{ windowHours: 5, tokenBudget: 100_000, thresholdPercent: 90 }],
        },
        { name: 'backup', kind: 'minimax', baseUrl: backup.url, apiKey: 'sk-backup-0000-1234' },
      ],
    };
    ({ core, close: closeCore } = await startDashboardCore(input));
    ({ browser, page } = await openDashboardPage());
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(core.dashboardUrl);
  });

  after(async () => {
    await browser?.close();
    await closeCore?.();
    await primary?.close();
    await backup?.close();
  });

  it('shows one card per tier in failover order with the real circuit and quota state', async () => {
    await page.waitForSelector('[data-testid="tier-card-backup"]');
    assert.deepEqual(await cardOrder(page), ['primary', 'backup']);
    assert.equal(await page.getAttribute('[data-testid="tier-card-primary"]', 'data-circuit'), 'closed');
    assert.equal(await page.textContent('[data-testid="circuit-backup"]'), 'breaker closed');
    // The primary's 5 h quota guard is drawn as a bar.
    assert.equal(await page.locator('[data-testid="tier-card-primary"] [role="progressbar"]').count(), 1);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    assert.equal(await page.getAttribute('link[rel="icon"]', 'href'), './favicon.svg');
    const favicon = await fetch(`${core.url}/favicon.svg`);
    assert.equal(favicon.status, 200);
    assert.equal(favicon.headers.get('content-type'), 'image/svg+xml');
    // What browsers and tools ask for by themselves: an ICO holding the same mark as PNGs, not a 404.
    const ico = await fetch(`${core.url}/favicon.ico`);
    assert.equal(ico.status, 200);
    assert.equal(ico.headers.get('content-type'), 'image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    assert.deepEqual([bytes.readUInt16LE(0), bytes.readUInt16LE(2)], [0, 1], 'an ICO header');
    const sizes = Array.from({ length: bytes.readUInt16LE(4) }, (_, index) => {
      const entry = 6 + 16 * index;
      const png = bytes.subarray(bytes.readUInt32LE(entry + 12));
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      return [bytes.readUInt8(entry), png.readUInt32BE(16)];
    });
    assert.deepEqual(sizes, [
      [16, 16],
      [32, 32],
      [48, 48],
    ]);
  });

  it("marks the tier the next request goes to as serving, and counts today's requests", async () => {
    await page.waitForSelector('[data-testid="tier-card-primary"].serving');
    assert.equal((await postMessages(core.url, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="today"]:has-text("1 request")');
    await screenshot(page, 'tiers-healthy');
  });

  it('flips a failing vendor card to open with a countdown, pushed without a reload', async () => {
    // A marker on the page's window: it survives only if the page was not reloaded.
    await page.evaluate('window.notReloaded = true');
    primary.script([OVERLOADED]);
    for (let i = 0; i < 2; i++) assert.equal((await postMessages(core.url, BASIC_REQUEST)).status, 200);
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="open"]');
    await page.waitForSelector('[data-testid="tier-card-backup"].serving');
    const countdown = await page.textContent('[data-testid="availability-primary"]');
    assert.match(countdown ?? '', /^breaker open until \d\d:\d\d:\d\d \(in (5m 00s|4m [0-5]\ds)\)$/);
    assert.match((await page.textContent('[data-testid="tier-card-primary"]')) ?? '', /2 failures/);
    assert.equal(await page.evaluate('window.notReloaded'), true);
    await screenshot(page, 'tiers-primary-open');
  });

  it('closes the breaker when the user resets', async () => {
    primary.script([OK]);
    await page.click('[data-testid="reset-all"]');
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="closed"]');
    assert.equal(core.context.router.chain.status('primary').circuit.state, 'closed');
  });

  it('shows a request in flight on its tier, before and after its first token, and drops it when it ends', async () => {
    const frames = anthropicStream('streamed answer', { deltas: 2 });
    let sendContent: () => void = () => {};
    let finish: () => void = () => {};
    const contentGate = new Promise<void>((resolve) => {
      sendContent = resolve;
    });
    const endGate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    primary.script([
      {
        kind: 'custom',
        handle: (_request, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(frames.slice(0, 3).join(''));
          void contentGate
            .then(() => {
              res.write(frames.slice(3, 4).join(''));
              return endGate;
            })
            .then(() => res.end(frames.slice(4).join('')));
        },
      },
      OK,
    ]);
    const pending = postMessages(core.url, { ...BASIC_REQUEST, stream: true });
    try {
      await page.waitForSelector('[data-testid="in-flight-request"]:has-text("waiting for the first token")');
      assert.match(
        (await page.textContent('[data-testid="in-flight"]')) ?? '',
        /primary\s*claude-sonnet-4-5/,
      );
      sendContent();
      await page.waitForSelector('[data-testid="in-flight-request"]:has-text("streaming")');
      await screenshot(page, 'in-flight');
    } finally {
      sendContent();
      finish();
    }
    assert.equal((await pending).status, 200);
    await page.waitForSelector('[data-testid="in-flight"][data-count="0"]');
  });

  it('reorders tiers with the keyboard and the next request follows the new order', async () => {
    await page.focus('[data-testid="drag-primary"]');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="tier-card-primary"].dragging');
    // dnd-kit measures the drop targets a frame after pick-up and can drop an arrow press made before that;
    // pressing again is harmless here (with two tiers, down from the last place stays there).
    await waitUntil(async () => {
      await page.keyboard.press('ArrowDown');
      const top = async (name: string) =>
        (await page.locator(`[data-testid="tier-card-${name}"]`).boundingBox())?.y ?? 0;
      return (await top('primary')) > (await top('backup'));
    }, 'the dragged card to move below the backup card');
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="tier-card-backup"][data-position="1"]');
    assert.deepEqual(await cardOrder(page), ['backup', 'primary']);
    // The card moves optimistically; the core applies the order when reorderTiers arrives.
    await waitUntil(
      async () => core.context.router.chain.order.join() === 'backup,primary',
      'the core to apply the new order',
    );

    const primaryBefore = primary.requests.length;
    const backupBefore = backup.requests.length;
    assert.equal((await postMessages(core.url, BASIC_REQUEST)).status, 200);
    assert.equal(backup.requests.length, backupBefore + 1);
    assert.equal(primary.requests.length, primaryBefore);
    await screenshot(page, 'tiers-reordered');
  });

  it('draws the spend charts from usage that went through the proxy', async () => {
    await page.click('[data-testid="nav-spend"]');
    await page.click('[data-testid="range-24h"]');
    await page.waitForSelector('[data-testid="chart-by-vendor"] .recharts-bar-rectangle');
    const requests = await page.textContent('[data-testid="stat-requests"]');
    assert.match(requests ?? '', /[1-9]/);
    await screenshot(page, 'spend');

    // Cost charts: one per currency, so the by-vendor one is found by prefix (USD for the fake Anthropic tier).
    await page.click('[data-testid="metric-cost"]');
    await page.waitForSelector('[data-testid^="chart-by-vendor-cost-"] .recharts-bar-rectangle');
    assert.equal(await page.locator('[data-testid="chart-by-vendor"]').count(), 0);
    await page.click('[data-testid="metric-tokens"]');
    await page.waitForSelector('[data-testid="chart-failovers"] .recharts-bar-rectangle');
    await screenshot(page, 'spend-cost');

    await page.click('[data-testid="nav-requests"]');
    await page.waitForSelector('[data-testid="request-row"]');
    await screenshot(page, 'requests');
  });

  it('lists vendors with their secrets masked and shows the shell line for Claude Code', async () => {
    await page.click('[data-testid="nav-vendors"]');
    await page.waitForSelector('[data-testid="vendor-table"]');
    const table = (await page.textContent('[data-testid="vendor-table"]')) ?? '';
    assert.match(table, /…1234/);
    assert.doesNotMatch(table, /sk-backup-0000-1234/);
    await screenshot(page, 'vendors');
    await page.click('[data-testid="nav-connect"]');
    await page.waitForSelector(`[data-testid="export-line"]:has-text("${core.url}")`);
    assert.equal(
      await page.textContent('[data-testid="export-line"]'),
      `export ANTHROPIC_BASE_URL=${core.url}`,
    );
    await screenshot(page, 'connect');
  });

  it('switches to Simplified Chinese and a dark theme', async () => {
    await page.click('[data-testid="nav-tiers"]');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.selectOption('select[aria-label="theme"]', 'dark');
    await page.waitForSelector('text=故障转移顺序');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    await screenshot(page, 'tiers-zh-dark');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.selectOption('select[aria-label="theme"]', 'system');
  });
});
