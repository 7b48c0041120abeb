// What the dashboard says about tiers and requests that could not serve, in English and Chinese, in a real headless
// Chromium against the real core and fake vendors on 127.0.0.1: a tier waiting for a Google sign-in (a sentence in
// the UI's language and the Sign in button, never the CLI command the core writes for the terminal), a quota the
// vendor exhausted (who and until when, not "0 %"), requests that every tier failed versus requests no tier could
// take, and a disabled tier in the Sessions picker (not selectable, and why).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import { anthropicErrorBody, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';
import {
  assertDashboardPreconditions,
  type DashboardCore,
  openDashboardPage,
  screenshot,
  startDashboardCore,
} from './dashboard-browser.ts';
import { OFFLINE_ANTIGRAVITY } from '../support/offline-endpoints.ts';

const SESSION = 'wording-session-0001';

describe('dashboard wording for tiers and requests that could not serve', () => {
  let glm: FakeVendor;
  let backup: FakeVendor;
  let running: DashboardCore;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertDashboardPreconditions();
    // The first request: glm answers with its usage cap, backup is overloaded, gravity waits for a sign-in, off is
    // switched off — every tier it tried failed. The second: none of them can take it.
    glm = await startFakeVendor([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '3600' },
        body: anthropicErrorBody('rate_limit_error', 'You have exceeded your 24-hour usage quota'),
      },
    ]);
    backup = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const input: ProxyConfigInput = {
      vendors: [
        {
          name: 'glm',
          kind: 'anthropic-compatible',
          baseUrl: glm.url,
          apiKey: 'sk-glm-0000',
          quotaGuards: [{ windowHours: 24, tokenBudget: 1_000_000_000 }],
        },
        {
          name: 'backup',
          kind: 'anthropic-compatible',
          baseUrl: backup.url,
          apiKey: 'sk-backup-0000',
          circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 600 },
        },
        {
          name: 'gravity',
          kind: 'antigravity',
          ...OFFLINE_ANTIGRAVITY,
          clientSecret: 'wording-secret',
          authUrl: 'https://accounts.example/o/oauth2/v2/auth',
          oauthTokenUrl: 'http://127.0.0.1:9/token',
        },
        { name: 'off', kind: 'anthropic-compatible', baseUrl: backup.url, apiKey: 'sk-off', enabled: false },
      ],
    };
    running = await startDashboardCore(input);
    const session = { 'x-claude-code-session-id': SESSION };
    assert.equal((await postMessages(running.core.url, BASIC_REQUEST, session)).status, 529);
    assert.equal((await postMessages(running.core.url, BASIC_REQUEST, session)).status, 503);
    ({ browser, page } = await openDashboardPage());
    await page.goto(running.core.dashboardUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await glm?.close();
    await backup?.close();
  });

  for (const [language, words] of [
    [
      'en',
      {
        signIn: /^Not signed in with Google yet: sign in to use this tier\.Sign in$/,
        exhausted: /^exhausted by glm until \d\d:\d\d:\d\d$/,
        allFailed: 'all tiers failed',
        noTier: 'no tier available',
        disabled: 'off first (disabled)',
      },
    ],
    [
      'zh-CN',
      {
        signIn: /^尚未登录 Google：登录后即可使用此层级。登录$/,
        exhausted: /^glm 报告额度已用尽，直到 \d\d:\d\d:\d\d$/,
        allFailed: '所有层级均失败',
        noTier: '无可用层级',
        disabled: '优先 off（已停用）',
      },
    ],
  ] as const) {
    it(`says it in ${language}`, async () => {
      await page.selectOption('[data-testid="language"]', language);
      await page.click('[data-testid="nav-tiers"]');
      await page.waitForSelector('[data-testid="sign-in-needed-gravity"]');
      assert.equal(
        await page.getAttribute('[data-testid="sign-in-needed-gravity"]', 'data-reason'),
        'missing',
      );
      assert.match((await page.textContent('[data-testid="sign-in-needed-gravity"]')) ?? '', words.signIn);
      const figures =
        (await page.textContent('[data-testid="quota-glm-24h"] [data-testid="quota-figures"]')) ?? '';
      assert.match(figures, words.exhausted);
      assert.doesNotMatch((await page.textContent('[data-testid="tier-card-glm"]')) ?? '', /0\s?%/);
      await screenshot(page, `wording-tiers-${language}`);

      await page.click('[data-testid="nav-requests"]');
      await page.waitForSelector('[data-testid="request-row"] >> nth=1');
      // Newest first: the request no tier could take, then the one every tier it tried failed.
      assert.deepEqual(await page.locator('[data-testid="request-ending"]').allTextContents(), [
        words.noTier,
        words.allFailed,
      ]);
      await page.click('[data-testid="request-row"] >> nth=1');
      assert.equal(await page.textContent('[data-testid="drawer-served-by"]'), words.allFailed);
      await page.click('[data-testid="drawer-close"]');

      await page.click('[data-testid="nav-sessions"]');
      const picker = `[data-testid="bind-${SESSION}"]`;
      await page.waitForSelector(picker);
      const off = page.locator(`${picker} option[value="off"]`);
      assert.equal(await off.textContent(), words.disabled);
      assert.equal(await off.isDisabled(), true);
      assert.equal(await page.locator(`${picker} option[value="glm"]`).isDisabled(), false);
      await page.waitForSelector('[data-testid="disabled-tiers-note"]');
      await screenshot(page, `wording-sessions-${language}`);
    });
  }
});
