// The proxy process's RSS idle and with 200 streams in flight (paced so they are all open at once).
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import { runConcurrent, timeStream } from './load-client.ts';
import type { BenchProxy } from './proxy-process.ts';

const MB = 1024 * 1024;

export async function measureMemory(proxy: BenchProxy, idleBytes: number): Promise<BenchRow[]> {
  let peak = 0;
  const load = runConcurrent(200, 200, (i) => timeStream(proxy.url, `paced-memory-${i}`));
  // Sample while every stream is open (300 deltas × 2 ms ≈ 0.6 s each).
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 120));
    peak = Math.max(peak, await proxy.rssBytes());
  }
  await load;
  const idle = idleBytes / MB;
  const busy = peak / MB;
  return [
    { name: 'proxy RSS idle', value: round(idle, 1), unit: 'MB', target: '≤ 80 MB', pass: idle <= 80 },
    {
      name: 'proxy RSS at 200 concurrent streams',
      value: round(busy, 1),
      unit: 'MB',
      target: '≤ 150 MB',
      pass: busy <= 150,
    },
  ];
}
