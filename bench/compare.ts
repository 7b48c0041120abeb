// `node bench/compare.ts <other-checkout> [rounds] [concurrency]`: this tree's proxy against another checkout's (e.g. a
// `git worktree` at an older commit), both bundled from their own sources, same fake vendor process, runs
// interleaved. Prints the CPU time per stream of each (robust to the machine's other load, unlike throughput)
// and streams/s at 64 in flight (or the concurrency given: 1 shows per-request work), per round and as medians —
// the way each hot-path change was measured.
import { resolve } from 'node:path';
import { forkBenchChild } from './bench-child.ts';
import { round } from './bench-row.ts';
import { client, drainStream, percentile, runConcurrent, SMALL_STREAM_BODY } from './load-client.ts';
import { type BenchProxy, startBenchProxy, vendorTier } from './proxy-process.ts';

const other = process.argv[2];
if (!other) throw new Error('usage: node bench/compare.ts <other-checkout> [rounds]');
const rounds = Number(process.argv[3] ?? 6);
const concurrency = Number(process.argv[4] ?? 64);
const streams = concurrency === 1 ? 1000 : 640;
const theirs = (await import(resolve(other, 'bench/proxy-process.ts'))) as {
  startBenchProxy: typeof startBenchProxy;
};

const vendor = await forkBenchChild('vendor-child.ts');
const config = { vendors: [vendorTier('healthy', vendor.url)] };
const proxies: Record<'this' | 'other', BenchProxy> = {
  this: await startBenchProxy(config),
  other: await theirs.startBenchProxy(config),
};
const cpu: Record<string, number[]> = { this: [], other: [] };
const rate: Record<string, number[]> = { this: [], other: [] };
try {
  for (const proxy of Object.values(proxies))
    await runConcurrent(64, 512, () => drainStream(proxy.url, SMALL_STREAM_BODY));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['this', 'other'] as const) : (['other', 'this'] as const);
    for (const name of order) {
      const proxy = proxies[name];
      const before = await proxy.cpuMicros();
      const started = performance.now();
      await runConcurrent(concurrency, streams, () => drainStream(proxy.url, SMALL_STREAM_BODY));
      rate[name]?.push(streams / ((performance.now() - started) / 1000));
      cpu[name]?.push(((await proxy.cpuMicros()) - before) / streams);
    }
    console.log(
      `round ${r + 1}: CPU µs/stream this ${Math.round(cpu.this?.[r] ?? 0)} other ${Math.round(cpu.other?.[r] ?? 0)}; streams/s this ${Math.round(rate.this?.[r] ?? 0)} other ${Math.round(rate.other?.[r] ?? 0)}`,
    );
  }
} finally {
  await proxies.this.stop();
  await proxies.other.stop();
  await vendor.stop();
  await client.close();
}
const ratios = (values: Record<string, number[]>) =>
  (values.this ?? []).map((v, i) => v / (values.other?.[i] ?? Number.NaN));
const med = (values: number[]) => round(percentile(values, 50), 3);
console.log(
  `median CPU µs/stream: this ${Math.round(percentile(cpu.this ?? [], 50))}, other ${Math.round(percentile(cpu.other ?? [], 50))}; this/other ${med(ratios(cpu))} (rounds ${ratios(
    cpu,
  )
    .map((v) => round(v, 2))
    .join(' ')})`,
);
console.log(
  `median streams/s this/other ${med(ratios(rate))} (rounds ${ratios(rate)
    .map((v) => round(v, 2))
    .join(' ')})`,
);
