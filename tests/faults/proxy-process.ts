// Runs the real CLI (`bin/coding-proxy.js start`) as a child process, for tests that kill it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'coding-proxy.js');
const LISTENING = /coding-proxy listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface ProxyProcess {
  child: ChildProcess;
  url: string;
  /** The control token the process created in its data dir (for `/api/*`). */
  token: string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  output(): string;
}

export function startProxyProcess(
  options: {
    dataDir: string;
    configPath: string;
    /** CODING_PROXY_HOME (the default data dir, where the registry of running proxies is); default: dataDir. */
    home?: string;
    env?: Record<string, string>;
    /** Node flags before the CLI (e.g. `--import` of a probe); with `ipc`, an IPC channel to the child. */
    nodeArgs?: string[];
    ipc?: boolean;
  },
  deadlineMs = 20_000,
): Promise<ProxyProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      CLI,
      'start',
      '--data-dir',
      options.dataDir,
      '-c',
      options.configPath,
      '-p',
      '0',
      '--host',
      '127.0.0.1',
    ],
    // Its own home, so the instance registry of this run never touches the user's.
    {
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CODING_PROXY_HOME: options.home ?? options.dataDir, ...options.env },
    },
  );
  let output = '';
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the proxy did not report its address within ${deadlineMs} ms:\n${output}`));
    }, deadlineMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        const token = readFileSync(join(options.dataDir, 'control.token'), 'utf8').trim();
        resolve({ child, url: match[1], token, exited, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited (${String(how)}) before listening:\n${output}`));
    });
  });
}

/** Polls `probe` until it returns true; bounded so a broken build fails instead of hanging. */
export async function waitUntil(probe: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const until = performance.now() + deadlineMs;
  while (!probe()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
