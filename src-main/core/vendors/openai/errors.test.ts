import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readOpenAIError } from './errors.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function read(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const error = readOpenAIError(status, text, headers, NOW);
  assert.equal(error.kind, 'http');
  if (error.kind !== 'http') throw new Error('unreachable');
  return error;
}

describe('readOpenAIError', () => {
  it('rewrites an OpenAI error body as an Anthropic error body with the vendor message', () => {
    const error = read(400, {
      error: { message: 'Invalid value for tool_choice', type: 'invalid_request_error', code: null },
    });
    assert.equal(error.status, 400);
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.message, 'Invalid value for tool_choice');
    assert.deepEqual(JSON.parse(error.body), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Invalid value for tool_choice' },
    });
    assert.equal(error.signInNeeded, undefined);
  });

  const byStatus: Array<[number, string]> = [
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [529, 'overloaded_error'],
  ];
  for (const [status, type] of byStatus) {
    it(`maps HTTP ${status} to ${type}`, () => {
      assert.equal(read(status, { error: { message: 'x' } }).type, type);
    });
  }

  it('marks a 401 as needing a new key', () => {
    assert.equal(read(401, { error: { message: 'Incorrect API key provided' } }).signInNeeded, true);
  });

  it('reads the error shapes of Ollama, OpenRouter, Gemini compat, FastAPI and plain text', () => {
    assert.equal(
      read(404, { error: 'model "llama9" not found, try pulling it first' }).message,
      'model "llama9" not found, try pulling it first',
    );
    assert.equal(
      read(429, { error: { code: 429, message: 'Rate limit exceeded: free-models-per-day' } }).message,
      'Rate limit exceeded: free-models-per-day',
    );
    assert.equal(
      read(429, [
        { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } },
      ]).message,
      'Resource has been exhausted',
    );
    assert.equal(read(422, { detail: 'field required' }).message, 'field required');
    assert.equal(read(502, 'Bad Gateway\n').message, 'Bad Gateway');
    assert.equal(read(500, '').message, 'HTTP 500 from the vendor');
    assert.equal(read(500, { unexpected: true }).message, 'HTTP 500 from the vendor: {"unexpected":true}');
  });

  it('truncates a huge HTML error page', () => {
    const error = read(502, `<html>${'x'.repeat(5000)}</html>`);
    assert.ok(error.message.length <= 1001);
  });

  it('words a context overflow the way Claude Code recognises, so it compacts', () => {
    const error = read(400, {
      error: {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        code: 'context_length_exceeded',
      },
    });
    assert.match(error.message, /^prompt is too long: This model's maximum context length/);
    assert.match(JSON.parse(error.body).error.message, /^prompt is too long/);
  });

  it('reads retry-after as seconds or an HTTP date, and retry-after-ms, forwarding only retry-after', () => {
    const seconds = read(
      429,
      { error: { message: 'slow down' } },
      { 'retry-after': '20', 'x-ratelimit-remaining-requests': '0' },
    );
    assert.equal(seconds.retryAfterMs, 20_000);
    assert.deepEqual(seconds.headers, { 'retry-after': '20' });
    const date = read(429, { error: { message: 'x' } }, { 'Retry-After': 'Sun, 01 Jun 2025 12:01:30 GMT' });
    assert.equal(date.retryAfterMs, 90_000);
    assert.equal(read(429, {}, { 'retry-after-ms': '1500' }).retryAfterMs, 1500);
    const none = read(429, {}, { 'retry-after': 'soon' });
    assert.equal(none.retryAfterMs, undefined);
    assert.deepEqual(read(500, {}).headers, {});
  });
});
