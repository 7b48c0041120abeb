// Signing in from the dashboard, in a real headless Chromium against the real core: GitHub's device flow and
// Google's loopback redirect, both played by small fake servers on 127.0.0.1. Needs a built renderer
// (`npx vite build` → dist-renderer/); fails, not skips, when it is missing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  AUTHORIZATION_PENDING,
  COPILOT_TOKEN_ANSWER,
  deviceCodeAnswer,
  type FakeGitHub,
  githubUserAnswer,
  startFakeGitHub,
} from '../../src-main/core/auth/fake-github.test-support.ts';
import { googleUserinfoRoute } from '../../src-main/core/auth/fake-google-userinfo.test-support.ts';
import {
  answersInOrder,
  type FakeServer,
  startFakeServer,
} from '../../src-main/core/auth/fake-http-server.test-support.ts';
import type { RunningCore } from '../../src-main/core/start-core.ts';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import {
  assertDashboardPreconditions,
  openDashboardPage,
  screenshot,
  startDashboardCore,
} from './dashboard-browser.ts';
import { OFFLINE_ANTIGRAVITY, OFFLINE_COPILOT_MODELS } from '../support/offline-endpoints.ts';

const GOOGLE_AUTH_URL = 'https://accounts.example/o/oauth2/v2/auth';

function readSecrets(dataDir: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
}

