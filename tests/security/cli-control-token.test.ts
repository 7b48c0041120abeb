// The control token as users meet it: `coding-proxy start` creates it in its data dir and prints the dashboard
// link that carries it; the CLI finds a running proxy (and its token) by itself; the browser keeps the token in
// the tab and takes it out of the address bar. The data dir and its files are private.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { openDashboardPage } from '../e2e/dashboard-browser.ts';
import { startProxyProcess, type ProxyProcess } from '../faults/proxy-process.ts';
import { anthropicMessage, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages } from '../support/proxy-harness.ts';

const BIN = resolve(import.meta.dirname, '../../bin/coding-proxy.js');
const run = promisify(execFile);
const MODES_APPLY = process.platform !== 'win32';

describe('the control token through the CLI and the printed dashboard link', () => {
  let root: string;
  let home: string;
  let dataDir: string;
  let vendor: FakeVendor;
  let proxy: ProxyProcess;
  let browser: Browser | undefined;

  const cli = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, CODING_PROXY_HOME: home },
        timeout: 30_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cp-token-'));
    home = join(root, 'home');
    dataDir = join(root, 'elsewhere');
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    const configPath = join(root, 'config.yaml');
    writeFileSync(configPath, `vendors:\n  - { name: a, kind: anthropic, baseUrl: "${vendor.url}" }\n`);
    proxy = await startProxyProcess({ dataDir, configPath, home });
    await postMessages(proxy.url, BASIC_REQUEST);
  });
  after(async () => {
    await browser?.close();
    proxy?.child.kill('SIGKILL');
    await vendor?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates <data-dir>/control.token and prints a dashboard link that carries it', () => {
    const token = readFileSync(join(dataDir, 'control.token'), 'utf8').trim();
    assert.equal(token, proxy.token);
    assert.match(proxy.output(), new RegExp(`dashboard: ${proxy.url}/#token=${token}\\n`));
  });

  it('keeps the data dir and its files private', { skip: !MODES_APPLY && 'no POSIX modes here' }, () => {
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    for (const name of ['control.token', 'usage.db', 'usage.db-wal', 'usage.db-shm']) {
      const path = join(dataDir, name);
      if (name.endsWith('-shm') && !existsSync(path)) continue;
      assert.equal(statSync(path).mode & 0o777, 0o600, name);
    }
  });

  it('finds the running proxy and its token without flags, with --data-dir and with -p', async () => {
    const port = new URL(proxy.url).port;
    for (const args of [['status'], ['status', '--data-dir', dataDir], ['status', '-p', port]]) {
      const status = await cli([...args, '--json']);
      assert.equal(status.code, 0, `${args.join(' ')}: ${status.stderr}`);
      assert.equal((JSON.parse(status.stdout) as { baseUrl: string }).baseUrl, proxy.url);
    }
    const reset = await cli(['reset']);
    assert.equal(reset.code, 0, reset.stderr);
  });

  it('says which token was refused when pointed at another data dir', async () => {
    const other = join(root, 'other');
    writeFileSync(join(root, 'other.yaml'), 'vendors: [{ name: a, kind: anthropic }]\n');
    const port = new URL(proxy.url).port;
    // Another install's data dir with a token of its own.
    const { loadOrCreateControlToken } = await import('../../src-main/core/security/control-token.ts');
    loadOrCreateControlToken(other);
    const refused = await cli(['status', '-p', port, '--data-dir', other]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not hold the control token of .*other.*pass --data-dir/);
  });

  it('logs the browser in from the printed link: the token leaves the address bar, no cookie is set', async () => {
    const opened = await openDashboardPage();
    browser = opened.browser;
    const { page } = opened;
    const link = /dashboard: (\S+)/.exec(proxy.output())?.[1] ?? '';
    assert.ok(link.includes('#token='));
    await page.goto(link);
    await page.waitForSelector('[data-testid="tier-card-a"]');
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    assert.equal(page.url(), `${proxy.url}/`, 'the token left the address bar');
    assert.deepEqual(await page.context().cookies(), [], 'no cookie grants control');
    // A reload keeps working on what this tab kept.
    await page.reload();
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    // Without the link, a fresh tab gets nothing from the API.
    const fresh = await browser.newPage();
    await fresh.goto(`${proxy.url}/`);
    const status = await fresh.evaluate(async () => (await fetch('/api/status', { method: 'POST' })).status);
    assert.equal(status, 401);
  });

  it('removes its registry entry when it stops', async () => {
    const registry = join(home, 'instances', `${new URL(proxy.url).port}.json`);
    assert.ok(existsSync(registry));
    proxy.child.kill('SIGTERM');
    await proxy.exited;
    assert.equal(existsSync(registry), false);
  });
});
