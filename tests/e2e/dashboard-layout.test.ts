// The dashboard in a tray-sized window (420×700, the popover) in English and Simplified Chinese: every view in
// one column with top tabs (the vendor form with all its editors too), nothing outside the window, no clipped
// button, no Chinese squeezed to one character per line; `?compact=1` forcing that layout in a wide window; and the reconnect banner going away by itself.
// Real headless Chromium against the real core, its SQLite ledger and fake vendors on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
  DASHBOARD_VIEWS,
  type DashboardCore,
  layoutProblems,
  openDashboardPage,
  screenshot,
  startDashboardCore,
  waitUntil,
} from './dashboard-browser.ts';
import { OFFLINE_ANTIGRAVITY } from '../support/offline-endpoints.ts';

describe('dashboard at tray size in headless Chromium', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let running: DashboardCore;
  let input: ProxyConfigInput;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertDashboardPreconditions();
    primary = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
      { kind: 'json', body: anthropicMessage('hello') },
    ]);
    backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('hello', { model: 'glm-4.6' }) }]);
    input = {
      vendors: [
        {
          name: 'anthropic-primary-subscription',
          kind: 'anthropic',
          baseUrl: primary.url,
          apiKey: 'sk-ant-0000-0000-1234',
          quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000, thresholdPercent: 90 }],
        },
        {
          name: 'zhipu-coding-plan',
          kind: 'zhipu',
          baseUrl: backup.url,
          apiKey: 'zhipu-0000-5678',
          quotaGuards: [{ windowHours: 5, tokenBudget: 500_000 }],
        },
        {
          name: 'gravity',
          kind: 'antigravity',
          ...OFFLINE_ANTIGRAVITY,
          clientSecret: 'layout-secret',
          authUrl: 'https://accounts.example/o/oauth2/v2/auth',
          oauthTokenUrl: 'http://127.0.0.1:9/token',
        },
      ],
    };
    running = await startDashboardCore(input);
    // A failover, a plain answer and a streaming one, so every view has rows, bars and timelines to lay out.
    for (const body of [BASIC_REQUEST, BASIC_REQUEST, { ...BASIC_REQUEST, stream: true }])
      assert.equal((await postMessages(running.core.url, body)).status, 200);
    // A Claude Code session with a long title, for the Sessions view and its requests.
    const session = { 'x-claude-code-session-id': 'layout-session-0001-with-a-long-key' };
    const titled = {
      ...BASIC_REQUEST,
      messages: [
        { role: 'user', content: `Make every view fit a tray popover ${'in both languages '.repeat(8)}` },
      ],
    };
    assert.equal((await postMessages(running.core.url, titled, session)).status, 200);
    ({ browser, page } = await openDashboardPage());
    await page.setViewportSize({ width: 420, height: 700 });
    await page.goto(running.core.dashboardUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await primary?.close();
    await backup?.close();
  });

  for (const language of ['en', 'zh-CN'] as const) {
    it(`fits every view into 420×700 in ${language}`, async () => {
      await page.selectOption('[data-testid="language"]', language);
      assert.equal(await page.getAttribute('html', 'data-layout'), 'compact');
      assert.equal(await page.locator('aside.sidebar').count(), 0);
      for (const view of DASHBOARD_VIEWS) {
        await page.click(`[data-testid="nav-${view.id}"]`);
        await page.waitForSelector(view.ready);
        assert.deepEqual(await layoutProblems(page), [], `${view.id} in ${language}`);
        await screenshot(page, `narrow-${view.id}-${language}`);
        if (view.id === 'requests') {
          await page.click('[data-testid="request-row"]');
          await page.waitForSelector('[data-testid="request-drawer"]');
          assert.deepEqual(await layoutProblems(page), [], `the request drawer in ${language}`);
          await page.click('[data-testid="drawer-close"]');
        }
        if (view.id === 'vendors') {
          // The vendor form with a row in every editor, a warning and a test result, and the remove confirmation.
          await page.click('[data-testid="edit-zhipu-coding-plan"]');
          await page.waitForSelector('[data-testid="vendor-form"] #vendor-region');
          await page.fill('#vendor-url', 'http://127.0.0.1:1/v1/messages');
          await page.waitForSelector('[data-testid="url-warning"] >> nth=0');
          await page.click('[data-testid="vendor-test"]');
          await page.waitForSelector('[data-testid="vendor-test-result"][data-state="failed"]');
          // Empty rows in every editor, then Save: each row shows its problem (nothing is saved).
          for (const editor of ['add-rule', 'add-quota', 'add-header'])
            await page.click(`[data-testid="${editor}"]`);
          await page.fill('[data-testid="rule-row"] >> nth=-1 >> input >> nth=0', '*opus*');
          await page.click('[data-testid="vendor-save"]');
          await page.waitForSelector('[data-testid="form-has-problems"]');
          assert.deepEqual(await layoutProblems(page), [], `the vendor form in ${language}`);
          await screenshot(page, `narrow-vendor-form-${language}`);
          await page.click('[data-testid="vendor-form"] button:not([type="submit"]) >> nth=-1');
          await page.click('[data-testid="remove-gravity"]');
          await page.waitForSelector('[data-testid="confirm-remove-gravity"]');
          assert.deepEqual(await layoutProblems(page), [], `the remove confirmation in ${language}`);
          await page.click('[data-testid="confirm-remove-gravity"] button >> nth=1');
        }
        if (view.id === 'sessions') {
          await page.click('[data-testid="sessions-table"] .session-title');
          await page.waitForSelector('[data-testid="session-requests"] [data-testid="request-row"]');
          assert.deepEqual(await layoutProblems(page), [], `a session's requests in ${language}`);
          await page.click('[data-testid="sessions-table"] .session-title');
        }
        if (view.id === 'tiers') {
          await page.click('[data-testid="tier-sign-in-gravity"]');
          await page.waitForSelector('[data-testid="sign-in-open"]');
          assert.deepEqual(await layoutProblems(page), [], `the sign-in panel in ${language}`);
          await page.click('[data-testid="sign-in-close"]');
        }
      }
    });
  }

  it('would notice content that does not fit (the check itself can fail)', async () => {
    // Plain JavaScript for the page: the tests are type-checked without the DOM library.
    await page.evaluate(`(() => {
      const wide = document.createElement('div');
      wide.id = 'too-wide';
      wide.style.width = '600px';
      wide.textContent = 'x';
      document.querySelector('main').append(wide);
      const squeezed = document.createElement('span');
      squeezed.id = 'squeezed';
      squeezed.style.cssText = 'display:inline-block;width:14px;font-size:14px';
      squeezed.textContent = '故障转移顺序';
      document.querySelector('main').append(squeezed);
      // Controls that cut their text without overflowing anything: a narrow select (as the theme menu was), a
      // button label ellipsised inside the button, a placeholder wider than its field.
      const controls = document.createElement('div');
      controls.id = 'clipped-controls';
      controls.innerHTML =
        '<select style="max-width:80px;font-size:12px"><option>System theme, please</option></select>' +
        '<button type="button" style="width:60px"><span style="display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">A long button label</span></button>' +
        '<input type="text" style="width:60px" placeholder="a placeholder wider than its field">';
      document.querySelector('main').append(controls);
    })()`);
    const problems = await layoutProblems(page);
    await page.evaluate(
      "for (const id of ['too-wide', 'squeezed', 'clipped-controls']) document.getElementById(id).remove();",
    );
    assert.ok(
      problems.some((problem) => /spans/.test(problem)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => /one character per line/.test(problem)),
      problems.join('\n'),
    );
    for (const clipped of [
      /<select> "System theme, please" clips its choice/,
      /<span> "A long button label" cuts its label/,
      /<input> "" clips "a placeholder wider than its field"/,
    ])
      assert.ok(
        problems.some((problem) => clipped.test(problem)),
        `${clipped} not in:\n${problems.join('\n')}`,
      );
  });

  it('keeps loading, empty and error apart', async () => {
    await page.selectOption('[data-testid="language"]', 'en');
    await page.click('[data-testid="nav-requests"]');
    await page.selectOption('[data-testid="filter-outcome"]', 'no-tier');
    await page.waitForSelector('[data-testid="requests-empty"]');
    assert.equal(await page.locator('[data-testid="loading"]').count(), 0);
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    await page.selectOption('[data-testid="filter-outcome"]', '');
    await page.waitForSelector('[data-testid="request-row"]');
  });

  it('uses the compact layout in a wide window when the URL says ?compact=1', async () => {
    const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await wide.goto(running.core.dashboardUrl);
      await wide.waitForSelector('aside.sidebar');
      assert.equal(await wide.getAttribute('html', 'data-layout'), 'wide');
      await wide.goto(`${running.core.url}/?compact=1#token=${running.core.controlToken}`);
      await wide.waitForSelector('nav.tabs');
      assert.equal(await wide.locator('aside.sidebar').count(), 0);
      assert.deepEqual(await layoutProblems(wide), []);
    } finally {
      await wide.close();
    }
  });

  it('shows a reconnect banner while the core is away, with a retry, and clears it by itself', async () => {
    await page.click('[data-testid="nav-tiers"]');
    const { port, controlToken } = running.core;
    await running.close();
    await page.waitForSelector('[data-testid="reconnect-banner"]');
    assert.equal(await page.getAttribute('[data-testid="connection"]', 'data-state'), 'reconnecting');
    // The same control token, as a restarted proxy reads it from its data dir: the token the tab kept stays valid.
    running = await startDashboardCore(input, () => ({ port, controlToken }));
    // Retry skips the back-off wait; the banner then goes away without a reload. On a loaded machine the page's own
    // back-off attempt can win the race and remove the banner (and its button) first: that is the same outcome.
    await page
      .locator('[data-testid="reconnect-banner"] button')
      .click({ timeout: 5_000 })
      .catch(async (error: unknown) => {
        if ((await page.locator('[data-testid="reconnect-banner"]').count()) !== 0) throw error;
      });
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    await waitUntil(
      async () => (await page.locator('[data-testid="reconnect-banner"]').count()) === 0,
      'the banner to go away',
    );
    await page.waitForSelector('[data-testid="health-header"]');
  });
});
