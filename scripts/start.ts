// `npm start`: the tray app when the Electron binary is installed, otherwise the headless proxy with its
// browser dashboard. Electron's own `require('electron')` would try to DOWNLOAD the binary when it is missing,
// so its path file is read here instead of requiring the package.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const passThrough = process.argv.slice(2);

/** Same lookup as node_modules/electron/index.js, minus its download fallback. */
function electronBinary(): string | undefined {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    // Ctrl+C already reaches the child through the terminal's process group (forwarding it too would count as a
    // second Ctrl+C, which the CLI treats as "force quit"); SIGTERM is sent to us alone, so pass it on.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/**
 * package.json disables electron's download-at-install (so `npm install` works on offline machines); fetch the
 * binary here instead, once, where the network allows it. Offline it fails in well under a second.
 */
async function fetchElectron(): Promise<string | undefined> {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return undefined;
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return undefined;
  console.log('Electron binary not installed yet: downloading it once…');
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [installer], { cwd: join(root, 'node_modules', 'electron'), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      done(exitCode ?? 1);
    });
  });
  return code === 0 ? electronBinary() : undefined;
}

const electron = electronBinary() ?? (await fetchElectron());
if (electron) {
  const built = await run(process.execPath, [join(root, 'scripts', 'build-electron.ts')]);
  if (built !== 0) process.exit(built);
  process.exitCode = await run(electron, [root, ...passThrough]);
} else {
  console.log(
    [
      'Electron is not installed (node_modules/electron has no binary and it could not be downloaded here),',
      'so the tray app cannot start. Starting the headless proxy instead; its dashboard opens in any browser.',
      'To get the tray app later: run `npm start` where GitHub downloads work (or unset ELECTRON_SKIP_BINARY_DOWNLOAD).',
      '',
    ].join('\n'),
  );
  process.exitCode = await run(process.execPath, [join(root, 'bin', 'coding-proxy.js'), 'start', ...passThrough]);
}
