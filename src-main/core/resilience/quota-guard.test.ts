import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type QuotaChange, QuotaGuard } from './quota-guard.ts';

const CONFIG = { windowHours: 5, tokenBudget: 1000, thresholdPercent: 80, probeIntervalSeconds: 60 };

describe('QuotaGuard change events', () => {
  it('tells every change and whether the state crossed', () => {
    const clock = { now: 1_000_000 };
    const guard = new QuotaGuard(CONFIG, () => clock.now);
    const seen: Array<[string, boolean]> = [];
    guard.onChange((change: QuotaChange) => seen.push([change.snapshot.state, change.crossed]));
    guard.recordUsage(100);
    guard.recordUsage(750);
    guard.markExhausted(120_000);
    guard.markExhausted();
    guard.recordUsage(10);
    guard.reset();
    assert.deepEqual(seen, [
      ['ok', false],
      ['over-threshold', true],
      ['exhausted', true],
      ['exhausted', false],
      ['over-threshold', true],
      ['ok', true],
    ]);
  });

  it('waits at least the vendor retry-after before the next probe of an exhausted window', () => {
    const clock = { now: 1_000_000 };
    const guard = new QuotaGuard(CONFIG, () => clock.now);
    guard.markExhausted(120_000);
    assert.equal(guard.snapshot().nextProbeAt, clock.now + 120_000);
    clock.now += 60_000;
    assert.equal(guard.tryPass(), false);
    clock.now += 60_000;
    assert.equal(guard.tryPass(), true);
  });
});
