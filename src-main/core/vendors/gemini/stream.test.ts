import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamEvent } from '../../../../src-shared/anthropic.ts';
import { SseParser } from '../../sse/sse-parser.ts';
import { assertValidAnthropicStream, collectMessage, eventsFromFrames } from '../anthropic-sequence.ts';
import type { GenerateContentResponse } from './gemini-types.ts';
import { fromGeminiResponse } from './response.ts';
import { createGeminiStreamTranslator } from './stream.ts';
import { encodeThoughtSignature } from './thought-signature.ts';

const ctx = { requestedModel: 'claude-opus-4-1', upstreamModel: 'gemini-2.5-pro' };

/** Runs raw upstream SSE text (split into the given chunk sizes) through parser and translator. */
function translateRaw(raw: string, chunkSize = Math.max(raw.length, 1)): StreamEvent[] {
  const parser = new SseParser();
  const translator = createGeminiStreamTranslator(ctx);
  const frames = [];
  const bytes = new TextEncoder().encode(raw);
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    for (const frame of parser.push(bytes.subarray(offset, offset + chunkSize)))
      frames.push(...translator.push(frame));
  }
  for (const frame of parser.end()) frames.push(...translator.push(frame));
  frames.push(...translator.end());
  const events = eventsFromFrames(frames);
  assertValidAnthropicStream(events);
  return events;
}

function sse(chunks: unknown[], newline = '\n'): string {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}${newline}${newline}`).join('');
}

const usage = {
  promptTokenCount: 500,
  candidatesTokenCount: 30,
  thoughtsTokenCount: 20,
  totalTokenCount: 550,
};

const thinkingThenText: GenerateContentResponse[] = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking about ', thought: true }] } }],
    responseId: 'r1',
  },
  {
    candidates: [
      { content: { role: 'model', parts: [{ text: 'it.', thought: true, thoughtSignature: 'TS' }] } },
    ],
    responseId: 'r1',
  },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }], responseId: 'r1' },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: ' world' }] }, finishReason: 'STOP' }],
    usageMetadata: usage,
    responseId: 'r1',
  },
];

const toolCallAtTheEnd: GenerateContentResponse[] = [
  {
    candidates: [
      { content: { role: 'model', parts: [{ text: 'Plan', thought: true }, { text: 'Running ls.' }] } },
    ],
    responseId: 'r2',
  },
  {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: 'CALL' },
            { functionCall: { name: 'Read', args: { file_path: '/x' } } },
          ],
        },
        finishReason: 'STOP',
      },
    ],
    usageMetadata: usage,
    responseId: 'r2',
  },
];

describe('createGeminiStreamTranslator', () => {
  it('streams thought parts as a thinking block, then text, with usage in message_delta', () => {
    const events = translateRaw(sse(thinkingThenText));
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [
      {
        type: 'thinking',
        thinking: 'Thinking about it.',
        signature: encodeThoughtSignature('thought', 'TS'),
      },
      { type: 'text', text: 'Hello world' },
    ]);
    assert.equal(message?.stop_reason, 'end_turn');
    assert.equal(message?.model, 'claude-opus-4-1');
    const delta = events.find((event) => event.type === 'message_delta');
    assert.deepEqual(delta?.type === 'message_delta' && delta.usage, {
      input_tokens: 500,
      output_tokens: 50,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it('handles several parts per chunk and function calls in the last chunk', () => {
    const message = collectMessage(translateRaw(sse(toolCallAtTheEnd)));
    assert.ok(message);
    assert.deepEqual(
      message?.content.map((block) => block.type),
      ['thinking', 'text', 'thinking', 'tool_use', 'tool_use'],
    );
    assert.deepEqual((message.content[3] as { input: unknown }).input, { command: 'ls' });
    assert.equal(
      (message.content[2] as { signature: string }).signature,
      encodeThoughtSignature('call', 'CALL'),
    );
    assert.equal(message?.stop_reason, 'tool_use');
  });

  it('reads CRLF-separated events split at every byte', () => {
    const events = translateRaw(sse(toolCallAtTheEnd, '\r\n'), 1);
    assert.equal(collectMessage(events)?.stop_reason, 'tool_use');
  });

  it('unwraps v1internal envelopes', () => {
    const wrapped = thinkingThenText.map((response) => ({ response, traceId: 'abc' }));
    assert.equal(collectMessage(translateRaw(sse(wrapped)))?.content.length, 2);
  });

  it('gives the same blocks and tool ids as the non-stream reading of the same answer', () => {
    const streamed = collectMessage(translateRaw(sse(toolCallAtTheEnd)));
    const whole = fromGeminiResponse(
      {
        candidates: [
          {
            content: {
              parts: toolCallAtTheEnd.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []),
            },
            finishReason: 'STOP',
          },
        ],
        responseId: 'r2',
      },
      ctx,
    );
    assert.deepEqual(streamed?.content, whole.content);
  });

  it('ends a stream without a finish reason as end_turn', () => {
    const message = collectMessage(translateRaw(sse(thinkingThenText.slice(0, 3))));
    assert.equal(message?.stop_reason, 'end_turn');
  });

  it('turns an empty completion into an api_error frame so the router can fail over', () => {
    const events = translateRaw(
      sse([{ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }] }]),
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'error');
    assert.equal(events[0]?.type === 'error' && events[0].error.type, 'api_error');
  });

  it('turns an empty body into an api_error frame too', () => {
    const events = translateRaw('');
    assert.deepEqual(
      events.map((event) => event.type),
      ['error'],
    );
  });

  it('turns an error object in the stream into a mapped error frame', () => {
    const error = { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } };
    const events = translateRaw(sse([thinkingThenText[2], error, thinkingThenText[3]]));
    assert.deepEqual(
      events.map((event) => event.type),
      ['message_start', 'content_block_start', 'content_block_delta', 'error'],
    );
    const last = events.at(-1);
    assert.deepEqual(last?.type === 'error' && last.error, {
      type: 'rate_limit_error',
      message: 'Quota exceeded',
    });
  });

  it('streams a safety block as a refusal with a non-empty text', () => {
    const message = collectMessage(translateRaw(sse([{ candidates: [{ finishReason: 'SAFETY' }] }])));
    assert.equal(message?.stop_reason, 'refusal');
    assert.deepEqual(message?.content, [{ type: 'text', text: '[Gemini blocked this answer: SAFETY]' }]);
  });

  it('ignores anything after the finishing chunk', () => {
    const events = translateRaw(sse([...thinkingThenText, thinkingThenText[2]]));
    assert.equal(collectMessage(events)?.content.length, 2);
  });
});
