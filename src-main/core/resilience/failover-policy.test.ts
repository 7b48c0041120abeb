import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failoverSchema } from '../../../src-shared/config-schema.ts';
import type { UpstreamError } from '../common/upstream-error.ts';
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
});
