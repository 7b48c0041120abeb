// Streams vendors really sent (tests/vendors/fixtures, each citing where it was recorded) through our SSE parser and
// the kind's translator: whole, split in two at every byte, and one byte at a time. Every way must give the same
// valid Anthropic stream, so our fakes' idea of a vendor stream is checked against the real thing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { MessagesRequest, StreamEvent } from '../../src-shared/anthropic.ts';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';
import {
  assertValidAnthropicStream,
  collectMessage,
  eventsFromFrames,
} from '../../src-main/core/vendors/anthropic-sequence.ts';
import { createGeminiStreamTranslator } from '../../src-main/core/vendors/gemini/stream.ts';
import { createOpenAIStreamTranslator } from '../../src-main/core/vendors/openai/stream.ts';
import { createResponsesStreamTranslator } from '../../src-main/core/vendors/openai-responses/stream.ts';
import type { StreamTranslator } from '../../src-main/core/vendors/vendor-adapter.ts';

const request: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'What is the weather?' }],
  tools: [
    { name: 'weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } },
  ],
};

function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Feeds the bytes in the given pieces and returns the Anthropic events our translator made of them. */
function replay(bytes: Buffer, cuts: number[], translator: () => StreamTranslator): StreamEvent[] {
  const parser = new SseParser();
  const out = translator();
  const frames = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const frame of parser.push(bytes.subarray(from, cut))) frames.push(...out.push(frame));
    from = cut;
  }
  for (const frame of parser.end()) frames.push(...out.push(frame));
  frames.push(...out.end());
  return eventsFromFrames(frames);
}

/** Whole, every two-way split, one byte at a time: all must equal the whole replay. */
function replayEveryWay(bytes: Buffer, translator: () => StreamTranslator): StreamEvent[] {
  const whole = replay(bytes, [], translator);
  assertValidAnthropicStream(whole);
  for (let cut = 1; cut < bytes.length; cut++) {
    const split = replay(bytes, [cut], translator);
    if (JSON.stringify(split) !== JSON.stringify(whole)) {
      assert.deepEqual(split, whole, `split at byte ${cut} of ${bytes.length}`);
    }
  }
  const bytewise = replay(
    bytes,
    Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
    translator,
  );
  assert.deepEqual(bytewise, whole, 'one byte at a time');
  return whole;
}

function finalUsage(events: StreamEvent[]) {
  const delta = events.find((event) => event.type === 'message_delta');
  return delta?.type === 'message_delta' ? delta.usage : undefined;
}

describe('recorded vendor streams, replayed split at every byte', () => {
  it('OpenAI Chat Completions: a tool call in argument fragments, usage after the finish', () => {
    const events = replayEveryWay(fixture('openai-chat-tool-call.sse'), () =>
      createOpenAIStreamTranslator({ requestedModel: request.model, upstreamModel: 'gpt-4.1-nano' }),
    );
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [
      {
        type: 'tool_use',
        id: 'call_PieqNSej6kM9hgYbcQdbZSaC',
        name: 'get_weather',
        input: { location: 'Tokyo' },
      },
    ]);
    assert.equal(message?.stop_reason, 'tool_use');
    assert.deepEqual(finalUsage(events), { input_tokens: 67, output_tokens: 31 });
  });

  it('Copilot Responses (gpt-5.3-codex): reasoning summary, then text, with item ids that change every event', () => {
    const events = replayEveryWay(fixture('copilot-responses-reasoning-text.sse'), () =>
      createResponsesStreamTranslator({ upstreamModel: 'gpt-5.3-codex' }),
    );
    const message = collectMessage(events);
    assert.equal(message?.model, 'gpt-5.3-codex');
    assert.deepEqual(message?.content, [
      { type: 'thinking', thinking: '**Counting character occurrences**', signature: '' },
      { type: 'text', text: 'There are **3** letter **“r”**s in **“strawberry.”**' },
    ]);
    assert.equal(message?.stop_reason, 'end_turn');
    assert.deepEqual(finalUsage(events), { input_tokens: 19, output_tokens: 105 });
  });

  it('OpenAI Responses (gpt-5.1): a forced function call with obfuscation padding on its deltas', () => {
    const events = replayEveryWay(fixture('openai-responses-tool-call.sse'), () =>
      createResponsesStreamTranslator({ upstreamModel: 'gpt-5.1' }),
    );
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [
      {
        type: 'tool_use',
        id: 'call_2FQdm3Br7Qb35YUBSkDR7kue',
        name: 'get_weather',
        input: { city: 'Beijing' },
      },
    ]);
    assert.equal(message?.stop_reason, 'tool_use');
    assert.deepEqual(finalUsage(events), { input_tokens: 45, output_tokens: 25 });
  });

  for (const lineEnd of ['\n', '\r\n']) {
    it(`Gemini 3: a signed function call ending in STOP (${lineEnd === '\n' ? 'LF' : 'CRLF'})`, () => {
      const text = fixture('gemini-3-tool-call.sse').toString('utf8').replaceAll('\n', lineEnd);
      const events = replayEveryWay(Buffer.from(text, 'utf8'), () =>
        createGeminiStreamTranslator({
          requestedModel: request.model,
          upstreamModel: 'gemini-3-pro-preview',
          request,
        }),
      );
      const message = collectMessage(events);
      const call = message?.content.find((block) => block.type === 'tool_use') as
        | { name: string; input: unknown }
        | undefined;
      assert.equal(call?.name, 'weather');
      assert.deepEqual(call?.input, { location: 'San Francisco' });
      // Gemini says STOP even with a function call; Claude Code must still hear tool_use.
      assert.equal(message?.stop_reason, 'tool_use');
      // Thoughts count as output (804 thinking + 15 visible), as Anthropic bills thinking.
      assert.deepEqual(finalUsage(events), {
        input_tokens: 29,
        output_tokens: 819,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      });
    });
  }

  it('Antigravity: the same Gemini 3 stream inside the Code Assist envelope', () => {
    const events = replayEveryWay(fixture('antigravity-gemini-3-tool-call.sse'), () =>
      createGeminiStreamTranslator({
        requestedModel: request.model,
        upstreamModel: 'gemini-3-flash',
        request,
      }),
    );
    const message = collectMessage(events);
    assert.equal(message?.stop_reason, 'tool_use');
    assert.ok(message?.content.some((block) => block.type === 'tool_use' && block.name === 'weather'));
  });
});
