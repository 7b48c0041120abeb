// Converting tiers end to end: the proxy with an OpenAI-compatible tier and with a Gemini tier, each turning the
// fake vendor's 300-chunk stream into an Anthropic one for 64 concurrent clients, beside the minimal relay passing
// the same upstream bytes through unconverted (the floor any converting proxy is above), in alternating rounds.
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import { DELTAS } from './converter-streams.ts';
import { drainStream, percentile, runConcurrent, SMALL_STREAM_BODY } from './load-client.ts';
import type { BenchProxy } from './proxy-process.ts';
import { startBenchProxy } from './proxy-process.ts';

interface Meter {
  url: string;
  cpuMicros(): Promise<number>;
}

const KINDS = {
  OpenAI: {
    tier: (url: string) => ({ name: 'openai', kind: 'openai-compatible', baseUrl: `${url}/v1`, apiKey: 'k' }),
    relayed: { path: '/v1/chat/completions', end: '[DONE]' },
  },
  Gemini: {
    tier: (url: string) => ({
      name: 'gemini',
      kind: 'gemini',
      baseUrl: `${url}/v1beta`,
      apiKey: 'gemini-key',
    }),
    relayed: { path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', end: 'totalTokenCount' },
  },
} as const;

async function run(
  meter: Meter,
  streams: number,
  relayed?: { path: string; end: string },
): Promise<{ chunks: number; cpu: number }> {
  const before = await meter.cpuMicros();
  const started = performance.now();
  await runConcurrent(64, streams, () => drainStream(meter.url, SMALL_STREAM_BODY, relayed));
  const seconds = (performance.now() - started) / 1000;
  return { chunks: (streams * DELTAS) / seconds, cpu: ((await meter.cpuMicros()) - before) / streams };
}

export async function measureConverting(
  vendorUrl: string,
  relay: Meter,
  options: { rounds?: number; streams?: number } = {},
): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 3;
  const streams = options.streams ?? 320;
  const rows: BenchRow[] = [];
  for (const [name, kind] of Object.entries(KINDS)) {
    const proxy: BenchProxy = await startBenchProxy({ vendors: [kind.tier(vendorUrl)] });
    try {
      await run(proxy, 128);
      await run(relay, 128, kind.relayed);
      const out = {
        proxy: [] as number[],
        relay: [] as number[],
        proxyCpu: [] as number[],
        relayCpu: [] as number[],
      };
      for (let r = 0; r < rounds; r++) {
        const p = await run(proxy, streams);
        const q = await run(relay, streams, kind.relayed);
        out.proxy.push(p.chunks);
        out.relay.push(q.chunks);
        out.proxyCpu.push(p.cpu);
        out.relayCpu.push(q.cpu);
      }
      const ratios = out.proxy.map((v, i) => v / (out.relay[i] ?? Number.NaN));
      rows.push(
        {
          name: `${name} tier @64: proxy (converting) / relay (same bytes unconverted)`,
          value: Math.round(percentile(out.proxy, 50)),
          unit: `/ ${Math.round(percentile(out.relay, 50))} chunks/s`,
        },
        {
          name: `  ${name} tier throughput proxy / relay`,
          value: round(percentile(ratios, 50), 3),
          unit: `× (rounds ${ratios.map((v) => round(v, 2)).join(', ')})`,
        },
        {
          name: `  ${name} tier CPU per stream: relay / proxy`,
          value: Math.round(percentile(out.relayCpu, 50)),
          unit: `/ ${Math.round(percentile(out.proxyCpu, 50))} µs (${DELTAS} chunks)`,
        },
      );
    } finally {
      await proxy.stop();
    }
  }
  return rows;
}
