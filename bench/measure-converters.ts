// Converting tiers in-process, in chunks (upstream SSE events) per second of CPU: the translator alone, and the
// whole per-chunk path of a streamed answer — SSE parsing, translation, the pre-content gate, usage and encoding
// (router/stream-pump.ts) — over the vendor's bytes cut as the bench vendor writes them (ten events a write).
// The Anthropic-wire path over an Anthropic stream of the same length is the line to compare with.
import { PreContentGate } from '../src-main/core/router/pre-content-gate.ts';
import { type StreamPump, TranslatingPump, WirePump } from '../src-main/core/router/stream-pump.ts';
import { UsageAccumulator } from '../src-main/core/router/usage-accumulator.ts';
import type { SseFrame } from '../src-main/core/sse/sse-frame.ts';
import { readAnthropicWireEventError } from '../src-main/core/vendors/anthropic/errors.ts';
import { readErrorEvent } from '../src-main/core/vendors/error-shapes.ts';
import { createGeminiStreamTranslator } from '../src-main/core/vendors/gemini/stream.ts';
import { createOpenAIStreamTranslator } from '../src-main/core/vendors/openai/stream.ts';
import type { StreamErrorInfo, StreamTranslator } from '../src-main/core/vendors/vendor-adapter.ts';
import type { BenchRow } from './bench-row.ts';
import { anthropicEvents } from './bench-vendor.ts';
import { encodeAll, geminiFrames, openAIFrames } from './converter-streams.ts';

const ctx = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'vendor-model' };

/** Runs `stream` (one whole upstream stream of `chunks` chunks) for about `seconds` of CPU; chunks per CPU second. */
function chunksPerCpuSecond(chunks: number, stream: () => void, seconds: number): number {
  const started = process.cpuUsage();
  let streams = 0;
  let usedMicros = 0;
  while (usedMicros < seconds * 1e6) {
    for (let i = 0; i < 20; i++) stream();
    streams += 20;
    const used = process.cpuUsage(started);
    usedMicros = used.user + used.system;
  }
  return (streams * chunks) / (usedMicros / 1e6);
}

function translatorOnly(frames: readonly SseFrame[], create: () => StreamTranslator): () => void {
  return () => {
    const translator = create();
    for (const frame of frames) translator.push(frame);
    translator.end();
  };
}

/** The vendor's bytes, ten events a chunk, through a pump as the router relays a stream. */
function wholePath(
  events: readonly string[],
  pump: (parts: ConstructorParameters<typeof TranslatingPump>[0]) => StreamPump,
  create: () => StreamTranslator,
  readEventError: (frame: SseFrame) => StreamErrorInfo | undefined,
): () => void {
  const chunks: Buffer[] = [];
  for (let i = 0; i < events.length; i += 10) chunks.push(Buffer.from(events.slice(i, i + 10).join('')));
  return () => {
    const gate = new PreContentGate({ tierName: 'bench', readEventError });
    const parts = { gate, usage: new UsageAccumulator(), translator: create(), redact: (t: string) => t };
    const run = pump(parts);
    for (const chunk of chunks) run.push(chunk);
    run.end();
    if (gate.failure) throw new Error(`bench stream failed: ${JSON.stringify(gate.failure)}`);
  };
}

export function measureConverters(seconds = 1): BenchRow[] {
  const openai = openAIFrames();
  const gemini = geminiFrames();
  const anthropic = anthropicEvents();
  const openaiTranslator = () => createOpenAIStreamTranslator(ctx);
  const geminiTranslator = () => createGeminiStreamTranslator(ctx);
  const identity = (): StreamTranslator => ({ push: (frame) => [frame], end: () => [] });
  const cases: Array<[string, number, () => void]> = [
    ['OpenAI→Anthropic, translator alone', openai.length, translatorOnly(openai, openaiTranslator)],
    [
      'OpenAI→Anthropic, whole stream path (parse, translate, gate, encode)',
      openai.length,
      wholePath(encodeAll(openai), (p) => new TranslatingPump(p), openaiTranslator, readErrorEvent),
    ],
    ['Gemini→Anthropic, translator alone', gemini.length, translatorOnly(gemini, geminiTranslator)],
    [
      'Gemini→Anthropic, whole stream path (parse, translate, gate, encode)',
      gemini.length,
      wholePath(encodeAll(gemini), (p) => new TranslatingPump(p), geminiTranslator, readErrorEvent),
    ],
    [
      'Anthropic wire, whole stream path (for comparison)',
      anthropic.length,
      wholePath(anthropic, (p) => new WirePump(p), identity, readAnthropicWireEventError),
    ],
  ];
  for (const [, chunks, stream] of cases) chunksPerCpuSecond(chunks, stream, 0.2); // warm up
  return cases.map(([name, chunks, stream]) => ({
    name,
    value: Math.round(chunksPerCpuSecond(chunks, stream, seconds)),
    unit: 'chunks/s',
  }));
}

if (import.meta.main)
  for (const row of measureConverters()) console.log(`${row.name}: ${row.value} ${row.unit}`);
