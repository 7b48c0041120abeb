// The flow of `npm run smoke:desktop` (see smoke-desktop.ts, which checks for the binary and a display first).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { stringify as toYaml } from 'yaml';
import { apiRequests, cardOrder, moveFirstTierDown } from '../tests/desktop/support/dashboard-steps.ts';
import { openStream } from '../tests/desktop/support/streaming-client.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../tests/support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages } from '../tests/support/proxy-harness.ts';

const root = resolve(import.meta.dirname, '..');
const HOOK = join(root, 'scripts', 'smoke-desktop-hook.cjs');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function step(name: string): void {
  console.log(`• ${name}`);
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

interface TrayState {
  image: string;
  tooltip: string;
  menu: Array<{ label: string; type: string; checked: boolean }>;
  notifications: Array<{ title: string; body: string }>;
}

function trayState(app: ElectronApplication): Promise<TrayState> {
  return app.evaluate(() => {
    const state = (globalThis as unknown as Record<string, unknown>).__codingProxySmoke as {
      image: string;
      tooltip: string;
      menu: { items: Array<{ label: string; type: string; checked: boolean }> } | null;
      notifications: Array<{ title: string; body: string }>;
    };
    return {
      image: state.image,
      tooltip: state.tooltip,
      menu: (state.menu?.items ?? []).map((item) => ({ label: item.label, type: item.type, checked: item.checked })),
      notifications: [...state.notifications],
    };
  });
}

function clickMenu(app: ElectronApplication, label: string): Promise<void> {
  return app.evaluate((_electron, wanted) => {
    const state = (globalThis as unknown as Record<string, unknown>).__codingProxySmoke as {
      menu: { items: Array<{ label: string; click: () => void }> } | null;
    };
    const item = state.menu?.items.find((entry) => entry.label.startsWith(wanted));
    if (!item) throw new Error(`no menu item ${wanted}`);
    item.click();
  }, label);
}

const tierLabels = (state: TrayState) =>
  state.menu.filter((item) => item.type === 'checkbox' && item.label.includes(' — ')).map((item) => item.label);

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export async function runSmoke(electron: string): Promise<void> {
  step('building the dashboard and the Electron bundle');
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  run(process.execPath, [join(root, 'scripts', 'build-electron.ts')]);

  const temp = mkdtempSync(join(tmpdir(), 'coding-proxy-smoke-'));
  const home = join(temp, 'home');
  const data = join(temp, 'data');
  mkdirSync(home, { recursive: true });
  mkdirSync(data, { recursive: true });
  const vendors: FakeVendor[] = [];
  let app: ElectronApplication | undefined;
  try {
    const primary = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    vendors.push(primary, backup);
    writeFileSync(
      join(data, 'config.yaml'),
      toYaml({
        server: { port: 0 },
        vendors: [
          {
            name: 'primary',
            kind: 'anthropic-compatible',
            baseUrl: primary.url,
            apiKey: 'sk-smoke-primary',
            circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 300 },
          },
          {
            name: 'backup',
            kind: 'anthropic-compatible',
            baseUrl: backup.url,
            apiKey: 'sk-smoke-backup',
            circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 300 },
          },
        ],
      }),
    );
    writeFileSync(join(data, 'desktop.json'), JSON.stringify({ settingsVersion: 1, desktop: { notifications: { holdSeconds: 0 } } }));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      CODING_PROXY_HOME: data,
    };
    const args = ['-r', HOOK, root];

    step('launching the tray app with a fresh data dir');
    app = await _electron.launch({ executablePath: electron, args, env });
    const launched = app;
    const requests: string[] = [];
    launched.context().on('request', (request) => requests.push(request.url()));
    const page: Page = await launched.firstWindow();

    step('the tray shows the tiers');
    const first = await until(async () => {
      const state = await trayState(launched);
      return tierLabels(state).length === 2 && state;
    }, 'the tray menu');
    assert(tierLabels(first).join() === 'primary — ready,backup — ready', `tray tiers: ${tierLabels(first).join()}`);
    assert(/tray-primary(Template)?\.png$/.test(first.image) || first.image === '(unknown)', `tray icon ${first.image}`);
    const port = first.menu[0]?.label.match(/^Running on :(\d+)/)?.[1];
    assert(port, `status line: ${first.menu[0]?.label}`);
    const coreUrl = `http://127.0.0.1:${port}`;

    step('the window shows the dashboard over IPC');
    await page.waitForSelector('[data-testid="tier-card-backup"]');
    assert((await cardOrder(page)).join() === 'primary,backup', 'card order');
    assert((await postMessages(coreUrl, BASIC_REQUEST)).status === 200, 'request through the proxy');
    await page.waitForSelector('[data-testid="tier-card-primary"].serving');
    assert(apiRequests(requests).length === 0, `HTTP control calls from the window: ${apiRequests(requests).join(', ')}`);

    step('a failover shows one notification and the degraded icon');
    primary.script([{ kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') }]);
    for (let i = 0; i < 3; i++) await postMessages(coreUrl, BASIC_REQUEST);
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="open"]');
    const degraded = await until(async () => {
      const state = await trayState(launched);
      return /degraded/.test(state.tooltip) && state;
    }, 'the degraded tray');
    assert(/tray-degraded/.test(degraded.image) || degraded.image === '(unknown)', `tray icon ${degraded.image}`);
    // Electron shows none where the desktop has no notification service (a bare xvfb); the app then skips them.
    if (await launched.evaluate(({ Notification }) => Notification.isSupported()))
      assert(degraded.notifications.length === 1, `notifications: ${JSON.stringify(degraded.notifications)}`);
    else console.log('  (no notification service on this display: notifications not checked)');

    step('reset from the window reaches the router');
    primary.script([{ kind: 'json', body: anthropicMessage('ok') }]);
    await page.click('[data-testid="reset-all"]');
    await page.waitForSelector('[data-testid="tier-card-primary"][data-circuit="closed"]');
    const beforeReset = primary.requests.length;
    await postMessages(coreUrl, BASIC_REQUEST);
    assert(primary.requests.length === beforeReset + 1, 'the primary serves after the reset');

    step('reorder from the window reaches the router');
    await moveFirstTierDown(page);
    await until(async () => tierLabels(await trayState(launched))[0]?.startsWith('backup'), 'the new order');
    const beforeReorder = backup.requests.length;
    await postMessages(coreUrl, BASIC_REQUEST);
    assert(backup.requests.length === beforeReorder + 1, 'backup serves first after the reorder');

    step('closing the window keeps the app in the tray');
    await launched.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await until(
      () => launched.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().every((w) => !w.isVisible())),
      'the window to hide',
    );
    assert((await postMessages(coreUrl, BASIC_REQUEST)).status === 200, 'the proxy still serves');

    step('a second instance focuses the first');
    // Playwright adds --no-sandbox on Linux (Chromium's sandbox refuses root and some CI kernels); so do we.
    const sandbox = process.platform === 'linux' ? ['--no-sandbox'] : [];
    const second: ChildProcess = spawn(electron, [...sandbox, root], { env, stdio: 'ignore' });
    const secondCode = await new Promise<number | null>((done) => second.on('exit', (code) => done(code)));
    assert(secondCode === 0, `second instance exit code ${secondCode}`);
    await until(
      () => launched.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().some((w) => w.isVisible())),
      'the first window to show again',
    );

    step('a click on the tray icon opens the popover');
    await launched.evaluate(() => {
      const state = (globalThis as unknown as Record<string, unknown>).__codingProxySmoke as {
        tray: { emit(name: string, ...args: unknown[]): void; getBounds(): unknown } | null;
      };
      state.tray?.emit('click', {}, state.tray.getBounds(), { x: 0, y: 0 });
    });
    await until(
      () =>
        launched.evaluate(({ BrowserWindow }) =>
          BrowserWindow.getAllWindows().some((w) => w.isVisible() && w.webContents.getURL().includes('compact=1')),
        ),
      'the popover',
    );

    step('Quit drains an in-flight stream');
    backup.script([{ kind: 'sse', chunks: anthropicStream('drained', { deltas: 3 }).flatMap((frame) => [frame, { delayMs: 150 }]) }]);
    const stream = await openStream(coreUrl);
    const exited = new Promise<number | null>((done) => launched.process().on('exit', (code) => done(code)));
    await clickMenu(launched, 'Quit ');
    const text = await stream.rest();
    assert(parseEvents(text).at(-1)?.event === 'message_stop', 'the stream ran to its end');
    assert((await exited) === 0, 'the app exits 0');
    app = undefined;
    console.log('desktop smoke test passed');
  } finally {
    await app?.close().catch(() => {});
    for (const vendor of vendors) await vendor.close();
    rmSync(temp, { recursive: true, force: true });
  }
}
