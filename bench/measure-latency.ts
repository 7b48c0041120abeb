// Added latency (non-stream p50/p99, stream first-delta), throughput ratio and inter-chunk delay: the proxy and a
// direct connection to the same fake vendor, measured in turns in one run so both see the same machine state.
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import type { BenchVendor } from './bench-vendor.ts';
import { percentile, runConcurrent, timeNonStream, timeStream } from './load-client.ts';

const CONCURRENCY = [1, 16, 64, 256];

async function sampleBoth<T>(
  direct: string,
  proxy: string,
  rounds: number,
  run: (base: string) => Promise<T[]>,
): Promise<{ direct: T[]; proxy: T[] }> {
  const out = { direct: [] as T[], proxy: [] as T[] };
  for (let r = 0; r < rounds; r++) {
    out.direct.push(...(await run(direct)));
    out.proxy.push(...(await run(proxy)));
  }
  return out;
}

export async function measureLatency(vendor: BenchVendor, proxyUrl: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // Warm both paths (connection pools, JIT).
  await runConcurrent(16, 400, () => timeNonStream(vendor.url));
  await runConcurrent(16, 400, () => timeNonStream(proxyUrl));
  await runConcurrent(16, 100, () => timeStream(proxyUrl));

  for (const concurrency of CONCURRENCY) {
    const total = Math.max(300, concurrency * 6);
    const { direct, proxy } = await sampleBoth(vendor.url, proxyUrl, 2, (base) =>
      runConcurrent(concurrency, total / 2, () => timeNonStream(base)),
    );
    const added50 = percentile(proxy, 50) - percentile(direct, 50);
    const added99 = percentile(proxy, 99) - percentile(direct, 99);
    const gated = concurrency === 64;
    rows.push({
      name: `non-stream added latency p50 @${concurrency}`,
      value: round(added50, 3),
      unit: 'ms',
      ...(gated ? { target: '≤ 0.5 ms', pass: added50 <= 0.5 } : {}),
    });
    rows.push({
      name: `non-stream added latency p99 @${concurrency}`,
      value: round(added99, 3),
      unit: 'ms',
      ...(gated ? { target: '≤ 3 ms', pass: added99 <= 3 } : {}),
    });
    rows.push({
      name: `  (direct p50/p99 @${concurrency})`,
      value: round(percentile(direct, 50), 2),
      unit: `/ ${round(percentile(direct, 99), 2)} ms`,
    });
  }

  for (const concurrency of CONCURRENCY) {
    const total = Math.max(100, concurrency * 3);
    const { direct, proxy } = await sampleBoth(vendor.url, proxyUrl, 2, (base) =>
      runConcurrent(concurrency, total / 2, async () => (await timeStream(base)).firstDeltaMs),
    );
    rows.push({
      name: `stream added TTFB (first delta) p50 @${concurrency}`,
      value: round(percentile(proxy, 50) - percentile(direct, 50), 3),
      unit: 'ms',
    });
    rows.push({
      name: `stream added TTFB (first delta) p99 @${concurrency}`,
      value: round(percentile(proxy, 99) - percentile(direct, 99), 3),
      unit: 'ms',
    });
  }

  // Throughput: whole 300-delta streams per second at 64 in flight.
  const streams = 640;
  const throughput = async (base: string) => {
    const started = performance.now();
    await runConcurrent(64, streams, () => timeStream(base));
    return streams / ((performance.now() - started) / 1000);
  };
  const directRate = await throughput(vendor.url);
  const proxyRate = await throughput(proxyUrl);
  const ratio = proxyRate / directRate;
  rows.push({ name: 'stream throughput direct @64', value: Math.round(directRate), unit: 'streams/s' });
  rows.push({ name: 'stream throughput proxy @64', value: Math.round(proxyRate), unit: 'streams/s' });
  rows.push({
    name: 'throughput ratio proxy/direct',
    value: round(ratio, 2),
    unit: '×',
    target: '≥ 0.6×',
    pass: ratio >= 0.6,
  });

  // Inter-chunk: deltas paced 2 ms apart; per-delta transit (vendor write → client read), proxy minus direct.
  const transit = async (base: string, runs: number) => {
    const out: number[] = [];
    for (let r = 0; r < runs; r++) {
      const tag = `paced-${base}-${r}`;
      const timing = await timeStream(base, tag);
      const sent = vendor.sendTimes.get(tag) ?? [];
      timing.arrivals.forEach((arrival, i) => {
        const at = sent[i];
        if (at !== undefined) out.push(arrival - at);
      });
      vendor.sendTimes.delete(tag);
    }
    return out;
  };
  const directTransit = await transit(vendor.url, 3);
  const proxyTransit = await transit(proxyUrl, 3);
  rows.push({
    name: 'inter-chunk delay added p50 (paced 2 ms deltas)',
    value: round(percentile(proxyTransit, 50) - percentile(directTransit, 50), 3),
    unit: 'ms',
  });
  rows.push({
    name: 'inter-chunk delay added p99 (paced 2 ms deltas)',
    value: round(percentile(proxyTransit, 99) - percentile(directTransit, 99), 3),
    unit: 'ms',
  });
  return rows;
}
