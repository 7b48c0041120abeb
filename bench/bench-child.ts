// Forks one benchmark participant (fake vendor, minimal relay) as its own process, so each has its own event loop
// as the proxy has: the load client, the vendor and the server under test never share one. The child reports
// `{ type: 'ready', url }` over IPC and exits on `{ type: 'stop' }`.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface BenchChild {
  url: string;
  pid: number;
  /** The child's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Asks a child for its `process.cpuUsage()` over IPC (answered by `serveAsBenchChild` and the proxy child). */
export function askCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; micros?: number }) => {
      if (message.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(message.micros ?? 0);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

/** Answers `askCpu`. */
export function answerCpu(message: { type?: string }): void {
  if (message.type !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send?.({ type: 'cpu', micros: user + system });
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
    cpuMicros: () => askCpu(child),
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
    answerCpu(message);
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'ready', url });
}
