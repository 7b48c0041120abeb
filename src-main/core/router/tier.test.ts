import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src-shared/config-schema.ts';
import type { UpstreamError } from '../common/upstream-error.ts';
import { decideFailover } from '../resilience/failover-policy.ts';
import { DEFAULT_VENDOR_QUOTA_PROBE_MS } from '../resilience/vendor-quota.ts';
import { createAnthropicAdapter } from '../vendors/anthropic/adapter.ts';
import { Tier, type TierChange } from './tier.ts';

function tierWith(vendor: Record<string, unknown> = {}) {
  const parsed = parseConfig({
    vendors: [
      {
        name: 'zhipu',
        kind: 'zhipu',
        apiKey: 'k',
        circuitBreaker: { failureThreshold: 2, recoveryTimeoutSeconds: 10 },
        ...vendor,
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const config = parsed.config.vendors[0]!;
  const clock = { now: 1_000_000 };
  const tier = new Tier(config, createAnthropicAdapter(config), () => clock.now);
  const changes: TierChange[] = [];
  tier.onChange((change) => changes.push(change));
  return { tier, clock, changes, failover: parsed.config.failover };
}

const OVERLOADED: UpstreamError = {
  kind: 'http',
  status: 529,
  type: 'overloaded_error',
  message: 'Overloaded',
  retryAfterMs: undefined,
  body: '{}',
  headers: {},
};

const RATE_LIMITED: UpstreamError = {
  ...OVERLOADED,
  status: 429,
  type: 'rate_limit_error',
  retryAfterMs: 30_000,
};

describe('Tier', () => {
  it('admits, then skips with the time the breaker reopens, after enough penalised failures', () => {
    const { tier, clock, failover } = tierWith();
    assert.deepEqual(tier.admit(), { kind: 'admitted' });
    tier.failed(OVERLOADED, decideFailover(OVERLOADED, failover, tier.adapter));
    tier.admit();
    tier.failed(OVERLOADED, decideFailover(OVERLOADED, failover, tier.adapter));
    assert.deepEqual(tier.admit(), { kind: 'skipped', reason: 'breaker open', retryAt: clock.now + 10_000 });
    tier.enabled = false;
    assert.deepEqual(tier.admit(), { kind: 'disabled' });
  });

  it('announces one status change per outcome, driven by the breaker', () => {
    const { tier, changes, failover } = tierWith();
    tier.admit();
    tier.failed(OVERLOADED, decideFailover(OVERLOADED, failover, tier.adapter));
    assert.deepEqual(changes, [{ kind: 'status' }]);
    assert.match(tier.lastError?.message ?? '', /HTTP 529/);
    tier.admit();
    tier.served(100);
    assert.deepEqual(
      changes,
      [{ kind: 'status' }, { kind: 'status' }],
      'the success cleared a counted failure',
    );
    tier.admit();
    tier.served(100);
    assert.equal(changes.length, 2, 'a healthy tier answering again is no news');
  });

  it('opens for the retry-after the failover decision carries', () => {
    const { tier, clock, failover } = tierWith({ circuitBreaker: { failureThreshold: 5 } });
    tier.admit();
    const decision = decideFailover(RATE_LIMITED, failover, tier.adapter);
    assert.equal(decision.openForMs, 30_000);
    tier.failed(RATE_LIMITED, decision);
    assert.equal(tier.breaker.snapshot().retryAt, clock.now + 30_000);
  });

  it('leaves the tier untouched for a client fault and for an abandoned attempt', () => {
    const { tier, changes, failover } = tierWith();
    const invalid: UpstreamError = { ...OVERLOADED, status: 400, type: 'invalid_request_error' };
    tier.admit();
    tier.failed(invalid, decideFailover(invalid, failover, tier.adapter));
    tier.admit();
    tier.abandoned();
    assert.deepEqual(changes, []);
    assert.equal(tier.lastError, undefined);
    assert.equal(tier.breaker.snapshot().failures, 0);
  });

  it('asks for a sign-in without counting a breaker failure, and a success clears it', () => {
    const { tier, changes, failover } = tierWith();
    const rejected: UpstreamError = { kind: 'auth', message: 'token revoked', signInNeeded: true };
    tier.admit();
    tier.failed(rejected, decideFailover(rejected, failover, tier.adapter));
    assert.equal(tier.signInNeeded, 'token revoked');
    assert.equal(tier.breaker.snapshot().failures, 0);
    assert.deepEqual(tier.admit(), { kind: 'skipped', reason: 'sign-in needed: token revoked' });
    tier.signInNeeded = undefined;
    tier.admit();
    tier.served(1);
    assert.equal(changes.length, 1);
  });

  it('tells when a quota window crosses its threshold, and when the vendor says it is spent', () => {
    const { tier, changes, failover } = tierWith({
      quotaGuards: [{ windowHours: 5, tokenBudget: 1000, thresholdPercent: 80 }],
    });
    tier.admit();
    tier.served(500);
    assert.deepEqual(changes, [{ kind: 'status' }], 'the quota bar moved');
    tier.admit();
    tier.served(400);
    assert.deepEqual(changes.slice(1), [
      { kind: 'quota-crossed', windowHours: 5, percent: 90, state: 'over-threshold' },
      { kind: 'status' },
    ]);
    const cap: UpstreamError = { ...RATE_LIMITED, message: 'usage cap reached for this quota window' };
    tier.failed(cap, decideFailover(cap, failover, tier.adapter));
    assert.deepEqual(changes.slice(3), [
      { kind: 'quota-crossed', windowHours: 5, percent: 90, state: 'exhausted' },
      { kind: 'status' },
    ]);
  });

  it('resets silently: the command that resets reports the new state itself', () => {
    const { tier, changes, failover } = tierWith({
      quotaGuards: [{ windowHours: 5, tokenBudget: 1000, thresholdPercent: 80 }],
    });
    tier.admit();
    tier.failed(OVERLOADED, decideFailover(OVERLOADED, failover, tier.adapter));
    tier.served(900);
    changes.length = 0;
    tier.reset();
    assert.deepEqual(changes, []);
    assert.equal(tier.lastError, undefined);
    assert.equal(tier.quotas[0]?.snapshot().usedTokens, 0);
  });

  it("closes on the vendor's quota verdict until its reset time, with no guard and no breaker penalty, then lets one probe through", () => {
    const { tier, clock, changes, failover } = tierWith();
    const spent: UpstreamError = {
      ...RATE_LIMITED,
      retryAfterMs: 4 * 3_600_000,
      verdict: { kind: 'quota', reason: 'quota exhausted (QUOTA_EXHAUSTED)' },
    };
    tier.admit();
    tier.failed(spent, decideFailover(spent, failover, tier.adapter));
    const until = clock.now + 4 * 3_600_000;
    assert.deepEqual(tier.breaker.snapshot().failures, 0);
    assert.deepEqual(tier.vendorQuota.snapshot(), {
      until,
      reason: 'quota exhausted (QUOTA_EXHAUSTED)',
      reportedAt: clock.now,
    });
    assert.deepEqual(changes, [{ kind: 'status' }]);
    assert.deepEqual(tier.admit(), {
      kind: 'skipped',
      reason: `quota exhausted (reported by the vendor) until ${new Date(until).toISOString()}`,
      retryAt: until,
    });
    clock.now = until;
    assert.deepEqual(tier.admit(), { kind: 'admitted' }, 'the probe after the reset');
    assert.equal(tier.admit().kind, 'skipped', 'one probe at a time');
    tier.served(10);
    assert.equal(tier.vendorQuota.snapshot(), undefined);
    assert.deepEqual(tier.admit(), { kind: 'admitted' });
  });

  it('re-probes after the default interval when the vendor named no reset, and at once if the probe was abandoned', () => {
    const { tier, clock, failover } = tierWith();
    const spent: UpstreamError = {
      ...OVERLOADED,
      status: 402,
      verdict: { kind: 'quota', reason: 'quota or balance used up' },
    };
    tier.admit();
    tier.failed(spent, decideFailover(spent, failover, tier.adapter));
    assert.equal(tier.vendorQuota.snapshot()?.until, clock.now + DEFAULT_VENDOR_QUOTA_PROBE_MS);
    clock.now += DEFAULT_VENDOR_QUOTA_PROBE_MS;
    assert.equal(tier.admit().kind, 'admitted');
    tier.abandoned();
    assert.equal(tier.admit().kind, 'admitted', 'the client left: the next request probes');
  });
});
