import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRetryAfterMs, retryDelayInWords } from './retry-after.ts';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('parseRetryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': '30' }, NOW), 30_000);
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': '1500' }, NOW), 1500);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'Thu, 26 Nov 2026 10:01:00 GMT' }, NOW), 60_000);
  });

  it('takes the latest Anthropic rate-limit reset', () => {
    const headers = {
      'anthropic-ratelimit-requests-reset': '2026-11-26T10:00:20Z',
      'anthropic-ratelimit-tokens-reset': '2026-11-26T10:02:00Z',
    };
    assert.equal(parseRetryAfterMs(headers, NOW), 120_000);
  });

  it('matches header names in any case', () => {
    assert.equal(parseRetryAfterMs({ 'Retry-After': '5' }, NOW), 5000);
    assert.equal(
      parseRetryAfterMs({ 'Anthropic-RateLimit-Tokens-Reset': '2026-11-26T10:00:30Z' }, NOW),
      30_000,
    );
  });

  it('ignores past, zero and unparseable values', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': '0' }, NOW), undefined);
    assert.equal(
      parseRetryAfterMs({ 'anthropic-ratelimit-requests-reset': '2026-11-26T09:00:00Z' }, NOW),
      undefined,
    );
  });
});

describe('retryDelayInWords', () => {
  it("reads the delay OpenAI and Azure state in an error's message (openai/codex client.rs tests)", () => {
    assert.equal(retryDelayInWords('Limit 30000, Used 22999. Please try again in 11.054s. Visit …'), 11_054);
    assert.equal(retryDelayInWords('Please try again in 28ms. Visit …'), 28);
    assert.equal(retryDelayInWords('Please try again in 6m0s.'), 360_000);
    assert.equal(retryDelayInWords('Rate limit exceeded. Try again in 35 seconds.'), 35_000);
    assert.equal(retryDelayInWords('Please retry in 42 seconds'), 42_000);
  });

  it('finds nothing where no delay is stated', () => {
    assert.equal(retryDelayInWords('Please try again later.'), undefined);
    assert.equal(retryDelayInWords('You exceeded your current quota'), undefined);
  });
});
