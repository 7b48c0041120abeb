import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageSeriesPoint } from '../../src-shared/contract.ts';
import { bucketLabel, cacheReadShare, stackTokens } from './chart-data.ts';

const point = (bucket: string, key: string, inputTokens: number): UsageSeriesPoint => ({
  bucket,
  key,
  requests: 1,
  inputTokens,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  failovers: 0,
  cost: [],
});

describe('stackTokens', () => {
  it('makes one row per bucket with a column per series, zero-filled, buckets in time order', () => {
    const stacked = stackTokens([
      point('2026-11-27', 'backup', 5),
      point('2026-11-26', 'primary', 100),
      point('2026-11-26', 'backup', 10),
    ]);
    assert.deepEqual(stacked.keys, ['primary', 'backup']);
    assert.deepEqual(stacked.rows, [
      { bucket: '2026-11-26', primary: 100, backup: 10 },
      { bucket: '2026-11-27', primary: 0, backup: 5 },
    ]);
  });

  it('returns no keys and no rows for an empty range', () => {
    assert.deepEqual(stackTokens([]), { keys: [], rows: [] });
  });
});

describe('cacheReadShare', () => {
  const totals = {
    requests: 1,
    inputTokens: 25,
    outputTokens: 100,
    cacheCreationTokens: 25,
    cacheReadTokens: 50,
    failovers: 0,
    avgDurationMs: null,
    avgTtfbMs: null,
    cost: [],
  };
  it('is cache reads over all input-side tokens', () => {
    assert.equal(cacheReadShare(totals), 0.5);
  });
  it('is null when no input was sent', () => {
    assert.equal(
      cacheReadShare({ ...totals, inputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }),
      null,
    );
  });
});

describe('bucketLabel', () => {
  it('shows hours for the 24h range and month-day otherwise', () => {
    assert.equal(bucketLabel('2026-11-26T14'), '14:00');
    assert.equal(bucketLabel('2026-11-26'), '11-26');
  });
});
