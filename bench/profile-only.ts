// `node bench/profile-only.ts [streams] [top] [concurrency]`: only the profiled run of bench/run.ts (a fresh proxy
// under 64 concurrent streams, ranked by self time), for iterating on the hot path without the whole comparison.
// Concurrency 1 profiles the per-request work (what the sequential latency pays).
import { forkBenchChild } from './bench-child.ts';
import { client } from './load-client.ts';
import { profileProxy } from './measure-profile.ts';

const vendor = await forkBenchChild('vendor-child.ts');
try {
  const [streams, top, concurrency] = [2, 3, 4].map((i) => Number(process.argv[i]) || undefined);
  console.log(await profileProxy(vendor.url, streams, top, concurrency));
} finally {
  await vendor.stop();
  await client.close();
}
