// The headline figures: the proxy against the floor (a minimal Node relay, bench/minimal-relay.ts) and against a
// direct connection, all three to the same fake vendor process, measured in alternating rounds so each sees the
// same machine noise. Ratios and differences are taken per round; the spread across rounds is printed with them.
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import { conversationBody } from './conversation.ts';
import { drainStream, percentile, runConcurrent, SMALL_STREAM_BODY } from './load-client.ts';

export interface FloorUrls {
  direct: string;
  relay: string;
  proxy: string;
}
type Path = keyof FloorUrls;
/** CPU time (µs) of the process in the middle — the relay's and the proxy's — robust to the machine's other load. */
export type CpuMeters = Record<'relay' | 'proxy', () => Promise<number>>;
const PATHS: Path[] = ['proxy', 'relay', 'direct'];

export interface FloorOptions {
  rounds?: number;
  /** Streams per throughput run (64 in flight). */
  streams?: number;
  /** Sequential small requests per path per round. */
  sequential?: number;
  /** Size of the Claude Code–shaped request body for the large-body line. */
  largeBodyBytes?: number;
  log?: (line: string) => void;
}

const median = (values: number[]) => percentile(values, 50);
const spread = (values: number[], digits: number) =>
  `${round(Math.min(...values), digits)}…${round(Math.max(...values), digits)}`;

/** Streams per second at 64 in flight, and the middle process's CPU µs per stream (NaN for direct). */
async function throughput(
  base: string,
  streams: number,
  cpu?: () => Promise<number>,
): Promise<{ rate: number; cpu: number }> {
  const cpuBefore = cpu ? await cpu() : Number.NaN;
  const started = performance.now();
  await runConcurrent(64, streams, () => drainStream(base, SMALL_STREAM_BODY));
  const rate = streams / ((performance.now() - started) / 1000);
  return { rate, cpu: cpu ? ((await cpu()) - cpuBefore) / streams : Number.NaN };
}

/** p50 of whole-stream times per path, requests interleaved one by one (proxy, relay, direct, proxy, …). */
async function sequentialP50(urls: FloorUrls, body: string, count: number): Promise<Record<Path, number>> {
  const times: Record<Path, number[]> = { proxy: [], relay: [], direct: [] };
  for (let i = 0; i < count; i++)
    for (const path of PATHS) times[path].push((await drainStream(urls[path], body)).totalMs);
  return { proxy: median(times.proxy), relay: median(times.relay), direct: median(times.direct) };
}

