// `npm run bench`: the proxy (in a child process, with its ledger) against a direct connection to the same fake
// vendor on 127.0.0.1, plus converter and ledger figures. Prints one table with targets; never part of npm test.
import { writeFileSync } from 'node:fs';
import { benchLedger } from './ledger.bench.ts';
import { type BenchRow, markdownTable, printTable, round } from './bench-row.ts';
import { startBenchVendor } from './bench-vendor.ts';
import { client } from './load-client.ts';
import { measureConverters } from './measure-converters.ts';
import { measureFailover } from './measure-failover.ts';
import { measureLatency } from './measure-latency.ts';
import { measureMemory } from './measure-memory.ts';
import { measureTokenEstimate } from './measure-token-estimate.ts';
import { startBenchProxy, vendorTier } from './proxy-process.ts';

const started = performance.now();
const rows: BenchRow[] = [];
const section = (title: string) => rows.push({ name: `— ${title}`, value: 0, unit: '' });
const healthy = await startBenchVendor();
const failing = await startBenchVendor({ failStatus: 529 });
const proxy = await startBenchProxy(
  { vendors: [vendorTier('healthy', healthy.url)] },
  process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [],
);
try {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const idle = await proxy.rssBytes();
  section('latency and throughput (proxy vs direct)');
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
  section('stream converters');
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
  await client.close();
  await healthy.close();
  await failing.close();
}
rows.push({ name: 'bench wall time', value: round((performance.now() - started) / 1000, 1), unit: 's' });
printTable(
  rows.map((r) => (r.name.startsWith('—') ? { name: r.name, value: '' as unknown as number, unit: '' } : r)),
);
if (process.argv.includes('--markdown'))
  writeFileSync('bench/last-run.md', `${markdownTable(rows.filter((r) => !r.name.startsWith('—')))}\n`);

function ledgerTarget(name: string): ((value: number) => Pick<BenchRow, 'target' | 'pass'>) | undefined {
  if (name.startsWith('ledger record()')) return (v) => ({ target: '≥ 20000 rows/s', pass: v >= 20_000 });
  if (name.startsWith('queryUsage day×30'))
    return (v) => ({ target: '< 300 ms (usage over 1M rows)', pass: v < 300 });
  if (name.startsWith('queryUsage day×7')) return (v) => ({ target: '< 300 ms', pass: v < 300 });
  return undefined;
}