describe('sign-in from the dashboard in headless Chromium', () => {
  let github: FakeGitHub;
  let google: FakeServer;
  let core: RunningCore;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let closeCore: (() => Promise<void>) | undefined;
  // The token answer waits until the test has seen the code, so the page is checked mid-flow, not raced.
  let approve: () => void = () => {};
  const approved = new Promise((resolve) => {
    approve = () => resolve(undefined);
  });

  before(async () => {
    assertDashboardPreconditions();
    github = await startFakeGitHub({
      deviceCode: answersInOrder(deviceCodeAnswer('device-e2e', 'KQ7P-2XMD')),
      accessToken: answersInOrder(AUTHORIZATION_PENDING, {
        wait: approved,
        body: { access_token: 'gho_e2e_token', scope: 'read:user' },
      }),
      user: answersInOrder(githubUserAnswer('octocat', 'The Octocat')),
      copilotToken: answersInOrder(COPILOT_TOKEN_ANSWER),
    });
    google = await startFakeServer({
      '/token': answersInOrder({
        body: { access_token: 'ya29.e2e', expires_in: 3600, refresh_token: '1//e2e-refresh' },
      }),
      '/userinfo': googleUserinfoRoute('ya29.e2e', 'ada@example.com'),
    });
    const input: ProxyConfigInput = {
      vendors: [
        {
          name: 'copilot',
          kind: 'copilot',
          ...github.endpoints,
          tokenUrl: github.tokenUrl,
          ...OFFLINE_COPILOT_MODELS,
        },
        {
          name: 'gravity',
          kind: 'antigravity',
          ...OFFLINE_ANTIGRAVITY,
          clientSecret: 'e2e-client-secret',
          authUrl: GOOGLE_AUTH_URL,
          oauthTokenUrl: `${google.url}/token`,
          userinfoUrl: `${google.url}/userinfo`,
        },
      ],
    };
    ({ core, dataDir, close: closeCore } = await startDashboardCore(input));
    ({ browser, page } = await openDashboardPage());
    await page.goto(core.dashboardUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  });

  after(async () => {
    approve();
    await browser?.close();
    await closeCore?.();
    await github?.close();
    await google?.close();
  });

  it('signs a copilot vendor in with the GitHub device code and stores the token', async () => {
    await page.click('[data-testid="nav-vendors"]');
    await page.click('[data-testid="sign-in-copilot"]');
    await page.waitForSelector('[data-testid="sign-in-code"]');
    assert.equal(await page.textContent('[data-testid="sign-in-code"]'), 'KQ7P-2XMD');
    assert.equal(
      await page.getAttribute('[data-testid="sign-in-open"]', 'href'),
      'https://github.com/login/device',
    );
    assert.equal(await page.getAttribute('[data-testid="sign-in-open"]', 'target'), '_blank');
    await page.waitForSelector('[data-testid="sign-in-waiting"]');
    // The first poll was answered `authorization_pending`; the second waits for the "user" to approve.
    assert.ok(github.calls('/login/oauth/access_token').length >= 1);
    await screenshot(page, 'sign-in-github-code');

    approve();
    await page.waitForSelector('[data-testid="sign-in-panel"][data-state="done"]');
    assert.match(
      (await page.textContent('[data-testid="sign-in-result"]')) ?? '',
      /^Signed in as octocat\. The copilot tier/,
    );
    assert.equal(readSecrets(dataDir)['github:token'], 'gho_e2e_token');
    assert.equal(github.calls('/login/oauth/access_token')[0]?.fields.device_code, 'device-e2e');
    await screenshot(page, 'sign-in-github-done');
    await page.click('[data-testid="sign-in-close"]');
    assert.equal(await page.locator('[data-testid="sign-in-panel"]').count(), 0);
    // The row now says so, and offers Sign out instead of Sign in.
    await page.waitForSelector('[data-testid="sign-in-state-copilot"][data-state="signed-in"]');
    await page.waitForSelector('[data-testid="sign-out-copilot"]');
    assert.equal(await page.locator('[data-testid="sign-in-copilot"]').count(), 0);
    assert.doesNotMatch((await page.textContent('[data-testid="vendor-row-copilot"]')) ?? '', /not set/);
    // Which GitHub account: the login GitHub's /user named, in the row and on the tier card, in both languages.
    const rowState = '[data-testid="sign-in-state-copilot"]';
    assert.equal(await page.textContent(rowState), 'Signed in as octocat');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.locator(rowState, { hasText: /^已登录为 octocat$/ }).waitFor();
    await screenshot(page, 'sign-in-account-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.locator(rowState, { hasText: /^Signed in as octocat$/ }).waitFor();
    await page.click('[data-testid="nav-tiers"]');
    await page.waitForSelector('[data-testid="tier-account-copilot"]');
    assert.equal(await page.textContent('[data-testid="tier-account-copilot"]'), 'Signed in as octocat');
    await page.click('[data-testid="nav-vendors"]');
  });

  it('signs an antigravity vendor in when the browser comes back from Google', async () => {
    await page.click('[data-testid="sign-in-gravity"]');
    await page.waitForSelector('[data-testid="sign-in-open"]');
    const href = (await page.getAttribute('[data-testid="sign-in-open"]', 'href')) ?? '';
    const authUrl = new URL(href);
    assert.equal(`${authUrl.origin}${authUrl.pathname}`, GOOGLE_AUTH_URL);
    assert.match((await page.textContent('[data-testid="sign-in-open"]')) ?? '', /Open Google sign-in/);
    await screenshot(page, 'sign-in-google-waiting');

    // Google would send the browser to the loopback listener; the test plays that redirect.
    const redirectUri = authUrl.searchParams.get('redirect_uri') ?? '';
    const back = await fetch(`${redirectUri}?code=e2e-code&state=${authUrl.searchParams.get('state')}`);
    assert.equal(back.status, 200);
    await back.text();

    await page.waitForSelector('[data-testid="sign-in-panel"][data-state="done"]');
    assert.equal(readSecrets(dataDir)['google:refresh_token'], '1//e2e-refresh');
    assert.equal(google.calls('/token')[0]?.fields.code, 'e2e-code');
    assert.match(
      (await page.textContent('[data-testid="sign-in-result"]')) ?? '',
      /^Signed in as ada@example\.com\./,
    );
    await page.click('[data-testid="sign-in-close"]');
    await page
      .locator('[data-testid="sign-in-state-gravity"]', { hasText: /^Signed in as ada@example\.com$/ })
      .waitFor();
  });
});
