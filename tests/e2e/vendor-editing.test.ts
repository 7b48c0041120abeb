// Vendor editing in a real headless Chromium against the real core, fake vendors on 127.0.0.1: the Test button
// (ok and failing, the vendor's error visible and redacted, the tier untouched), sign-out, Remove with confirmation
// and Undo (the tier comes back in its place and serves), the credential-destination confirmation and dropped
// secrets, inline validation and base URL warnings, vendor notices, the 401 prompt — in English and Chinese.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
  type DashboardCore,
  openDashboardPage,
  screenshot,
  startDashboardCore,
  waitUntil,
} from './dashboard-browser.ts';

const BAD_KEY = 'sk-bad-0000-0000-9876';
const OK = { kind: 'json' as const, body: anthropicMessage('OK', { model: 'fake-model-1' }) };

describe('vendor editing in headless Chromium', () => {
  let first: FakeVendor;
  let good: FakeVendor;
  let bad: FakeVendor;
  let catalogue: Server;
  let running: DashboardCore;
  let browser: Browser;
  let page: Page;

  const order = () => [...running.core.context.router.chain.order];
  const rowNames = () =>
    page.$$eval('[data-testid^="vendor-row-"]', (rows) =>
      rows.map((row) => row.getAttribute('data-testid')?.slice('vendor-row-'.length) ?? ''),
    );

  before(async () => {
    assertDashboardPreconditions();
    first = await startFakeVendor([OK]);
    good = await startFakeVendor([OK]);
    bad = await startFakeVendor([
      {
        kind: 'json',
        status: 401,
        body: anthropicErrorBody('authentication_error', `invalid x-api-key ${BAD_KEY}`),
      },
    ]);
    // An OpenAI-compatible server that lists its models (OpenRouter-style `context_length`).
    catalogue = createServer((req, res) => {
      const listing = { data: [{ id: 'qwen-coder-x', context_length: 65_536 }, { id: 'glm-5.2' }] };
      if (req.url === '/v1/models')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => catalogue.listen(0, '127.0.0.1', resolve));
    const catalogueUrl = `http://127.0.0.1:${(catalogue.address() as AddressInfo).port}/v1`;
    const input: ProxyConfigInput = {
      vendors: [
        { name: 'first', kind: 'anthropic-compatible', baseUrl: first.url, apiKey: 'sk-first-0000-1111' },
        { name: 'good', kind: 'anthropic-compatible', baseUrl: good.url, apiKey: 'sk-good-0000-2222' },
        { name: 'bad', kind: 'anthropic-compatible', baseUrl: bad.url, apiKey: BAD_KEY },
        { name: 'claude', kind: 'anthropic', baseUrl: first.url, enabled: false },
        // Last in the chain and never reached by the tests' requests; its token exchange is not needed.
        { name: 'pilot', kind: 'copilot', tokenUrl: 'http://127.0.0.1:9/token' },
        {
          name: 'router',
          kind: 'openai-compatible',
          baseUrl: catalogueUrl,
          apiKey: 'sk-router-0000',
          enabled: false,
        },
      ],
    };
    running = await startDashboardCore(input, (dataDir) => {
      // A GitHub sign-in made earlier (by `auth login copilot` or this dashboard).
      writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ 'github:token': 'gho_stored_e2e' }), {
        mode: 0o600,
      });
      return {};
    });
    ({ browser, page } = await openDashboardPage());
    await page.goto(running.core.dashboardUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    await page.click('[data-testid="nav-vendors"]');
    await page.waitForSelector('[data-testid="vendor-row-good"]');
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await first?.close();
    await good?.close();
    await bad?.close();
    await new Promise((resolve) => catalogue?.close(resolve));
  });

  it('tests a vendor: latency and model when it works, the vendor’s error (redacted) when not', async () => {
    await page.click('[data-testid="test-good"]');
    await page.waitForSelector('[data-testid="test-result-good"][data-state="ok"]');
    assert.match(
      (await page.textContent('[data-testid="test-result-good"]')) ?? '',
      /^Works: fake-model-1 answered in \d+ ms\.$/,
    );
    const sent = good.requests.at(-1)?.json as { max_tokens: number; stream?: boolean };
    assert.equal(sent.max_tokens, 16);
    assert.notEqual(sent.stream, true);

    await page.click('[data-testid="test-bad"]');
    await page.waitForSelector('[data-testid="test-result-bad"][data-state="failed"]');
    const text = (await page.textContent('[data-testid="test-result-bad"]')) ?? '';
    assert.match(text, /The vendor refused the key or sign-in\./);
    assert.match(text, /invalid x-api-key …9876/);
    assert.doesNotMatch(text, new RegExp(BAD_KEY));
    // Not a request: the tier's breaker, its last error and the ledger heard nothing of either test.
    const status = running.core.context.router.chain.status('bad');
    assert.deepEqual(
      [status.circuit.state, status.circuit.failures, status.lastError],
      ['closed', 0, undefined],
    );
    assert.equal(running.core.context.usage?.requests({}).total, 0);
    await screenshot(page, 'vendors-test');
  });

  it('shows a stored sign-in, and signs out: the row and the tier card ask for a sign-in at once', async () => {
    await page.waitForSelector('[data-testid="sign-in-state-pilot"][data-state="signed-in"]');
    assert.equal(await page.locator('[data-testid="sign-in-pilot"]').count(), 0);
    await page.click('[data-testid="sign-out-pilot"]');
    await page.waitForSelector('[data-testid="sign-in-state-pilot"][data-state="needed"]');
    await page.waitForSelector('[data-testid="sign-in-pilot"]');
    assert.match((await page.textContent('[data-testid="vendor-toast"]')) ?? '', /pilot/);
    await page.click('[data-testid="nav-tiers"]');
    await page.waitForSelector('[data-testid="tier-sign-in-pilot"]');
    assert.equal(
      await page.getAttribute('[data-testid="tier-card-pilot"]', 'data-availability'),
      'sign-in-needed',
    );
    await screenshot(page, 'tiers-signed-out');
    await page.click('[data-testid="nav-vendors"]');
  });

  it('removes a vendor after a confirmation, and Undo brings its tier back in its place, serving', async () => {
    await page.click('[data-testid="remove-good"]');
    await page.waitForSelector('[data-testid="confirm-remove-good"]');
    assert.deepEqual(order(), ['first', 'good', 'bad', 'claude', 'pilot', 'router']);
    await page.click('[data-testid="confirm-remove-yes-good"]');
    await page.waitForSelector('[data-testid="undo-toast"]');
    await waitUntil(async () => !(await rowNames()).includes('good'), 'the row to go');
    assert.deepEqual(order(), ['first', 'bad', 'claude', 'pilot', 'router']);
    await screenshot(page, 'vendors-removed-undo');

    await page.click('[data-testid="undo-remove"]');
    await page.waitForSelector('[data-testid="vendor-row-good"]');
    assert.match(
      (await page.textContent('[data-testid="vendor-toast"]')) ?? '',
      /Restored good at position 2/,
    );
    assert.deepEqual(order(), ['first', 'good', 'bad', 'claude', 'pilot', 'router']);
    assert.deepEqual((await rowNames()).slice(0, 3), ['first', 'good', 'bad']);
    // The first tier fails: the restored one, second again, takes the request with its own key.
    first.script([{ kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') }]);
    const before = good.requests.length;
    assert.equal((await postMessages(running.core.url, BASIC_REQUEST)).status, 200);
    assert.equal(good.requests.length, before + 1);
    assert.equal(good.requests.at(-1)?.headers['x-api-key'], 'sk-good-0000-2222');
    first.script([OK]);
    await page.click('[data-testid="nav-tiers"]');
    await page.click('[data-testid="reset-all"]');
    await page.click('[data-testid="nav-vendors"]');
  });

  it('validates as the user types, in words, and warns when nothing listens at the address', async () => {
    await page.click('text=Add vendor');
    await page.fill('#vendor-name', 'my vendor');
    await page.waitForSelector('[data-testid="error-name"]');
    assert.match((await page.textContent('[data-testid="error-name"]')) ?? '', /Use letters, digits/);
    await page.fill('#vendor-name', 'good');
    assert.match((await page.textContent('[data-testid="error-name"]')) ?? '', /already called “good”/);
    await page.fill('#vendor-name', 'local');
    await page.fill('#vendor-url', 'http://127.0.0.1:1');
    await page.waitForSelector('[data-testid="url-warning"]:has-text("Nothing is listening at 127.0.0.1:1")');
    await page.click('[data-testid="vendor-save"]');
    // Saving is allowed (it may be started later), but the note says what is wrong.
    await page.waitForSelector('[data-testid="vendor-toast"]:has-text("Saved.")');
    assert.match(
      (await page.textContent('[data-testid="vendor-toast"]')) ?? '',
      /Nothing is listening at 127\.0\.0\.1:1/,
    );
    assert.equal(running.core.context.config.vendors.at(-1)?.baseUrl, 'http://127.0.0.1:1');
    // "Saved." goes away by itself.
    await page.waitForSelector('[data-testid="vendor-toast"]', { state: 'detached', timeout: 8000 });
    await page.click('[data-testid="remove-local"]');
    await page.click('[data-testid="confirm-remove-yes-local"]');
    await page.waitForSelector('[data-testid="vendor-row-local"]', { state: 'detached' });
  });

  it('keeps the key when the base URL only gains a trailing slash: no warning, nothing dropped', async () => {
    await page.click('[data-testid="edit-good"]');
    await page.fill('#vendor-url', `${good.url}/`);
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-form"]', { state: 'detached' });
    assert.equal(await page.locator('[data-testid="key-stays-behind"]').count(), 0);
    const toast = (await page.textContent('[data-testid="vendor-toast"]')) ?? '';
    assert.match(toast, /Saved/);
    assert.doesNotMatch(toast, /secrets kept for the old one/);
    const saved = running.core.context.config.vendors.find((v) => v.name === 'good');
    assert.equal(saved?.baseUrl, `${good.url}/`);
    assert.equal(saved?.apiKey, 'sk-good-0000-2222');
    // The vendor still answers with its key at the address as written.
    await page.click('[data-testid="test-good"]');
    await page.waitForSelector('[data-testid="test-result-good"][data-state="ok"]');
    assert.equal(good.requests.at(-1)?.headers['x-api-key'], 'sk-good-0000-2222');
  });

  it('asks before sending Claude Code’s credentials to a new address, and lists secrets a move drops', async () => {
    await page.click('[data-testid="edit-claude"]');
    await page.fill('#vendor-url', good.url);
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="confirm-destination"]');
    assert.match(
      (await page.textContent('[data-testid="confirm-destination"]')) ?? '',
      /forwards Claude Code’s own credentials\. Saving sends them to 127\.0\.0\.1:\d+/,
    );
    assert.equal(running.core.context.config.vendors.find((v) => v.name === 'claude')?.baseUrl, first.url);
    await page.click('[data-testid="confirm-destination-yes"]');
    await page.waitForSelector('[data-testid="vendor-form"]', { state: 'detached' });
    assert.equal(running.core.context.config.vendors.find((v) => v.name === 'claude')?.baseUrl, good.url);

    await page.click('[data-testid="edit-good"]');
    await page.fill('#vendor-url', first.url);
    await page.waitForSelector('[data-testid="key-stays-behind"]');
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-toast"]:has-text("API key")');
    assert.match(
      (await page.textContent('[data-testid="vendor-toast"]')) ?? '',
      /does not get the secrets kept for the old one \(API key\)/,
    );
    await screenshot(page, 'vendors-dropped-secrets');
    assert.equal(running.core.context.config.vendors.find((v) => v.name === 'good')?.apiKey, undefined);
  });

  it('suggests the models the vendor offers this account, with their context windows', async () => {
    await page.click('[data-testid="edit-router"]');
    await page.waitForSelector('[data-testid="offered-models"]:has-text("offered 2 models")');
    const suggestions = await page.$$eval('#vform-model-suggestions option', (options) =>
      options.map((option) => option.getAttribute('value')),
    );
    assert.deepEqual(suggestions, ['qwen-coder-x', 'glm-5.2']);
    await page.click('[data-testid="add-rule"]');
    await page.fill('[data-testid="rule-row"] >> nth=0 >> input >> nth=0', '*sonnet*');
    await page.fill('[data-testid="rule-row"] >> nth=0 >> input >> nth=1', 'qwen-coder-x');
    assert.equal(
      await page.getAttribute('[data-testid="rule-row"] >> nth=0 >> input >> nth=2', 'placeholder'),
      'as the vendor says: 65,536',
    );
    await page.click('[data-testid="vendor-form"] >> text=Cancel');
  });

  it('shows a vendor notice on its row and its tier card', async () => {
    running.core.context.events.emit({
      type: 'vendor-notice',
      tier: 'bad',
      message: 'bad: glm-9 is not offered to this account',
    });
    await page.waitForSelector('[data-testid="notice-bad"]:has-text("glm-9 is not offered")');
    await page.click('[data-testid="nav-tiers"]');
    await page.waitForSelector('[data-testid="tier-notice-bad"]:has-text("glm-9 is not offered")');
    await page.click('[data-testid="tier-notice-bad"] button');
    await page.waitForSelector('[data-testid="vendor-form"] >> text=Edit bad');
    await page.click('[data-testid="vendor-form"] >> text=Cancel');
  });

  it('speaks Chinese: validation, test results and the sign-in state', async () => {
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.click('[data-testid="test-bad"]');
    await page.waitForSelector('[data-testid="test-result-bad"]:has-text("供应商拒绝了密钥或登录。")');
    assert.match((await page.textContent('[data-testid="sign-in-state-pilot"]')) ?? '', /需要登录/);
    await page.click('text=添加供应商');
    await page.fill('#vendor-name', 'a b');
    await page.waitForSelector('[data-testid="error-name"]:has-text("只能使用字母")');
    await page.fill('#vendor-url', 'http://127.0.0.1:1');
    await page.waitForSelector('[data-testid="url-warning"]:has-text("没有服务在监听")');
    await screenshot(page, 'vendors-form-zh');
    await page.click('[data-testid="vendor-form"] >> text=取消');
    await page.selectOption('[data-testid="language"]', 'en');
  });

  it('tells a page opened without the token link how to get in, instead of "reconnecting"', async () => {
    const stranger = await browser.newPage();
    try {
      await stranger.goto(running.core.url);
      await stranger.waitForSelector('[data-testid="unauthorized-banner"]');
      assert.match(
        (await stranger.textContent('[data-testid="unauthorized-banner"]')) ?? '',
        /Open the dashboard link that `coding-proxy start` printed/,
      );
      assert.equal(await stranger.locator('[data-testid="reconnect-banner"]').count(), 0);
    } finally {
      await stranger.close();
    }
  });
});
