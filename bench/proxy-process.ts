// Starts bench/proxy-child.ts with a config and gives the benchmark its URL, its RSS and a way to stop it.
// The child runs bundled, as the shipped CLI does (dist/cli.js), so latency and RSS are those users get.
import { type ChildProcess, fork } from 'node:child_process';
import { bundleNode } from '../scripts/bundle-node.ts';
import { askCpu } from './bench-child.ts';

let bundled: Promise<string> | undefined;

export interface BenchProxy {
  url: string;
  pid: number;
  rssBytes(): Promise<number>;
  /** CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchProxy(config: object, execArgv: string[] = []): Promise<BenchProxy> {
  bundled ??= bundleNode('bench/proxy-child.ts', 'dist/bench/proxy-child.js');
  const child: ChildProcess = fork(await bundled, [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--expose-gc', ...execArgv],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) resolve(message.url);
    });
    child.once('exit', (code) => reject(new Error(`bench proxy exited early (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? 0,
    cpuMicros: () => askCpu(child),
    rssBytes: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type?: string; rss?: number }) => {
          if (message.type !== 'rss') return;
          child.off('message', onMessage);
          resolve(message.rss ?? 0);
        };
        child.on('message', onMessage);
        child.send({ type: 'rss' });
      }),
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

export function vendorTier(name: string, baseUrl: string, extra: object = {}): object {
  return { name, kind: 'anthropic-compatible', baseUrl, apiKey: `${name}-key`, ...extra };
}
