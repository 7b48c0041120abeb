import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuotaStatus, TierStatus } from './contract.ts';
import { deriveHealth, tierAvailability } from './health.ts';

const NOW = 1_000_000;

function tier(name: string, change: Partial<TierStatus> = {}): TierStatus {
  return {
    name,
    kind: 'anthropic',
    enabled: true,
    circuit: { state: 'closed', failures: 0, recoveryMs: 60_000 },
    quota: [],
    ...change,
  };
}

const open = (retryAt: number): TierStatus['circuit'] => ({
  state: 'open',
  failures: 3,
  retryAt,
  recoveryMs: 60_000,
});

const quota = (state: QuotaStatus['state'], nextProbeAt?: number): QuotaStatus => ({
  windowHours: 5,
  usedTokens: 95,
  tokenBudget: 100,
  percent: 95,
  thresholdPercent: 90,
  state,
  ...(nextProbeAt !== undefined ? { nextProbeAt } : {}),
});

describe('deriveHealth', () => {
  it('is primary when the first enabled tier can take requests, whoever served last', () => {
    assert.deepEqual(deriveHealth([tier('a'), tier('b')], NOW), { state: 'primary', servingTier: 'a' });
  });

  it('skips disabled tiers when deciding which tier is the primary', () => {
    const tiers = [tier('off', { enabled: false }), tier('a')];
    assert.deepEqual(deriveHealth(tiers, NOW), { state: 'primary', servingTier: 'a' });
  });

  it('is degraded when the first tier is blocked and names the first tier that can serve', () => {
    const tiers = [
      tier('a', { circuit: open(NOW + 30_000) }),
      tier('b', { signInNeeded: 'token expired' }),
      tier('c'),
    ];
    assert.deepEqual(deriveHealth(tiers, NOW), { state: 'degraded', servingTier: 'c' });
  });

  it('is down when no tier can serve, with the earliest recovery of the tiers that recover by themselves', () => {
    const tiers = [
      tier('a', { circuit: open(NOW + 90_000) }),
      tier('b', { quota: [quota('exhausted', NOW + 40_000)] }),
      tier('c', { signInNeeded: 'sign in again' }),
      tier('d', { enabled: false }),
    ];
    assert.deepEqual(deriveHealth(tiers, NOW), { state: 'down', nextRecoveryAt: NOW + 40_000 });
  });

  it('is down without a recovery time when only a sign-in or an empty chain could fix it', () => {
    assert.deepEqual(deriveHealth([tier('a', { signInNeeded: 'expired' })], NOW), { state: 'down' });
    assert.deepEqual(deriveHealth([], NOW), { state: 'down' });
    assert.deepEqual(deriveHealth([tier('a', { enabled: false })], NOW), { state: 'down' });
  });

  it('counts a breaker whose wait is over as able to take the probe request', () => {
    const tiers = [tier('a', { circuit: open(NOW - 1) }), tier('b')];
    assert.deepEqual(deriveHealth(tiers, NOW), { state: 'primary', servingTier: 'a' });
    const halfOpen = tier('a', { circuit: { state: 'half-open', failures: 0, recoveryMs: 1 } });
    assert.equal(deriveHealth([halfOpen], NOW).state, 'primary');
  });
});

describe('tierAvailability', () => {
  it('reports the reasons in the order the router checks them', () => {
    const everything = tier('a', {
      enabled: false,
      signInNeeded: 'x',
      quota: [quota('exhausted', NOW + 5)],
      circuit: open(NOW + 5),
    });
    assert.equal(tierAvailability(everything, NOW).state, 'disabled');
    assert.equal(tierAvailability({ ...everything, enabled: true }, NOW).state, 'sign-in-needed');
    const { signInNeeded: _drop, ...noSignIn } = { ...everything, enabled: true };
    assert.deepEqual(tierAvailability(noSignIn, NOW), {
      state: 'quota-exhausted',
      windowHours: 5,
      until: NOW + 5,
    });
    assert.deepEqual(tierAvailability({ ...noSignIn, quota: [] }, NOW), {
      state: 'breaker-open',
      until: NOW + 5,
    });
  });

  it('waits for the later of a quota probe and an open breaker', () => {
    const both = tier('a', { quota: [quota('over-threshold', NOW + 10)], circuit: open(NOW + 50) });
    assert.deepEqual(tierAvailability(both, NOW), {
      state: 'quota-over-threshold',
      windowHours: 5,
      until: NOW + 50,
    });
    assert.equal(tierAvailability(both, NOW + 60).state, 'recovering');
  });
});
