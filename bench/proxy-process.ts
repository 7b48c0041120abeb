// Starts bench/proxy-child.ts with a config and gives the benchmark its URL, its RSS and CPU, and a way to stop it.
// The child runs bundled, as the shipped CLI does (dist/cli.js), so latency and RSS are those users get.
import { bundleNode } from '../scripts/bundle-node.ts';
import { askChild, type BenchChild, forkChild } from './bench-child.ts';

let bundled: Promise<string> | undefined;

export interface BenchProxy extends BenchChild {
  rssBytes(): Promise<number>;
}

export async function startBenchProxy(config: object, execArgv: string[] = []): Promise<BenchProxy> {
  bundled ??= bundleNode('bench/proxy-child.ts', 'dist/bench/proxy-child.js');
  const proxy = await forkChild(await bundled, [JSON.stringify(config)], ['--expose-gc', ...execArgv]);
  return { ...proxy, rssBytes: () => askChild(proxy.child, 'rss', 'rss') };
}

export function vendorTier(name: string, baseUrl: string, extra: object = {}): object {
  return { name, kind: 'anthropic-compatible', baseUrl, apiKey: `${name}-key`, ...extra };
}
