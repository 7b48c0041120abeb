// Failover cost: the client's time to first delta when tier 1 answers 529 at once, against a direct request to
// tier 2; then with tier 1's breaker open, which must cost no upstream call at all.
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import type { BenchVendor } from './bench-vendor.ts';
import { percentile, timeStream } from './load-client.ts';
import { startBenchProxy, vendorTier } from './proxy-process.ts';

const SAMPLES = 200;

async function firstDeltas(base: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) out.push((await timeStream(base)).firstDeltaMs);
  return out;
}

export async function measureFailover(
  healthy: BenchVendor,
  failing: BenchVendor,
  plainProxyUrl: string,
): Promise<BenchRow[]> {
  const viaFailover = await startBenchProxy({
    vendors: [
      vendorTier('failing', failing.url, { circuitBreaker: { failureThreshold: 1_000_000 } }),
      vendorTier('healthy', healthy.url),
    ],
  });
  const viaOpenBreaker = await startBenchProxy({
    vendors: [
      vendorTier('failing', failing.url, {
        circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 3600 },
      }),
      vendorTier('healthy', healthy.url),
    ],
  });
  try {
    await firstDeltas(viaFailover.url, 50);
    await firstDeltas(viaOpenBreaker.url, 50); // the first of these trips the breaker
    await firstDeltas(healthy.url, 50);
    await firstDeltas(plainProxyUrl, 50);
    const direct: number[] = [];
    const plain: number[] = [];
    const failover: number[] = [];
    const open: number[] = [];
    const callsBefore = failing.calls();
    for (let round_ = 0; round_ < 4; round_++) {
      direct.push(...(await firstDeltas(healthy.url, SAMPLES / 4)));
      plain.push(...(await firstDeltas(plainProxyUrl, SAMPLES / 4)));
      open.push(...(await firstDeltas(viaOpenBreaker.url, SAMPLES / 4)));
    }
    const openCalls = failing.calls() - callsBefore;
    for (let round_ = 0; round_ < 4; round_++)
      failover.push(...(await firstDeltas(viaFailover.url, SAMPLES / 4)));
    const directP50 = percentile(direct, 50);
    const failoverCost = percentile(failover, 50) - directP50;
    const overPlainProxy = percentile(failover, 50) - percentile(plain, 50);
    return [
      { name: 'direct tier-2 first delta p50', value: round(directP50, 3), unit: 'ms' },
      { name: 'proxy (no failover) first delta p50', value: round(percentile(plain, 50), 3), unit: 'ms' },
      {
        name: 'failover (tier 1 → 529) first delta p50',
        value: round(percentile(failover, 50), 3),
        unit: 'ms',
      },
      {
        name: 'failover cost beyond tier 2 direct (p50)',
        value: round(failoverCost, 3),
        unit: 'ms',
        target: '≤ 1 ms',
        pass: failoverCost <= 1,
      },
      {
        name: '  of which the 529 round trip (vs proxy without failover)',
        value: round(overPlainProxy, 3),
        unit: 'ms',
      },
      {
        name: 'tier 1 breaker open: first delta p50',
        value: round(percentile(open, 50), 3),
        unit: 'ms',
      },
      {
        name: 'tier 1 breaker open: upstream calls to tier 1',
        value: openCalls,
        unit: `calls in ${SAMPLES} requests`,
        target: '0',
        pass: openCalls === 0,
      },
    ];
  } finally {
    await viaFailover.stop();
    await viaOpenBreaker.stop();
  }
}
