import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// Fixed zone with a DST change (US: 2026-03-08 02:00 → 03:00), set before any Date is made.
process.env.TZ = 'America/New_York';

const { describePeriod, hourBuckets, isoWeekKey, localDaysSpanned, periodBuckets } = await import(
  './period-buckets.ts'
);

describe('periodBuckets', () => {
  const now = Date.parse('2026-03-09T15:00:00.000Z'); // Monday 11:00 local (EDT)

  it('uses local midnights as real instants, including the 23-hour day of a DST change', () => {
    assert.deepEqual(periodBuckets('day', 3, now), [
      { key: '2026-03-07', start: '2026-03-07T05:00:00.000Z', end: '2026-03-08T05:00:00.000Z' },
      { key: '2026-03-08', start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' },
      { key: '2026-03-09', start: '2026-03-09T04:00:00.000Z', end: '2026-03-10T04:00:00.000Z' },
    ]);
  });

  it('starts weeks on local Monday and keys them by ISO week', () => {
    assert.deepEqual(periodBuckets('week', 2, now), [
      { key: '2026-W10', start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' },
      { key: '2026-W11', start: '2026-03-09T04:00:00.000Z', end: '2026-03-16T04:00:00.000Z' },
    ]);
  });

  it('starts months on the 1st, local time', () => {
    assert.deepEqual(periodBuckets('month', 2, now), [
      { key: '2026-02', start: '2026-02-01T05:00:00.000Z', end: '2026-03-01T05:00:00.000Z' },
      { key: '2026-03', start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z' },
    ]);
  });

  it('treats total as one unbounded bucket and clamps counts to at least one', () => {
    assert.deepEqual(periodBuckets('total', 5, now), [{ key: 'total', start: null, end: null }]);
    assert.equal(periodBuckets('day', 0, now).length, 1);
    assert.equal(periodBuckets('day', -3, now).length, 1);
  });

  it('numbers ISO weeks across year ends', () => {
    assert.equal(isoWeekKey(new Date(2025, 11, 29)), '2026-W01'); // Monday before Thursday 2026-01-01
    assert.equal(isoWeekKey(new Date(2027, 0, 1)), '2026-W53');
    assert.equal(isoWeekKey(new Date(2027, 0, 4)), '2027-W01');
  });

  it('builds 24 hourly buckets keyed by local hour', () => {
    const hours = hourBuckets(24, now);
    assert.equal(hours.length, 24);
    assert.deepEqual(hours[23], {
      key: '2026-03-09T11',
      start: '2026-03-09T15:00:00.000Z',
      end: '2026-03-09T16:00:00.000Z',
    });
  });

  it('counts calendar days spanned in local time', () => {
    assert.equal(localDaysSpanned(now, now), 1);
    assert.equal(localDaysSpanned(Date.parse('2026-03-07T23:00:00.000Z'), now), 3);
  });

  it('describes periods for titles and empty messages', () => {
    assert.equal(describePeriod('day', 7), 'the last 7 days');
    assert.equal(describePeriod('day', 1), 'today');
    assert.equal(describePeriod('week', 1), 'this week');
    assert.equal(describePeriod('month', 3), 'the last 3 months');
    assert.equal(describePeriod('total', 1), 'all time');
  });
});
