import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from './circuit-breaker.ts';

const CONFIG = {
  failureThreshold: 3,
  recoveryTimeoutSeconds: 10,
  successThreshold: 2,
  maxRecoveryTimeoutSeconds: 30,
};

function breaker() {
  const clock = { now: 1_000_000 };
  return { clock, breaker: new CircuitBreaker(CONFIG, () => clock.now) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the failure threshold and a success resets the count', () => {
    const { breaker: b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    assert.equal(b.snapshot().state, 'closed');
    assert.equal(b.snapshot().failures, 2);
  });

  it('opens after the threshold and refuses passes until the recovery time', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    assert.equal(b.snapshot().state, 'open');
    assert.equal(b.snapshot().retryAt, clock.now + 10_000);
    assert.equal(b.tryPass(), false);
    clock.now += 10_000;
    assert.equal(b.wouldPass(), true);
  });

  it('lets exactly one probe through while half-open', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    clock.now += 10_000;
    assert.equal(b.tryPass(), true);
    assert.equal(b.snapshot().state, 'half-open');
    assert.equal(b.tryPass(), false, 'a second concurrent request skips the tier');
    b.onNeutral();
    assert.equal(b.tryPass(), true, 'a neutral end frees the probe slot');
  });

  it('closes after successThreshold probe successes', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    clock.now += 10_000;
    b.tryPass();
    b.onSuccess();
    assert.equal(b.snapshot().state, 'half-open');
    b.tryPass();
    b.onSuccess();
    assert.equal(b.snapshot().state, 'closed');
  });

  it('doubles the open period on each failed probe up to the maximum', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    const periods: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.now += b.snapshot().recoveryMs;
      b.tryPass();
      b.onFailure();
      periods.push(b.snapshot().recoveryMs);
    }
    assert.deepEqual(periods, [20_000, 30_000, 30_000]);
  });

  it('opens at once for the retry-after hint, capped at the maximum', () => {
    const { clock, breaker: b } = breaker();
    b.onFailure({ openForMs: 25_000 });
    assert.equal(b.snapshot().retryAt, clock.now + 25_000);
    b.reset();
    b.onFailure({ openForMs: 3_600_000 });
    assert.equal(b.snapshot().retryAt, clock.now + 30_000);
  });

  it('reads an expired open breaker as half-open without changing it or telling anyone', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    const states: string[] = [];
    b.onChange((snapshot) => states.push(snapshot.state));
    clock.now += 10_000;
    assert.equal(b.snapshot().state, 'half-open');
    assert.equal(b.snapshot().retryAt, undefined);
    assert.deepEqual(states, [], 'reading the state is not a change');
    assert.equal(b.tryPass(), true);
    assert.deepEqual(states, ['half-open'], 'the probe that was let through is');
  });

  it('tells subscribers when a success clears counted failures, not when nothing moved', () => {
    const { breaker: b } = breaker();
    const seen: number[] = [];
    b.onChange((snapshot) => seen.push(snapshot.failures));
    b.onSuccess();
    b.onFailure();
    b.onSuccess();
    b.onSuccess();
    assert.deepEqual(seen, [1, 0]);
  });

  it('tells subscribers about every state change', () => {
    const { breaker: b } = breaker();
    const states: string[] = [];
    b.onChange((snapshot) => states.push(snapshot.state));
    for (let i = 0; i < 3; i++) b.onFailure();
    b.reset();
    assert.deepEqual(states, ['closed', 'closed', 'open', 'closed']);
  });
});
