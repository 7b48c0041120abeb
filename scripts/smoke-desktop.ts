// `npm run smoke:desktop`: the desktop harness flow against a REAL Electron binary, for machines where it could
// be downloaded (the tests use a stand-in: tests/desktop/). Fresh data dir → tray shows the tiers → the window's
// dashboard talks over IPC → reset and reorder reach the router → one notification and the degraded icon on a
// failover → closing keeps the tray → a second instance focuses the first → the tray click opens the popover →
// Quit drains an in-flight stream. On Linux without a display it re-runs itself under xvfb-run.
//
// Exit codes: 0 passed, or skipped because no Electron binary is installed (says so); 1 a step failed;
// 2 no display and no xvfb-run. `--require-electron` turns the skip into exit code 3 (for CI that must run it).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { electronBinary } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '..');

const binary = electronBinary(root);
if (!binary) {
  console.log(
    'Electron binary not installed; skipping the desktop smoke test. (node_modules/electron has no binary: ' +
      'fetch it where GitHub downloads work with `npm run desktop:install`, then run `npm run smoke:desktop` ' +
      'again. The same flow runs on every `npm test` through the stand-in harness in tests/desktop/.)',
  );
  process.exit(process.argv.includes('--require-electron') ? 3 : 0);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  const xvfb = spawnSync('which', ['xvfb-run'], { encoding: 'utf8' }).stdout.trim();
  if (!xvfb) {
    console.error('No display, and xvfb-run is not installed (apt-get install xvfb): cannot start Electron.');
    process.exit(2);
  }
  const again = spawnSync(xvfb, ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

// The flow itself (Playwright, fake vendors…) loads only now, so the skip above answers at once.
const { runSmoke } = await import('./smoke-desktop-flow.ts');
runSmoke(binary).catch((error: unknown) => {
  console.error(`desktop smoke test FAILED: ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
