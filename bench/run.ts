// `npm run bench`: the proxy (in a child process, with its SQLite ledger) against the floor — a minimal Node relay
// (bench/minimal-relay.ts) — and a direct connection, in the same run, to the same fake vendor process; then a CPU
// profile of the proxy under 64-way streaming load, and the older latency, failover, memory, converter and ledger
// figures. Prints one table with targets; never part of npm test.
//   --floor        only the floor comparison and the profile (~40 s)
//   --no-profile   skip the profiled run
//   --rounds N     alternating rounds for the floor comparison (default 5)
//   --markdown     also write the table to bench/last-run.md
import { writeFileSync } from 'node:fs';
import { benchLedger } from './ledger.bench.ts';
import { forkBenchChild } from './bench-child.ts';
import { type BenchRow, markdownTable, printTable, round } from './bench-row.ts';
import { startBenchVendor } from './bench-vendor.ts';
import { client } from './load-client.ts';
import { measureConverters } from './measure-converters.ts';
import { measureConverting } from './measure-converting.ts';
import { measureFailover } from './measure-failover.ts';
import { measureFloor } from './measure-floor.ts';
import { measureLatency } from './measure-latency.ts';
import { measureMemory } from './measure-memory.ts';
import { profileProxy } from './measure-profile.ts';
import { measureRequestWork } from './measure-request-work.ts';
import { measureTokenEstimate } from './measure-token-estimate.ts';
import { startBenchProxy, vendorTier } from './proxy-process.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 5;

const started = performance.now();
const rows: BenchRow[] = [];
const section = (title: string) => rows.push({ name: `— ${title}`, value: 0, unit: '' });
const progress = (line: string) => console.error(line);

// The floor: vendor, relay and proxy each in their own process; the load client is this one.
const vendor = await forkBenchChild('vendor-child.ts');
const relay = await forkBenchChild('minimal-relay.ts', [vendor.url]);
const floorProxy = await startBenchProxy({ vendors: [vendorTier('healthy', vendor.url)] });
let profile = '';
try {
  section('floor: proxy vs minimal relay vs direct (Anthropic-wire tier, ledger on)');
  progress(`floor: ${rounds} alternating rounds (proxy / relay / direct)…`);
  rows.push(
    ...(await measureFloor(
      { direct: vendor.url, relay: relay.url, proxy: floorProxy.url },
      { relay: relay.cpuMicros, proxy: floorProxy.cpuMicros },
      { rounds, log: progress },
    )),
  );
  await floorProxy.stop();
  section('per-request work on a long conversation (CPU, in-process)');
  rows.push(...measureRequestWork());
  section('converting tiers end to end (OpenAI, Gemini → Anthropic)');
  progress('converting tiers…');
  rows.push(...(await measureConverting(vendor.url, relay)));
  await relay.stop();
  if (!flag('--no-profile')) {
    progress('profile: the proxy under 64 concurrent streams (--cpu-prof)…');
    profile = await profileProxy(vendor.url);
  }
} finally {
  await floorProxy.stop();
  await relay.stop();
  await vendor.stop();
}

if (!flag('--floor')) await olderSections();
await client.close();
rows.push({ name: 'bench wall time', value: round((performance.now() - started) / 1000, 1), unit: 's' });
printTable(
  rows.map((r) => (r.name.startsWith('—') ? { name: r.name, value: '' as unknown as number, unit: '' } : r)),
);
if (profile) console.log(`\nCPU profile of the proxy under 64 concurrent streams\n${profile}`);
if (flag('--markdown'))
  writeFileSync('bench/last-run.md', `${markdownTable(rows.filter((r) => !r.name.startsWith('—')))}\n`);

/** Added latency per concurrency, failover, memory, converters and ledger (vendor in this process). */
async function olderSections(): Promise<void> {
  progress('latency, failover, memory, converters, ledger…');
  const healthy = await startBenchVendor();
  const failing = await startBenchVendor({ failStatus: 529 });
  const proxy = await startBenchProxy({ vendors: [vendorTier('healthy', healthy.url)] });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idle = await proxy.rssBytes();
    section('latency and throughput (proxy vs direct, vendor in the load client’s process)');
    rows.push(...(await measureLatency(healthy, proxy.url)));
    section('failover');
    rows.push(...(await measureFailover(healthy, failing, proxy.url)));
    section('memory');
    // A fresh process: the latency runs above (up to 256 in flight) grow the heap, and V8 keeps those pages.
    rows.push({
      name: 'RSS of the load-tested proxy (idle at start → after the runs)',
      value: round(idle / 1048576, 1),
      unit: `MB → ${round((await proxy.rssBytes()) / 1048576, 1)} MB`,
    });
    const fresh = await startBenchProxy({ vendors: [vendorTier('healthy', healthy.url)] });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      rows.push(...(await measureMemory(fresh, await fresh.rssBytes())));
    } finally {
      await fresh.stop();
    }
    section('stream converters in-process (chunks per CPU second)');
    rows.push(...measureConverters());
    section('token estimate (context-window-aware tiers, count_tokens)');
    rows.push(...(await measureTokenEstimate()));
    section('ledger');
    for (const row of await benchLedger()) {
      const bar = ledgerTarget(row.name);
      rows.push(bar ? { ...row, ...bar(row.value) } : row);
    }
  } finally {
    await proxy.stop();
    await healthy.close();
    await failing.close();
  }
}

function ledgerTarget(name: string): ((value: number) => Pick<BenchRow, 'target' | 'pass'>) | undefined {
  if (name.startsWith('ledger record()')) return (v) => ({ target: '≥ 20000 rows/s', pass: v >= 20_000 });
  if (name.startsWith('queryUsage day×30'))
    return (v) => ({ target: '< 300 ms (usage over 1M rows)', pass: v < 300 });
  if (name.startsWith('queryUsage day×7')) return (v) => ({ target: '< 300 ms', pass: v < 300 });
  return undefined;
}
