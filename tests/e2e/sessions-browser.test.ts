// The Sessions view in a real headless Chromium against the real core (its own SQLite ledger) and two fake
// vendors: a Claude Code session appears with its title, binding it from the row's picker sends its next
// request to the chosen tier, a binding made elsewhere shows up without a reload, and the detail shows the
// session's requests with their timeline. Needs a built renderer (`npx vite build`); fails, not skips, without.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningCore } from '../../src-main/core/start-core.ts';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import { postMessages, withControlToken } from '../support/proxy-harness.ts';
import {
  assertDashboardPreconditions,
  openDashboardPage,
  screenshot,
  startDashboardCore,
} from './dashboard-browser.ts';

const SESSION = 'session-ui-0001';

function claudeCode(prompt: string) {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 50,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\nContext for the assistant.\n</system-reminder>' },
          { type: 'text', text: prompt },
        ],
      },
    ],
  };
}

/** Polls a condition in the test process (the page's CSP forbids the string evaluation waitForFunction uses). */
async function waitUntil(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Sessions view in headless Chromium', () => {
  let a: FakeVendor;
  let b: FakeVendor;
  let core: RunningCore;
  let closeCore: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    assertDashboardPreconditions();
    a = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from a') }]);
    b = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from b') }]);
    ({ core, close: closeCore } = await startDashboardCore({
      vendors: [
        { name: 'a', kind: 'anthropic', baseUrl: a.url },
        { name: 'b', kind: 'kimi', baseUrl: b.url, apiKey: 'sk-kimi-e2e-key' },
      ],
    }));
    ({ browser, page } = await openDashboardPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const first = await postMessages(core.url, claudeCode('Tidy the CSS of the tier board'), {
      'x-claude-code-session-id': SESSION,
    });
    assert.equal(first.status, 200);
    await page.goto(core.dashboardUrl);
  });

  after(async () => {
    await browser?.close();
    await closeCore?.();
    await a?.close();
    await b?.close();
  });

  it('lists the session with its title, traffic and who served it', async () => {
    await page.click('[data-testid="nav-sessions"]');
    const row = page.locator(`[data-testid="session-${SESSION}"]`);
    await row.waitFor();
    // The row appears with the session list; its counts and the client split follow from their own queries.
    const cells = () => row.locator('td').allTextContents();
    await waitUntil(async () => (await cells())[2] === '1', 'the session row to count its request');
    await waitUntil(
      async () =>
        /Claude Code: 1 request/.test((await page.textContent('[data-testid="client-split"]')) ?? ''),
      'the client split to load',
    );
    const [session, , requests, , servedBy] = await cells();
    assert.match(session ?? '', /^Tidy the CSS of the tier board/);
    assert.equal(requests, '1');
    assert.equal(servedBy, 'a');
    // Counted in the UI's language: "1 request", never "1 requests".
    assert.match((await page.textContent('[data-testid="client-split"]')) ?? '', /Claude Code: 1 request,/);
  });

  it('binds the session live from its row: the next request goes to the chosen tier', async () => {
    await page.selectOption(`[data-testid="bind-${SESSION}"]`, 'b');
    await waitUntil(
      () => core.context.sessions?.bindings.get(SESSION) !== undefined,
      'the binding in the core',
    );
    assert.deepEqual(core.context.sessions?.bindings.get(SESSION)?.tiers, ['b']);
    const answer = await postMessages(core.url, claudeCode('Tidy the CSS of the tier board'), {
      'x-claude-code-session-id': SESSION,
    });
    assert.match(answer.text, /from b/);
    const row = page.locator(`[data-testid="session-${SESSION}"]`);
    // The request-finished push refreshes the row: two requests, served by a and b.
    await waitUntil(
      async () => (await row.locator('td').allTextContents())[4] === 'a, b',
      'the row to show both tiers',
    );
    assert.equal(await page.inputValue(`[data-testid="bind-${SESSION}"]`), 'b');
    await screenshot(page, 'sessions-bound');
  });

  it('shows the session requests with their attempt timeline', async () => {
    await page.click(`[data-testid="session-${SESSION}"] .session-title`);
    const detail = page.locator('[data-testid="session-requests"]');
    await detail.waitFor();
    // The detail frame renders before its requests query answers; wait for the rows, not the frame.
    await waitUntil(async () => (await detail.locator('.request').count()) === 2, 'the two requests');
    assert.equal(await detail.locator('.request').count(), 2);
    assert.match((await detail.textContent()) ?? '', /→ b/);
    assert.equal(await detail.locator('.step-ok').count(), 2);
  });

  it('follows a binding made elsewhere (CLI, another window) without a reload, and unbinds', async () => {
    await page.selectOption(`[data-testid="bind-${SESSION}"]`, '');
    await waitUntil(() => core.context.sessions?.bindings.get(SESSION) === undefined, 'the unbinding');
    const response = await fetch(
      `${core.url}/api/bindSession`,
      withControlToken(core.controlToken, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionKey: SESSION, tiers: ['a'] }),
      }),
    );
    assert.equal(response.status, 200);
    await waitUntil(
      async () => (await page.inputValue(`[data-testid="bind-${SESSION}"]`)) === 'a',
      'the pushed binding in the picker',
    );
  });

  it('shows the log file, and the page raised no error', async () => {
    await page.click('[data-testid="nav-logs"]');
    const lines = page.locator('[data-testid="log-lines"]');
    await lines.waitFor();
    assert.match((await lines.textContent()) ?? '', /session session-ui-0001 bound to a/);
    assert.deepEqual(pageErrors, []);
  });
});
