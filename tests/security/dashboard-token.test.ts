// The dashboard's hold on the control plane, attacked from a second local origin in real Chromium. Cookies are
// shared by every port of a host: a dashboard cookie for 127.0.0.1 reached any other local server the user visits,
// and a copy drove the control API from curl. Now no cookie grants anything and none is ever set; the token the
// link carried stays in the dashboard tab's own storage, which another origin (another port) cannot read.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  assertDashboardPreconditions,
  CHROMIUM,
  CHROMIUM_ARGS,
  type DashboardCore,
  startDashboardCore,
} from '../e2e/dashboard-browser.ts';

/** The attacker's page: calls its own server (which would see our cookies) and the proxy, both with credentials. */
const EVIL_PAGE = (proxy: string) => `<!doctype html><meta charset="utf-8"><title>another local app</title>
<script>
const outcome = (p) => p.then((r) => 'status ' + r.status, (e) => 'failed');
window.attempts = Promise.all([
  outcome(fetch('/api/x', { credentials: 'include' })),
  outcome(fetch('/api/saveVendor', { method: 'POST', credentials: 'include', body: '{}' })),
  outcome(fetch(${JSON.stringify(`${proxy}/api/status`)}, { method: 'POST', credentials: 'include' })),
  outcome(fetch(${JSON.stringify(`${proxy}/api/_session`)}, { method: 'POST', credentials: 'include' })),
]).then((results) => ({ results, cookie: document.cookie, stored: sessionStorage.length + localStorage.length }));
</script>`;

describe('a second local origin cannot obtain anything that grants control', () => {
  let running: DashboardCore;
  let browser: Browser;
  let context: BrowserContext;
  let dashboard: Page;
  let evil: Server;
  let evilUrl: string;
  const seenByEvil: IncomingHttpHeaders[] = [];
  const setCookies: string[] = [];

  before(async () => {
    assertDashboardPreconditions();
    running = await startDashboardCore({ vendors: [{ name: 'a', kind: 'anthropic' }] });
    evil = createServer((req, res) => {
      seenByEvil.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(EVIL_PAGE(running.core.url));
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // One browser session, as the user has it: the dashboard and the other page share the cookie jar.
    context = await browser.newContext();
    dashboard = await context.newPage();
    context.on('response', (response) => {
      const cookie = response.headers()['set-cookie'];
      if (cookie) setCookies.push(`${response.url()}: ${cookie}`);
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => evil?.close(() => resolve()));
    await running?.close();
  });

  it('the dashboard opened from the printed link works on the token alone: no cookie is set', async () => {
    await dashboard.goto(running.core.dashboardUrl);
    await dashboard.waitForSelector('[data-testid="connection"][data-state="open"]');
    assert.equal(dashboard.url(), `${running.core.url}/`, 'the token left the address bar');
    await dashboard.reload();
    await dashboard.waitForSelector('[data-testid="connection"][data-state="open"]');
    assert.deepEqual(await context.cookies(), []);
    assert.deepEqual(setCookies, []);
  });

  it('another 127.0.0.1 port visited in the same browser receives no cookie and reaches nothing', async () => {
    const page = await context.newPage();
    await page.goto(evilUrl);
    const seen = (await page.evaluate('window.attempts')) as {
      results: string[];
      cookie: string;
      stored: number;
    };
    // Its own server answered; the proxy refused the cross-origin calls (the browser hides why: "failed").
    assert.deepEqual(seen.results, ['status 200', 'status 200', 'failed', 'failed']);
    assert.equal(seen.cookie, '');
    assert.equal(seen.stored, 0);
    assert.ok(seenByEvil.length >= 3, 'the page, /api/x and /api/saveVendor reached the other server');
    for (const headers of seenByEvil) {
      assert.equal(headers.cookie, undefined, `a cookie reached the other server: ${headers.cookie}`);
      assert.doesNotMatch(JSON.stringify(headers), new RegExp(running.core.controlToken));
    }
    assert.deepEqual(setCookies, []);
    await page.close();
  });

  it('nothing the proxy answers sets a cookie, and the old cookie exchange is gone', async () => {
    const { url, controlToken } = running.core;
    const bearer = { authorization: `Bearer ${controlToken}` };
    const answers = await Promise.all([
      fetch(`${url}/`),
      fetch(`${url}/health`),
      fetch(`${url}/v1/models`),
      fetch(`${url}/api/status`, { method: 'POST', headers: bearer }),
      fetch(`${url}/api/status`, { method: 'POST' }),
      fetch(`${url}/api/_proof?nonce=${'n'.repeat(32)}`),
      fetch(`${url}/api/_session`, { method: 'POST', headers: bearer }),
    ]);
    for (const answer of answers) {
      assert.equal(answer.headers.get('set-cookie'), null, answer.url);
      await answer.body?.cancel();
    }
    assert.equal(answers[6]?.status, 404, '/api/_session no longer exists');
    // A cookie, whatever it holds, is no credential.
    const withCookie = await fetch(`${url}/api/status`, {
      method: 'POST',
      headers: { cookie: `coding_proxy_${new URL(url).port}=${controlToken}` },
    });
    assert.equal(withCookie.status, 401);
  });

  it('a new tab without the link is told to open the printed link', async () => {
    const stranger = await context.newPage();
    await stranger.goto(running.core.url);
    await stranger.waitForSelector('[data-testid="unauthorized-banner"]');
    assert.match(
      (await stranger.textContent('[data-testid="unauthorized-banner"]')) ?? '',
      /Open the dashboard link that `coding-proxy start` printed/,
    );
    await stranger.close();
  });
});
