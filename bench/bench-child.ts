// Forks one benchmark participant (fake vendor, minimal relay) as its own process, so each has its own event loop
// as the proxy has: the load client, the vendor and the server under test never share one. The child reports
// `{ type: 'ready', url }` over IPC and exits on `{ type: 'stop' }`.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface BenchChild {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function forkBenchChild(
  entry: string,
  args: string[] = [],
  execArgv: string[] = [],
): Promise<BenchChild> {
  const child: ChildProcess = fork(resolve(import.meta.dirname, entry), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stopping: Promise<void> | undefined;
  const url = await new Promise<string>((ready, fail) => {
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) ready(message.url);
    });
    child.once('exit', (code) => fail(new Error(`${entry} exited early (${code})`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop() {
      stopping ??= (async () => {
        if (child.connected) child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** The child's side: announce the URL, stop (closing what it started) when asked or when the parent goes away. */
export function serveAsBenchChild(url: string, close: () => Promise<void>): void {
  const stop = async () => {
    await close().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'ready', url });
}
