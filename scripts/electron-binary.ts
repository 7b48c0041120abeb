// The Electron binary for the tray app. `npm install` never downloads it (installs must work offline, see
// package.json allowScripts), so `npm start` fetches it once where the network allows; a failed fetch is remembered
// for this install (node_modules/.cache, gone with node_modules) so later starts do not wait for it again.
// Electron's own `require('electron')` would try to download on every call, so its path file is read here instead.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FetchFailure {
  electronVersion: string;
  at: string;
  reason: string;
}

const packageDir = (root: string) => join(root, 'node_modules', 'electron');
export const failureMarker = (root: string) =>
  join(root, 'node_modules', '.cache', 'coding-proxy', 'electron-download-failed.json');

export function electronVersion(root: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageDir(root), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return undefined;
  }
}

/** Same lookup as node_modules/electron/index.js, minus its download fallback. */
export function electronBinary(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pathFile = join(packageDir(root), 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : join(packageDir(root), 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

/** The remembered failure for the installed Electron version, if the last fetch failed. */
export function previousFailure(root: string): FetchFailure | undefined {
  try {
    const failure = JSON.parse(readFileSync(failureMarker(root), 'utf8')) as FetchFailure;
    return failure.electronVersion === electronVersion(root) ? failure : undefined;
  } catch {
    return undefined;
  }
}

export function forgetFailure(root: string): void {
  rmSync(failureMarker(root), { force: true });
}

function rememberFailure(root: string, reason: string): void {
  const marker = failureMarker(root);
  mkdirSync(dirname(marker), { recursive: true });
  const failure: FetchFailure = {
    electronVersion: electronVersion(root) ?? 'unknown',
    at: new Date().toISOString(),
    reason,
  };
  writeFileSync(marker, `${JSON.stringify(failure, null, 2)}\n`);
}

/** The last meaningful line of the installer's error output ("RequestError: getaddrinfo ENOTFOUND github.com"). */
function reasonFrom(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at ') && !line.startsWith('node:'));
  return (lines.find((line) => /error/i.test(line)) ?? lines[0] ?? 'the download failed').slice(0, 300);
}

/**
 * Runs Electron's installer (download + unzip into node_modules/electron/dist). `show` streams its output (for
 * `npm run desktop:install`); otherwise it runs quietly and only the reason is kept.
 */
export async function fetchElectron(
  root: string,
  options: { show?: boolean; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<{ binary?: string; reason?: string }> {
  const installer = join(packageDir(root), 'install.js');
  if (!existsSync(installer)) return { reason: 'node_modules/electron is not installed (run `npm install`)' };
  let stderr = '';
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [installer], {
      cwd: packageDir(root),
      stdio: ['ignore', options.show ? 'inherit' : 'ignore', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    child.on('error', () => {});
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.show) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      stderr += '\nError: the download took longer than allowed and was stopped';
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 300_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      done(exitCode ?? 1);
    });
  });
  if (options.signal?.aborted) return { reason: 'stopped' };
  const binary = code === 0 ? electronBinary(root) : undefined;
  if (binary) {
    forgetFailure(root);
    return { binary };
  }
  const reason = reasonFrom(stderr);
  rememberFailure(root, reason);
  return { reason };
}
