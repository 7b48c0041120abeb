// How each vendor kind reads an error it sent inside a 200 stream (fixtures/in-stream-errors.ts, real bodies):
// the stream goes through our SSE parser and the kind's translator, and the adapter's `readEventError` hook —
// exactly what the router's pre-content gate calls — must give the verdict the vendor's HTTP error reader gives
// the same error on a status, with the delay the vendor stated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../../src-main/core/common/upstream-error.ts';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';
import { readAnthropicWireEventError } from '../../src-main/core/vendors/anthropic/errors.ts';
import { readErrorEvent } from '../../src-main/core/vendors/error-shapes.ts';
import { readGeminiError } from '../../src-main/core/vendors/gemini/errors.ts';
import { untilPacificMidnightMs } from '../../src-main/core/vendors/gemini/quota-signals.ts';
import { createGeminiStreamTranslator } from '../../src-main/core/vendors/gemini/stream.ts';
import { readOpenAIError } from '../../src-main/core/vendors/openai/errors.ts';
import { createOpenAIStreamTranslator } from '../../src-main/core/vendors/openai/stream.ts';
import { createResponsesStreamTranslator } from '../../src-main/core/vendors/openai-responses/stream.ts';
import type { StreamErrorInfo, StreamTranslator } from '../../src-main/core/vendors/vendor-adapter.ts';
import * as real from './fixtures/in-stream-errors.ts';

const NOW = Date.parse('2026-12-01T10:00:00Z');

/** The first failure the gate would read out of `chunks`, translated by `translator`. */
function readThrough(chunks: string[], translator?: StreamTranslator): StreamErrorInfo | undefined {
  const parser = new SseParser();
  const upstream = [...parser.push(chunks.join('')), ...parser.end()];
  const read = translator ? readErrorEvent : readAnthropicWireEventError;
  const frames = translator
    ? [...upstream.flatMap((frame) => translator.push(frame)), ...translator.end()]
    : upstream;
  for (const frame of frames) {
    const failure = read(frame);
    if (failure) return failure;
  }
  return undefined;
}

const chat = () =>
  createOpenAIStreamTranslator({ requestedModel: 'claude-sonnet-4-5', upstreamModel: 'gpt-4.1' });
const responses = () => createResponsesStreamTranslator({ upstreamModel: 'gpt-5.3-codex' });
const gemini = () =>
  createGeminiStreamTranslator({
    requestedModel: 'claude-sonnet-4-5',
    upstreamModel: 'gemini-3-flash',
    now: () => NOW,
  });

function verdictOf(error: UpstreamError) {
  return error.kind === 'http' ? error.verdict?.kind : undefined;
}

describe('OpenAI-family errors inside the stream', () => {
  it('Chat Completions: insufficient_quota is a quota, as the same body on a 429 is', () => {
    const failure = readThrough(real.CHAT_INSUFFICIENT_QUOTA, chat());
    assert.equal(failure?.verdict?.kind, 'quota');
    const body = JSON.parse(real.CHAT_INSUFFICIENT_QUOTA[0]!.slice('data: '.length));
    assert.equal(verdictOf(readOpenAIError(429, JSON.stringify(body), {})), 'quota');
    assert.equal(failure?.type, 'rate_limit_error');
  });

  it('Chat Completions: a numeric 429 is a rate limit, with the wait its words state', () => {
    const failure = readThrough(real.CHAT_RATE_LIMITED, chat());
    assert.equal(failure?.verdict?.kind, 'rate-limit');
    assert.equal(failure?.retryAfterMs, 35_000);
  });

  it('Responses: response.failed quota / rate limit, an error event refusing the model', () => {
    assert.equal(readThrough(real.RESPONSES_INSUFFICIENT_QUOTA, responses())?.verdict?.kind, 'quota');
    const limited = readThrough(real.RESPONSES_RATE_LIMITED, responses());
    assert.deepEqual([limited?.verdict?.kind, limited?.retryAfterMs], ['rate-limit', 11_054]);
    const refused = readThrough(real.RESPONSES_MODEL_NOT_SUPPORTED, responses());
    assert.deepEqual(refused?.verdict, { kind: 'cannot-serve', reason: 'model not offered' });
    assert.equal(refused?.message, 'The requested model is not supported.');
  });

  it('a failure the vendor did not classify carries no verdict (the old rule applies)', () => {
    const failure = readThrough(
      ['data: {"error":{"message":"upstream connect error","type":"server_error"}}\n\n'],
      chat(),
    );
    assert.equal(failure?.verdict, undefined);
    assert.equal(readThrough(['data: {"choices":[]}\n\n', 'data: [DONE]\n\n'], chat())?.verdict, undefined);
  });
});

describe('Google errors inside the stream', () => {
  it('per day is a quota until midnight Pacific; per minute a rate limit for its RetryInfo', () => {
    const daily = readThrough(real.GEMINI_PER_DAY, gemini());
    assert.deepEqual([daily?.verdict?.kind, daily?.retryAfterMs], ['quota', untilPacificMidnightMs(NOW)]);
    const minute = readThrough(real.GEMINI_PER_MINUTE, gemini());
    assert.deepEqual([minute?.verdict?.kind, minute?.retryAfterMs], ['rate-limit', 19_000]);
    // The same object on an HTTP 429 gets the same verdict.
    const onStatus = readGeminiError(
      429,
      JSON.stringify(real.geminiQuotaFailure('GenerateRequestsPerDay', '1s')),
      {},
      NOW,
    );
    assert.equal(verdictOf(onStatus), daily?.verdict?.kind);
  });

  it('Antigravity QUOTA_EXHAUSTED is a quota until quotaResetDelay; a short RATE_LIMIT_EXCEEDED a throttle', () => {
    const spent = readThrough(real.antigravityExhausted('QUOTA_EXHAUSTED', '4h0m0s'), gemini());
    assert.deepEqual([spent?.verdict?.kind, spent?.retryAfterMs], ['quota', 4 * 3_600_000]);
    const brief = readThrough(real.antigravityExhausted('RATE_LIMIT_EXCEEDED', '1.5s'), gemini());
    assert.deepEqual([brief?.verdict?.kind, brief?.retryAfterMs], ['rate-limit', 1500]);
  });
});

describe('Anthropic-wire error events', () => {
  it('balance errors of compatible vendors are a quota whatever type they come under', () => {
    assert.equal(readThrough(real.ZHIPU_BALANCE)?.verdict?.kind, 'quota');
    assert.equal(readThrough(real.MINIMAX_BALANCE)?.verdict?.kind, 'quota');
  });

  it('rate_limit_error is a throttle; overloaded_error and api_error carry no verdict', () => {
    assert.equal(readThrough(real.ANTHROPIC_RATE_LIMITED)?.verdict?.kind, 'rate-limit');
    assert.equal(readThrough(real.ANTHROPIC_OVERLOADED)?.verdict, undefined);
    assert.equal(
      readThrough(real.anthropicWireError('api_error', 'Internal server error'))?.verdict,
      undefined,
    );
  });
});
