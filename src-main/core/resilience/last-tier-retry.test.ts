import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpstreamError } from '../common/upstream-error.ts';
import { isTransient, MAX_DELAY_MS, retryDelay } from './last-tier-retry.ts';

const http = (status: number, message = 'busy', retryAfterMs?: number): UpstreamError => ({
  kind: 'http',
  status,
  type: undefined,
  message,
  retryAfterMs,
  body: '{}',
  headers: {},
});
const BUDGET = { maxAttempts: 3, maxWaitMs: 20_000 };

describe('last-tier retry', () => {
  it('treats 429, 503, 529, resets and overloaded streams before content as transient, nothing else', () => {
    assert.ok(isTransient(http(429)));
    assert.ok(isTransient(http(503)));
    assert.ok(isTransient(http(529)));
    assert.ok(isTransient({ kind: 'network', code: 'ECONNRESET', message: 'socket hang up' }));
    assert.ok(
      isTransient({ kind: 'stream', afterContent: false, type: 'overloaded_error', message: 'Overloaded' }),
    );
    assert.ok(
      !isTransient({ kind: 'stream', afterContent: true, type: 'overloaded_error', message: 'Overloaded' }),
    );
    assert.ok(!isTransient(http(500)));
    assert.ok(!isTransient(http(400)));
    assert.ok(!isTransient({ kind: 'timeout', phase: 'first-byte', message: 'slow' }));
    assert.ok(!isTransient({ kind: 'network', code: 'ENOTFOUND', message: 'no such host' }));
    // A usage cap without a wait from the vendor will not clear in seconds.
    assert.ok(!isTransient(http(429, 'You exceeded your current quota')));
    assert.ok(isTransient(http(429, 'You exceeded your current quota', 2000)));
  });

  it('reads the verdict of an error streamed before content: a throttle is retried, a spent quota or a refusal not', () => {
    const streamed = (
      kind: 'quota' | 'rate-limit' | 'cannot-serve',
      retryAfterMs?: number,
    ): UpstreamError => ({
      kind: 'stream',
      afterContent: false,
      type: 'rate_limit_error',
      message: 'x',
      verdict: { kind, reason: kind },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    assert.ok(isTransient(streamed('rate-limit')));
    assert.ok(!isTransient(streamed('quota')));
    assert.ok(!isTransient(streamed('cannot-serve')));
    // The vendor named a wait: honoured exactly when it fits the budget, as a retry-after header would be.
    const budget = { maxAttempts: 3, maxWaitMs: 10_000 };
    assert.equal(retryDelay(streamed('rate-limit', 1500), budget, { retries: 0, waitedMs: 0 }), 1500);
    assert.equal(
      retryDelay(streamed('quota', 4 * 3_600_000), budget, { retries: 0, waitedMs: 0 }),
      undefined,
    );
  });

  it('backs off exponentially with jitter, within the attempts and the wait budget', () => {
    const high = () => 0.999_999;
    const low = () => 0;
    assert.equal(retryDelay(http(529), BUDGET, { retries: 0, waitedMs: 0 }, high), 500);
    assert.equal(retryDelay(http(529), BUDGET, { retries: 2, waitedMs: 0 }, high), 2000);
    assert.equal(retryDelay(http(529), BUDGET, { retries: 2, waitedMs: 0 }, low), 200);
    assert.equal(
      retryDelay(http(529), { maxAttempts: 9, maxWaitMs: 60_000 }, { retries: 8, waitedMs: 0 }, high),
      MAX_DELAY_MS,
    );
    assert.equal(retryDelay(http(529), BUDGET, { retries: 3, waitedMs: 0 }), undefined);
    // Only what is left of the budget is waited.
    assert.equal(retryDelay(http(529), BUDGET, { retries: 2, waitedMs: 19_500 }, high), 500);
    assert.equal(retryDelay(http(529), BUDGET, { retries: 1, waitedMs: 20_000 }, high), undefined);
    assert.equal(
      retryDelay(http(529), { maxAttempts: 0, maxWaitMs: 20_000 }, { retries: 0, waitedMs: 0 }),
      undefined,
    );
  });

  it('waits exactly a short retry-after, and gives up on one longer than the budget left', () => {
    assert.equal(retryDelay(http(429, 'slow down', 3000), BUDGET, { retries: 0, waitedMs: 0 }), 3000);
    assert.equal(retryDelay(http(429, 'slow down', 30_000), BUDGET, { retries: 0, waitedMs: 0 }), undefined);
    assert.equal(
      retryDelay(http(429, 'slow down', 3000), BUDGET, { retries: 1, waitedMs: 18_000 }),
      undefined,
    );
  });
});
