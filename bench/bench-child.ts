// Forks one benchmark participant (fake vendor, minimal relay, the proxy) as its own process, so each has its own
// event loop: the load client, the vendor and the server under test never share one. The child reports
// `{ type: 'ready', url }` over IPC, answers `{ type: 'cpu' }` with its CPU time, and exits on `{ type: 'stop' }`.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface BenchChild {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The child's CPU time so far (user + system, all its threads), in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Sends `{ type }` and resolves with `answer[field]` of the child's first answer of that type. */
export function askChild(child: ChildProcess, type: string, field: string): Promise<number> {
  return new Promise((done) => {
    const onMessage = (message: { type?: string; [key: string]: unknown }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      done(typeof message[field] === 'number' ? message[field] : 0);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

/** Answers a CPU question (see `BenchChild.cpuMicros`). */
export function answerCpu(message: { type?: string }): void {
  if (message.type !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.send?.({ type: 'cpu', micros: user + system });
}

/** Forks `path` and waits for its URL. */
export async function forkChild(path: string, args: string[], execArgv: string[]): Promise<BenchChild> {
  const child: ChildProcess = fork(path, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stopping: Promise<void> | undefined;
  const url = await new Promise<string>((ready, fail) => {
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) ready(message.url);
    });
    child.once('exit', (code) => fail(new Error(`${path} exited early (${code})`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    child,
    cpuMicros: () => askChild(child, 'cpu', 'micros'),
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

/** A TypeScript entry of this folder (`vendor-child.ts`, `minimal-relay.ts`) as its own process. */
export function forkBenchChild(
  entry: string,
  args: string[] = [],
  execArgv: string[] = [],
): Promise<BenchChild> {
  return forkChild(resolve(import.meta.dirname, entry), args, execArgv);
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
