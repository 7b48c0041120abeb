import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageSeriesPoint } from '../../src-shared/contract.ts';
import {
  bucketLabel,
  cacheReadShare,
  currenciesIn,
  failoversPerBucket,
  stackCost,
  stackTokens,
} from './chart-data.ts';

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

const priced = (
  bucket: string,
  key: string,
  cost: UsageSeriesPoint['cost'],
  failovers = 0,
): UsageSeriesPoint => ({ ...point(bucket, key, 1), cost, failovers });

describe('currenciesIn', () => {
  it('lists each currency money was spent in once, USD before CNY', () => {
    const points = [
      priced('2026-11-26', 'glm', [{ amount: 3.4, currency: 'CNY' }]),
      priced('2026-11-26', 'claude', [{ amount: 1.2, currency: 'USD' }]),
      priced('2026-11-27', 'claude', [{ amount: 0.5, currency: 'USD' }]),
    ];
    assert.deepEqual(currenciesIn(points), ['USD', 'CNY']);
  });

  it('draws no cost chart for unpriced, zero-cost or unknown-currency usage', () => {
    const points = [
      priced('2026-11-26', 'local', []),
      priced('2026-11-26', 'plan', [{ amount: 0, currency: 'USD' }]),
      priced('2026-11-26', 'odd', [{ amount: 2, currency: 'EUR' }]),
    ];
    assert.deepEqual(currenciesIn(points), []);
  });
});

describe('stackCost', () => {
  const points = [
    priced('2026-11-26', 'claude', [{ amount: 1.2, currency: 'USD' }]),
    priced('2026-11-26', 'glm', [{ amount: 3.4, currency: 'CNY' }]),
    priced('2026-11-27', 'glm', [{ amount: 0.6, currency: 'CNY' }]),
    priced('2026-11-27', 'opus', [{ amount: 2.5, currency: 'USD' }]),
  ];

  it('stacks only the amounts of the chosen currency, never adding dollars to yuan', () => {
    assert.deepEqual(stackCost(points, 'USD'), {
      keys: ['opus', 'claude'],
      rows: [
        { bucket: '2026-11-26', opus: 0, claude: 1.2 },
        { bucket: '2026-11-27', opus: 2.5, claude: 0 },
      ],
    });
    assert.deepEqual(stackCost(points, 'CNY'), {
      keys: ['glm'],
      rows: [
        { bucket: '2026-11-26', glm: 3.4 },
        { bucket: '2026-11-27', glm: 0.6 },
      ],
    });
  });

  it('keeps every bucket of the range so the cost chart lines up with the token chart', () => {
    const rows = stackCost([...points, priced('2026-11-28', 'local', [])], 'CNY').rows;
    assert.deepEqual(
      rows.map((row) => row.bucket),
      ['2026-11-26', '2026-11-27', '2026-11-28'],
    );
    assert.deepEqual(rows[2], { bucket: '2026-11-28', glm: 0 });
  });
});

describe('failoversPerBucket', () => {
  it('sums the failovers of every series in a bucket, buckets in time order, quiet buckets as zero', () => {
    assert.deepEqual(
      failoversPerBucket([
        priced('2026-11-26T15', 'backup', [], 2),
        priced('2026-11-26T14', 'backup', [], 1),
        priced('2026-11-26T14', 'third', [], 3),
        priced('2026-11-26T16', 'primary', [], 0),
      ]),
      [
        { bucket: '2026-11-26T14', failovers: 4 },
        { bucket: '2026-11-26T15', failovers: 2 },
        { bucket: '2026-11-26T16', failovers: 0 },
      ],
    );
  });

  it('is empty for an empty range', () => {
    assert.deepEqual(failoversPerBucket([]), []);
  });
});
