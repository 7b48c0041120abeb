// Stream converter throughput: OpenAI Chat Completions chunks and Gemini responses → Anthropic events, in-process.
import type { SseFrame } from '../src-main/core/sse/sse-frame.ts';
import { createGeminiStreamTranslator } from '../src-main/core/vendors/gemini/stream.ts';
import { createOpenAIStreamTranslator } from '../src-main/core/vendors/openai/stream.ts';
import type { StreamTranslator } from '../src-main/core/vendors/vendor-adapter.ts';
import type { BenchRow } from './bench-row.ts';
import { DELTAS } from './bench-vendor.ts';

const word = (i: number) => `token${i} `;

function openAIFrames(): SseFrame[] {
  const chunk = (delta: object, finish: string | null = null) =>
    JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      model: 'gpt-4.1',
      choices: [{ index: 0, delta, finish_reason: finish }],
      usage: null,
    });
  const frames: SseFrame[] = [{ event: '', data: chunk({ role: 'assistant', content: '' }) }];
  for (let i = 0; i < DELTAS; i++) frames.push({ event: '', data: chunk({ content: word(i) }) });
  frames.push({ event: '', data: chunk({}, 'stop') });
  frames.push({
    event: '',
    data: JSON.stringify({
      id: 'chatcmpl-bench',
      choices: [],
      usage: { prompt_tokens: 1200, completion_tokens: 600 },
    }),
  });
  frames.push({ event: '', data: '[DONE]' });
  return frames;
}

function geminiFrames(): SseFrame[] {
  const frames: SseFrame[] = [];
  for (let i = 0; i < DELTAS; i++) {
    frames.push({
      event: '',
      data: JSON.stringify({
        candidates: [{ content: { role: 'model', parts: [{ text: word(i) }] }, index: 0 }],
        responseId: 'resp-bench',
        modelVersion: 'gemini-2.5-pro',
      }),
    });
  }
  frames.push({
    event: '',
    data: JSON.stringify({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1200, candidatesTokenCount: 600, totalTokenCount: 1800 },
      responseId: 'resp-bench',
    }),
  });
  return frames;
}

function eventsPerSecond(
  frames: SseFrame[],
  create: () => StreamTranslator,
  seconds = 1,
): { input: number; output: number } {
  let inputEvents = 0;
  let outputEvents = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    const translator = create();
    for (const frame of frames) outputEvents += translator.push(frame).length;
    outputEvents += translator.end().length;
    inputEvents += frames.length;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { input: inputEvents / elapsed, output: outputEvents / elapsed };
}

export function measureConverters(): BenchRow[] {
  const ctx = { requestedModel: 'claude-sonnet-4-5', upstreamModel: 'vendor-model' };
  const openai = openAIFrames();
  const gemini = geminiFrames();
  eventsPerSecond(openai, () => createOpenAIStreamTranslator(ctx), 0.3);
  eventsPerSecond(gemini, () => createGeminiStreamTranslator(ctx), 0.3);
  const o = eventsPerSecond(openai, () => createOpenAIStreamTranslator(ctx));
  const g = eventsPerSecond(gemini, () => createGeminiStreamTranslator(ctx));
  return [
    { name: 'OpenAI→Anthropic converter (input chunks)', value: Math.round(o.input), unit: 'events/s' },
    { name: 'OpenAI→Anthropic converter (output events)', value: Math.round(o.output), unit: 'events/s' },
    { name: 'Gemini→Anthropic converter (input chunks)', value: Math.round(g.input), unit: 'events/s' },
    { name: 'Gemini→Anthropic converter (output events)', value: Math.round(g.output), unit: 'events/s' },
  ];
}
