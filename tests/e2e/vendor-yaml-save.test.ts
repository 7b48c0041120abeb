// A dashboard save into a hand-written YAML config, in real Chromium against the real core: every editor of the
// vendor form round-trips (model map, quota guard, breaker, header, region), the file changes only under the keys
// the user changed — comments, blank lines, quoting, `${VAR}` references and untouched defaults stay byte for byte —
// and what the form left alone (the preset host, defaults shown as placeholders) is never written.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createFileConfigStore } from '../../src-main/core/config/config-store.ts';
import { parseConfigText } from '../../src-main/core/config/load-config.ts';
import { type RunningCore, startCore } from '../../src-main/core/start-core.ts';
import { anthropicMessage, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import {
  assertDashboardPreconditions,
  DASHBOARD_DIR,
  openDashboardPage,
  screenshot,
} from './dashboard-browser.ts';

const yamlFor = (url: string) => `# coding-proxy — hand-written, keep my comments
server:
  port: 8046 # ignored by the test (port 0)

vendors:
  # the one I pay for
  - name: main
    kind: anthropic-compatible
    baseUrl: "${url}" # local gateway
    apiKey: sk-main-0000-aaaa
    timeoutMs: 120000

  - name: glm
    kind: zhipu
    apiKey: \${ZHIPU_TEST_KEY_UNSET}   # from the environment
    enabled: false

tiers: [main, glm]
`;

describe('vendor form saves into a hand-written YAML file', () => {
  let vendor: FakeVendor;
  let core: RunningCore;
  let dir: string;
  let path: string;
  let original: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assertDashboardPreconditions();
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('OK') }]);
    dir = mkdtempSync(join(tmpdir(), 'vendor-yaml-'));
    path = join(dir, 'config.yaml');
    original = yamlFor(vendor.url);
    writeFileSync(path, original, { mode: 0o600 });
    const loaded = parseConfigText(original, path, {});
    core = await startCore({
      config: loaded.config,
      configStore: createFileConfigStore(path),
      dataDir: dir,
      port: 0,
      host: '127.0.0.1',
      dashboardDir: DASHBOARD_DIR,
      sink: { record: () => undefined },
    });
    ({ browser, page } = await openDashboardPage());
    await page.goto(core.dashboardUrl);
    await page.click('[data-testid="nav-vendors"]');
    await page.waitForSelector('[data-testid="vendor-row-main"]');
  });

  after(async () => {
    await browser?.close();
    await core?.close();
    await vendor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a save with no change as no change at all', async () => {
    await page.click('[data-testid="edit-main"]');
    await page.waitForSelector('[data-testid="vendor-form"]');
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-form"]', { state: 'detached' });
    assert.equal(readFileSync(path, 'utf8'), original);
  });

  it('adds a rule, a quota guard, breaker and retry settings, a context window and a header — only those keys', async () => {
    await page.click('[data-testid="edit-main"]');
    await page.click('[data-testid="add-rule"]');
    await page.fill('[data-testid="rule-row"] >> nth=0 >> input >> nth=0', '*sonnet*');
    await page.fill('[data-testid="rule-row"] >> nth=0 >> input >> nth=1', 'glm-5.2');
    await page.click('[data-testid="add-quota"]');
    await page.fill('[data-testid="quota-row"] >> nth=0 >> input >> nth=1', '1000000');
    await page.fill('[data-testid="rule-row"] >> nth=0 >> input >> nth=2', '131072');
    await page.fill('#vendor-window', '200000');
    await page.fill('[data-testid="breaker-failureThreshold"]', '5');
    await page.fill('[data-testid="retry-maxAttempts"]', '1');
    await page.click('[data-testid="add-header"]');
    await page.fill('[data-testid="header-row"] >> nth=0 >> input >> nth=0', 'x-team');
    await page.fill('[data-testid="header-row"] >> nth=0 >> input >> nth=1', 'team-secret-0000-5555');
    await screenshot(page, 'vendor-form-editors');
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-form"]', { state: 'detached' });
    // Exactly the original, with the new keys under `main` and nothing else touched.
    const expected = original.replace(
      '    timeoutMs: 120000\n',
      [
        '    timeoutMs: 120000',
        '    circuitBreaker:',
        '      failureThreshold: 5',
        '    quotaGuards:',
        '      - windowHours: 5',
        '        tokenBudget: 1000000',
        '    modelMap:',
        '      - match: "*sonnet*"',
        '        to: glm-5.2',
        '        contextWindow: 131072',
        '    retry:',
        '      maxAttempts: 1',
        '    headers:',
        '      x-team: team-secret-0000-5555',
        '    contextWindow: 200000',
        '',
      ].join('\n'),
    );
    assert.equal(readFileSync(path, 'utf8'), expected);
    const main = core.context.config.vendors.find((v) => v.name === 'main');
    assert.deepEqual(main?.modelMap, [{ match: '*sonnet*', to: 'glm-5.2', contextWindow: 131_072 }]);
    assert.equal(main?.contextWindow, 200_000);
    assert.deepEqual(main?.retry, { maxAttempts: 1, maxWaitMs: 20_000 });
    assert.deepEqual(main?.quotaGuards, [
      { windowHours: 5, tokenBudget: 1_000_000, thresholdPercent: 99, probeIntervalSeconds: 300 },
    ]);
    assert.equal(main?.circuitBreaker.failureThreshold, 5);
    // The header value went into the file (headless keeps secrets there, mode 0600) and is masked in the UI.
    assert.equal(main?.headers['x-team'], 'team-secret-0000-5555');
  });
  it('edits one quota row in place, keeping the defaults it never wrote unwritten', async () => {
    const before = readFileSync(path, 'utf8');
    await page.click('[data-testid="edit-main"]');
    // The form shows the filled-in defaults of the written row…
    assert.equal(await page.inputValue('[data-testid="quota-row"] >> nth=0 >> input >> nth=2'), '99');
    await page.fill('[data-testid="quota-row"] >> nth=0 >> input >> nth=1', '2000000');
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-form"]', { state: 'detached' });
    // …but the save changes one number and writes none of them.
    assert.equal(
      readFileSync(path, 'utf8'),
      before.replace('        tokenBudget: 1000000\n', '        tokenBudget: 2000000\n'),
    );
  });

  it('switches a preset region: writes `region`, not the host, and drops the key that was for the old host', async () => {
    const before = readFileSync(path, 'utf8');
    await page.click('[data-testid="edit-glm"]');
    assert.match((await page.textContent('[data-testid="vendor-target"]')) ?? '', /open\.bigmodel\.cn/);
    await page.selectOption('#vendor-region', 'global');
    assert.match(
      (await page.textContent('[data-testid="vendor-target"]')) ?? '',
      /api\.z\.ai\/api\/anthropic/,
    );
    assert.match((await page.getAttribute('[data-testid="key-link"]', 'href')) ?? '', /^https:\/\/z\.ai\//);
    await page.click('[data-testid="vendor-save"]');
    await page.waitForSelector('[data-testid="vendor-toast"]:has-text("API key")');
    assert.equal(
      readFileSync(path, 'utf8'),
      before.replace(
        '    apiKey: ${ZHIPU_TEST_KEY_UNSET}   # from the environment\n    enabled: false\n',
        '    enabled: false\n    region: global\n',
      ),
    );
  });
});
