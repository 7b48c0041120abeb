// Starts the app as shipped — `node --import register-electron.ts <repo>`, i.e. package.json "main"
// (dist-electron/main.js) with `electron` resolved to the stand-in — and speaks the harness protocol with it.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCall, AppRecord, Message, PageCall } from '../stand-in/protocol.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REGISTER = fileURLToPath(new URL('../register-electron.ts', import.meta.url));

/** Fails with what to run when the bundle is missing or older than the desktop sources. */
export function assertDesktopBuilt(): void {
  const main = join(REPO, 'dist-electron', 'main.js');
  const preload = join(REPO, 'dist-electron', 'preload.cjs');
  for (const file of [main, preload, join(REPO, 'dist-renderer', 'index.html')]) {
    if (!existsSync(file))
      throw new Error(
        `${file} is missing: run \`npm run build && npm run build:electron\` (npm test does this)`,
      );
  }
  const built = Math.min(statSync(main).mtimeMs, statSync(preload).mtimeMs);
  const newer = newestSource(['src-main', 'src-shared'], built);
  if (newer) throw new Error(`dist-electron/ is older than ${newer}: run \`npm run build:electron\``);
}

function newestSource(dirs: string[], than: number): string | undefined {
  for (const dir of dirs) {
    for (const entry of readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
      const path = join(entry.parentPath, entry.name);
      if (statSync(path).mtimeMs > than) return path;
    }
  }
  return undefined;
}

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  call(call: AppCall): Promise<unknown>;
  /** Kills the process at the end of a test: calls still waiting on it settle quietly instead of rejecting. */
  kill(): Promise<void>;
}

export function startAppProcess(options: {
  /** The app folder (its package.json "main" runs); the checkout by default. */
  appRoot?: string;
  env: NodeJS.ProcessEnv;
  args?: string[];
  onRecord: (record: AppRecord) => void;
  onPageCall: (call: PageCall) => Promise<unknown>;
}): AppProcess {
  const child = fork(options.appRoot ?? REPO, options.args ?? [], {
    execArgv: ['--import', REGISTER],
    env: options.env,
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const send = (message: Message) => {
    if (child.connected) child.send(message);
  };
  child.on('message', (raw) => {
    const message = raw as Message;
    if (message.t === 'record') {
      options.onRecord(message.record);
    } else if (message.t === 'reply') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.error));
    } else if (message.t === 'call') {
      options.onPageCall(message.call as PageCall).then(
        (value) => send({ t: 'reply', id: message.id, ok: true, value }),
        (error: Error) =>
          send({ t: 'reply', id: message.id, ok: false, error: error?.message ?? String(error) }),
      );
    }
  });
  // A page's IPC call may still be in flight when a test tears the app down; nobody awaits it any more, so a
  // rejection would surface as an unhandled rejection in whichever test file runs next.
  let killedByHarness = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const waiting of pending.values())
        if (killedByHarness) waiting.resolve(undefined);
        else waiting.reject(new Error(`the app process exited (${code ?? signal})`));
      pending.clear();
      resolve({ code, signal });
    });
  });
  return {
    child,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedByHarness = true;
      child.kill('SIGKILL');
      await exited;
    },
    call(call) {
      if (!child.connected) return Promise.reject(new Error('the app process is not running'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ t: 'call', id, call });
      });
    },
  };
}