export async function measureFloor(
  urls: FloorUrls,
  meters: CpuMeters,
  options: FloorOptions = {},
): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 5;
  const streams = options.streams ?? 640;
  const sequential = options.sequential ?? 100;
  const largeBody = conversationBody(options.largeBodyBytes ?? 300_000);
  const log = options.log ?? (() => {});
  for (const path of PATHS) await throughput(urls[path], 256); // warm pools and JIT
  await sequentialP50(urls, SMALL_STREAM_BODY, 30);
  await sequentialP50(urls, largeBody, 5);

  const rate: Record<Path, number[]> = { proxy: [], relay: [], direct: [] };
  const cpu: Record<Path, number[]> = { proxy: [], relay: [], direct: [] };
  const seq: Record<Path, number[]> = { proxy: [], relay: [], direct: [] };
  const large: Record<Path, number[]> = { proxy: [], relay: [], direct: [] };
  for (let r = 0; r < rounds; r++) {
    // Rotate who goes first, so no path always runs right after the same other one.
    const order = PATHS.map((_, i) => PATHS[(i + r) % PATHS.length] as Path);
    for (const path of order) {
      const run = await throughput(urls[path], streams, path === 'direct' ? undefined : meters[path]);
      rate[path].push(run.rate);
      cpu[path].push(run.cpu);
    }
    const small = await sequentialP50(urls, SMALL_STREAM_BODY, sequential);
    const big = await sequentialP50(urls, largeBody, Math.max(10, sequential / 5));
    for (const path of PATHS) {
      seq[path].push(small[path]);
      large[path].push(big[path]);
    }
    log(
      `  round ${r + 1}/${rounds}: streams/s proxy ${Math.round(rate.proxy[r] ?? 0)} relay ${Math.round(rate.relay[r] ?? 0)} direct ${Math.round(rate.direct[r] ?? 0)}; CPU µs/stream proxy ${Math.round(cpu.proxy[r] ?? 0)} relay ${Math.round(cpu.relay[r] ?? 0)}; sequential p50 ms proxy ${round(small.proxy, 3)} relay ${round(small.relay, 3)} direct ${round(small.direct, 3)}`,
    );
  }

  const perRound = (f: (r: number) => number) => Array.from({ length: rounds }, (_, r) => f(r));
  const at = (values: number[], r: number) => values[r] ?? Number.NaN;
  const proxyOverRelay = perRound((r) => at(rate.proxy, r) / at(rate.relay, r));
  const proxyOverDirect = perRound((r) => at(rate.proxy, r) / at(rate.direct, r));
  const relayOverDirect = perRound((r) => at(rate.relay, r) / at(rate.direct, r));
  const cpuRatio = perRound((r) => at(cpu.proxy, r) / at(cpu.relay, r));
  const addedOverRelay = perRound((r) => at(seq.proxy, r) - at(seq.relay, r));
  const relayOverDirectMs = perRound((r) => at(seq.relay, r) - at(seq.direct, r));
  const largeAdded = perRound((r) => at(large.proxy, r) - at(large.relay, r));
  const rates = (path: Path) => ({
    name: `streaming throughput @64, ${path}`,
    value: Math.round(median(rate[path])),
    unit: `streams/s (rounds ${spread(rate[path], 0)})`,
  });
  const ratio = median(proxyOverRelay);
  const added = median(addedOverRelay);
  return [
    rates('direct'),
    rates('relay'),
    rates('proxy'),
    {
      name: 'throughput proxy / relay @64',
      value: round(ratio, 3),
      unit: `× (rounds ${spread(proxyOverRelay, 2)})`,
      target: '≥ 0.9×',
      pass: ratio >= 0.9,
    },
    {
      name: 'throughput proxy / direct @64',
      value: round(median(proxyOverDirect), 3),
      unit: `× (rounds ${spread(proxyOverDirect, 2)})`,
    },
    {
      name: '  (relay / direct @64)',
      value: round(median(relayOverDirect), 3),
      unit: `× (rounds ${spread(relayOverDirect, 2)})`,
    },
    {
      name: 'CPU per stream (64 in flight): relay / proxy',
      value: Math.round(median(cpu.relay)),
      unit: `/ ${Math.round(median(cpu.proxy))} µs`,
    },
    {
      name: '  CPU proxy / relay per stream',
      value: round(median(cpuRatio), 3),
      unit: `× (rounds ${spread(cpuRatio, 2)})`,
    },
    {
      name: 'sequential stream p50: direct / relay / proxy',
      value: round(median(seq.direct), 3),
      unit: `/ ${round(median(seq.relay), 3)} / ${round(median(seq.proxy), 3)} ms`,
    },
    {
      name: 'sequential p50 added over the relay',
      value: round(added, 3),
      unit: `ms (rounds ${spread(addedOverRelay, 3)})`,
      target: '≤ +0.15 ms',
      pass: added <= 0.15,
    },
    {
      name: '  (relay over direct, sequential p50)',
      value: round(median(relayOverDirectMs), 3),
      unit: `ms (rounds ${spread(relayOverDirectMs, 3)})`,
    },
    {
      name: `sequential p50 added over the relay, ${Math.round(largeBody.length / 1000)} KB Claude Code–shaped body`,
      value: round(median(largeAdded), 3),
      unit: `ms (rounds ${spread(largeAdded, 3)}; relay ${round(median(large.relay), 2)} ms)`,
    },
  ];
}
