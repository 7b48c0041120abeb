import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClock, formatCountdown } from './countdown.ts';

describe('formatCountdown', () => {
  it('reads as seconds under a minute, minutes and padded seconds under an hour', () => {
    assert.equal(formatCountdown(42_000), '42s');
    assert.equal(formatCountdown(252_000), '4m 12s');
    assert.equal(formatCountdown(60_000), '1m 00s');
  });

  it('rounds partial seconds up so it never shows 0s while still waiting', () => {
    assert.equal(formatCountdown(400), '1s');
  });

  it('switches to hours and then days for long waits', () => {
    assert.equal(formatCountdown(3_720_000), '1h 02m');
    assert.equal(formatCountdown(50 * 3_600_000), '2d 2h');
  });

  it('shows 0s once the time has passed', () => {
    assert.equal(formatCountdown(-5000), '0s');
  });
});

describe('formatClock', () => {
  it('shows only the time for today and the date too for another day', () => {
    const now = new Date(2026, 10, 26, 15, 0).getTime();
    assert.equal(formatClock(new Date(2026, 10, 26, 9, 5).getTime(), now), '09:05');
    assert.equal(formatClock(new Date(2026, 10, 27, 14, 30).getTime(), now), 'Nov 27 14:30');
  });
});
