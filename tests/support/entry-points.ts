// Starting the product the way a user does: a fresh clone of this repository (plus the working tree's uncommitted
// changes, so a developer tests what they are about to commit), `npm start`, `bin/coding-proxy.js`. node_modules
// entries are symlinked from this checkout, so a clone costs no install and no network; its own
// node_modules/.cache stays private to it.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');

export interface Clone {
  /** The temporary folder that holds the clone (the clone's parent). */
  parent: string;
  dir: string;
  remove(): void;
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function freshClone(): Clone {
  const parent = mkdtempSync(join(tmpdir(), 'cp-clone-'));
  const dir = join(parent, 'coding-proxy');
  git(['clone', '--quiet', '--no-hardlinks', REPO, dir], parent);
  // The working tree as git sees it: modified and new (not ignored) files over the committed ones.
  for (const file of git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO).split(
    '\0',
  )) {
    if (!file || !existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(dir, file));
  }
  for (const file of git(['ls-files', '-z', '--deleted'], REPO).split('\0'))
    if (file) rmSync(join(dir, file), { force: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '.cache' || entry === '.vite') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  return { parent, dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * The environment a user's shell would give: this Node first on PATH, nothing inherited from an outer npm run, and
 * none of CI's install switches (`.ci/run` sets ELECTRON_SKIP_BINARY_DOWNLOAD, which would skip the download the
 * tests point at their own mirror).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (
      !key.toLowerCase().startsWith('npm_') &&
      key !== 'NODE_OPTIONS' &&
      key !== 'ELECTRON_SKIP_BINARY_DOWNLOAD'
    )
      env[key] = value;
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

export interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a command and waits for the `export ANTHROPIC_BASE_URL=…` line a successful start prints. */
export function startUntilUrl(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL within ${options.timeoutMs ?? 90_000} ms:\n${output}`));
    }, options.timeoutMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /export ANTHROPIC_BASE_URL=(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before printing a URL:\n${output}`));
    });
  });
}

/** The dashboard at `url`: its HTML, and the script and stylesheet that HTML names, each with its type. */
export async function assertDashboardServed(url: string): Promise<void> {
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.doesNotMatch(html, /PLANTED/, 'served a dist-renderer/ from outside the app folder');
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  const style = /<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/.exec(html)?.[1];
  assert.ok(script && style, `the dashboard HTML names a script and a stylesheet:\n${html}`);
  for (const [asset, type] of [
    [script, /^text\/javascript/],
    [style, /^text\/css/],
  ] as const) {
    const response = await fetch(new URL(asset, `${url}/`));
    assert.equal(response.status, 200, asset);
    assert.match(response.headers.get('content-type') ?? '', type, asset);
    assert.ok((await response.text()).length > 100, `${asset} has content`);
  }
}

/** `promise`, or a failure naming `what` after `ms` (a process that never exits must fail the test, not hang it). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True when nothing accepts connections on the port any more. */
export function portClosed(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
