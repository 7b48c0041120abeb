// The upstream streams of the converting vendors, as the benchmark's fake vendor sends them and the in-process
// converter bench feeds them: an OpenAI Chat Completions stream and a Gemini streamGenerateContent stream, each
// DELTAS text chunks long with a final usage chunk (shapes as the vendors document them; see
// src-main/core/vendors/openai/stream.test.ts and gemini/stream.test.ts for the recorded originals).
import { encodeFrame, type SseFrame } from '../src-main/core/sse/sse-frame.ts';

export const DELTAS = 300;
const word = (i: number) => `token${i} `;

export function openAIFrames(): SseFrame[] {
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

export function geminiFrames(): SseFrame[] {
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

/** The frames as the vendor's bytes, one string per frame. */
export const encodeAll = (frames: readonly SseFrame[]): string[] => frames.map(encodeFrame);
