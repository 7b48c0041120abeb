import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failoverSchema } from '../../../src-shared/config-schema.ts';
import type { UpstreamError, VendorVerdict } from '../common/upstream-error.ts';
import { decideFailover } from './failover-policy.ts';

const CONFIG = failoverSchema.parse({});
const OWN_KEY = { usesClientCredentials: false };

function http(status: number, message = 'x', retryAfterMs?: number): UpstreamError {
  return { kind: 'http', status, type: undefined, message, retryAfterMs, body: '{}', headers: {} };
}

describe('decideFailover', () => {
  it('carries the retry-after of a 429 or 403 as how long the breaker stays open', () => {
    assert.equal(decideFailover(http(429, 'slow down', 20_000), CONFIG, OWN_KEY).openForMs, 20_000);
    assert.equal(decideFailover(http(403, 'usage cap', 60_000), CONFIG, OWN_KEY).openForMs, 60_000);
    assert.equal(decideFailover(http(503, 'busy', 20_000), CONFIG, OWN_KEY).openForMs, undefined);
    const reset: UpstreamError = { kind: 'network', code: 'ECONNRESET', message: 'reset' };
    assert.equal(decideFailover(reset, CONFIG, OWN_KEY).openForMs, undefined);
  });

  it('marks quota exhaustion on a 429 or 403 that speaks of a cap', () => {
    const decision = decideFailover(http(429, 'Your quota is exhausted', 5_000), CONFIG, OWN_KEY);
    assert.deepEqual(decision, { failover: true, penalize: true, quotaExhausted: true, openForMs: 5_000 });
  });

  it('hands an invalid request back to the client without blaming the tier', () => {
    assert.deepEqual(decideFailover(http(400), CONFIG, OWN_KEY), {
      failover: false,
      penalize: false,
      quotaExhausted: false,
      openForMs: undefined,
    });
  });

  describe('an error the vendor sent inside a 200 stream', () => {
    const streamed = (
      kind: VendorVerdict['kind'],
      afterContent: boolean,
      retryAfterMs?: number,
    ): UpstreamError => ({
      kind: 'stream',
      afterContent,
      type: 'rate_limit_error',
      message: 'x',
      verdict: { kind, reason: kind },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });

    it('before content, follows its verdict exactly as the same verdict on an HTTP status', () => {
      for (const kind of ['cannot-serve', 'quota', 'rate-limit', 'outdated-client'] as const) {
        const onStatus: UpstreamError = {
          kind: 'http',
          status: 429,
          type: undefined,
          message: 'x',
          retryAfterMs: 30_000,
          body: '{}',
          headers: {},
          verdict: { kind, reason: kind },
        };
        assert.deepEqual(
          decideFailover(streamed(kind, false, 30_000), CONFIG, OWN_KEY),
          decideFailover(onStatus, CONFIG, OWN_KEY),
          kind,
        );
      }
      assert.deepEqual(decideFailover(streamed('quota', false, 3_600_000), CONFIG, OWN_KEY), {
        failover: true,
        penalize: false,
        quotaExhausted: true,
        openForMs: 3_600_000,
      });
    });

    it('after content never fails over, but a spent quota is still marked for the next requests', () => {
      assert.deepEqual(decideFailover(streamed('quota', true, 60_000), CONFIG, OWN_KEY), {
        failover: false,
        penalize: false,
        quotaExhausted: true,
        openForMs: 60_000,
      });
      assert.equal(decideFailover(streamed('rate-limit', true, 5_000), CONFIG, OWN_KEY).penalize, true);
      assert.equal(decideFailover(streamed('cannot-serve', true), CONFIG, OWN_KEY).failover, false);
    });

    it('without a verdict keeps the old rule: penalised, a cap only when the words say so', () => {
      const plain: UpstreamError = {
        kind: 'stream',
        afterContent: false,
        type: 'overloaded_error',
        message: 'Overloaded',
      };
      assert.deepEqual(decideFailover(plain, CONFIG, OWN_KEY), {
        failover: true,
        penalize: true,
        quotaExhausted: false,
        openForMs: undefined,
      });
    });
  });
});
