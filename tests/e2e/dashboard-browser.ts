// What every dashboard test in headless Chromium needs: the built renderer, the system Chromium started the
// same way each time, a real core serving the dashboard from a fresh data dir, and screenshots for review.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type CoreOptions, type RunningCore, startCore } from '../../src-main/core/start-core.ts';
import { createMemoryConfigStore } from '../../src-main/core/config/config-store.ts';
import { parseConfig, type ProxyConfigInput } from '../../src-shared/config-schema.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DASHBOARD_DIR = join(REPO, 'dist-renderer');
export const SCREENSHOTS = join(REPO, 'artifacts', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

// A quiet browser: nothing reaches out to the network on its own, so the only traffic is the test's.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every view of the dashboard, and what shows that it has its data (tests and `npm run screenshots`). */
export const DASHBOARD_VIEWS: ReadonlyArray<{ id: string; ready: string }> = [
  { id: 'tiers', ready: '[data-testid="health-header"]' },
  { id: 'spend', ready: '[data-testid="chart-by-vendor"] .recharts-bar-rectangle' },
  { id: 'requests', ready: '[data-testid="request-row"]' },
  { id: 'sessions', ready: '[data-testid="sessions-table"]' },
  { id: 'vendors', ready: '[data-testid="vendor-table"]' },
  { id: 'connect', ready: '[data-testid="claude-settings-state"]' },
  { id: 'logs', ready: '[data-testid="log-lines"]' },
];

/** Fails (never skips) with a message that says what to do when the renderer or Chromium is missing. */
export function assertDashboardPreconditions(): void {
  assert.ok(
    existsSync(join(DASHBOARD_DIR, 'index.html')),
    `the dashboard is not built: ${DASHBOARD_DIR}/index.html is missing. Run \`npx vite build\` first.`,
  );
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Starts Chromium and opens one page; the caller navigates, so it can listen to the page first. */
export async function openDashboardPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 }, locale: 'en-US' });
  return { browser, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What a test may add to the core it starts; built from the data dir, since a ledger lives there. */
export type ExtraCoreOptions = Omit<CoreOptions, 'config' | 'configStore' | 'dataDir'>;

export interface DashboardCore {
  core: RunningCore;
  dataDir: string;
  /** Closes the core and deletes its data dir. */
  close(): Promise<void>;
}

/** The real core on 127.0.0.1, a free port, serving the built dashboard from a fresh temporary data dir. */
export async function startDashboardCore(
  input: ProxyConfigInput,
  extra: (dataDir: string) => ExtraCoreOptions | Promise<ExtraCoreOptions> = () => ({}),
): Promise<DashboardCore> {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(`bad test config: ${JSON.stringify(parsed.problems)}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'coding-proxy-e2e-'));
  try {
    const core = await startCore({
      config: parsed.config,
      configStore: createMemoryConfigStore(input as Record<string, unknown>),
      dataDir,
      port: 0,
      host: '127.0.0.1',
      dashboardDir: DASHBOARD_DIR,
      ...(await extra(dataDir)),
    });
    return {
      core,
      dataDir,
      close: async () => {
        await core.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Polls a condition in the test process (the page's CSP forbids the string evaluation waitForFunction uses). */
export async function waitUntil(
  condition: () => Promise<boolean>,
  what: string,
  attempts = 100,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A contract command over the HTTP transport, with the core's control token as the CLI sends it. */
export async function callCommand<T>(
  core: { url: string; controlToken: string },
  command: string,
  body: unknown = {},
): Promise<T> {
  const response = await fetch(`${core.url}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${core.controlToken}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${command}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * What does not fit a narrow window: the page scrolling sideways, any visible element reaching past the window's
 * left or right edge, a box that scrolls sideways, a button whose label is cut (anywhere inside it), a select too
 * narrow for its chosen entry, a placeholder or number wider than its field, and Chinese squeezed to one character
 * per line. Each problem names the element, so a failure says what to fix.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  // Plain JavaScript run in the page (the tests are type-checked without the DOM library).
  return (await page.evaluate(LAYOUT_CHECK)) as string[];
}

const LAYOUT_CHECK = readFileSync(new URL('./layout-check.browser.js', import.meta.url), 'utf8');
