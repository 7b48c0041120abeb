import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageSeriesPoint } from '../../src-shared/contract.ts';
import {
  assignColors,
  cacheReadShare,
  currenciesIn,
  failoversPerBucket,
  niceScale,
  stackCost,
  stackTokens,
  trafficRows,
} from './chart-data.ts';
import { formats } from './intl.ts';

const point = (
  bucket: string,
  key: string,
  inputTokens: number,
  cost: UsageSeriesPoint['cost'] = [],
  failovers = 0,
): UsageSeriesPoint => ({
  bucket,
  key,
  requests: 1,
  inputTokens,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  failovers,
  failedAttempts: 0,
  cost,
});

const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'];

describe('stackTokens', () => {
  it('has a row for every bucket of the range, quiet ones as zeros, series largest first', () => {
    const stacked = stackTokens(DAYS, [
      point('2026-11-27', 'backup', 5),
      point('2026-11-26', 'primary', 100),
      point('2026-11-26', 'backup', 10),
    ]);
    assert.deepEqual(stacked.keys, ['primary', 'backup']);
    assert.deepEqual(stacked.rows, [
      { bucket: '2026-11-25', primary: 0, backup: 0 },
      { bucket: '2026-11-26', primary: 100, backup: 10 },
      { bucket: '2026-11-27', primary: 0, backup: 5 },
      { bucket: '2026-11-28', primary: 0, backup: 0 },
    ]);
  });

  it('leaves series that add up to nothing out of the chart and its legend', () => {
    const stacked = stackTokens(DAYS, [
      point('2026-11-26', 'failed-only', 0),
      point('2026-11-26', 'real', 3),
    ]);
    assert.deepEqual(stacked.keys, ['real']);
    assert.equal('failed-only' in (stacked.rows[1] ?? {}), false);
  });

  it('keeps the axis for an empty range', () => {
    assert.deepEqual(stackTokens(DAYS, []).rows.length, 4);
  });
});

describe('stackCost and currenciesIn', () => {
  const points = [
    point('2026-11-26', 'claude', 1, [{ amount: 1.2, currency: 'USD' }]),
    point('2026-11-26', 'glm', 1, [{ amount: 3.4, currency: 'CNY' }]),
    point('2026-11-27', 'opus', 1, [{ amount: 2.5, currency: 'USD' }]),
    point('2026-11-27', 'local', 1, []),
  ];
  it('stacks only the chosen currency, never adding dollars to yuan', () => {
    const usd = stackCost(DAYS, points, 'USD');
    assert.deepEqual(usd.keys, ['opus', 'claude']);
    assert.deepEqual(usd.rows[2], { bucket: '2026-11-27', opus: 2.5, claude: 0 });
    assert.deepEqual(stackCost(DAYS, points, 'CNY').keys, ['glm']);
  });
  it('lists each currency money was spent in once, USD before CNY', () => {
    assert.deepEqual(currenciesIn(points), ['USD', 'CNY']);
    assert.deepEqual(currenciesIn([point('2026-11-26', 'x', 1, [{ amount: 2, currency: 'EUR' }])]), []);
  });
});

describe('traffic and failovers', () => {
  it('splits requests into served and errors per bucket', () => {
    assert.deepEqual(trafficRows([{ bucket: 'b', requests: 6, errors: 2, aborted: 1, noTier: 1 }]), [
      { bucket: 'b', served: 3, errors: 2, aborted: 1 },
    ]);
  });
  it('sums failovers per bucket over every bucket of the range', () => {
    assert.deepEqual(
      failoversPerBucket(DAYS.slice(0, 2), [
        point('2026-11-26', 'a', 0, [], 2),
        point('2026-11-26', 'b', 0, [], 1),
      ]),
      [
        { bucket: '2026-11-25', failovers: 0 },
        { bucket: '2026-11-26', failovers: 3 },
      ],
    );
  });
});

describe('niceScale', () => {
  it('gives cent ticks that are all different once formatted', () => {
    const scale = niceScale(0.023);
    assert.deepEqual(scale.ticks, [0, 0.01, 0.02, 0.03]);
    const labels = scale.ticks.map((tick) => formats('en').money(tick, 'USD', scale.decimals));
    assert.deepEqual(labels, ['$0.00', '$0.01', '$0.02', '$0.03']);
  });

  it('steps by 1, 2, 2.5 or 5 times a power of ten and covers the maximum', () => {
    assert.deepEqual(niceScale(12_345).ticks, [0, 5000, 10_000, 15_000]);
    assert.deepEqual(niceScale(9).ticks, [0, 2.5, 5, 7.5, 10]);
    assert.deepEqual(niceScale(9, { integer: true }).ticks, [0, 3, 6, 9]);
    assert.deepEqual(niceScale(3, { integer: true }).ticks, [0, 1, 2, 3]);
    assert.deepEqual(niceScale(0).ticks, [0, 1]);
  });

  it('never repeats a label on any axis from a tenth of a cent to a billion tokens', () => {
    for (let exponent = -3; exponent <= 9; exponent++) {
      for (const mantissa of [1, 1.3, 2.2, 3.7, 4.9, 7.1, 9.99]) {
        const max = mantissa * 10 ** exponent;
        const scale = niceScale(max);
        assert.ok(scale.max >= max, `${max}`);
        const money = scale.ticks.map((tick) => formats('en').money(tick, 'USD', scale.decimals));
        assert.equal(new Set(money).size, money.length, money.join(', '));
      }
    }
  });
});

describe('assignColors', () => {
  it('gives every name its own colour, whatever order the names come in', () => {
    const names = ['anthropic', 'copilot', 'zhipu', 'minimax', 'kimi', 'openrouter'];
    const a = assignColors(names);
    const b = assignColors([...names].reverse());
    assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
    assert.equal(new Set(a.values()).size, names.length);
  });
});

describe('cacheReadShare', () => {
  const totals = {
    requests: 1,
    errors: 0,
    inputTokens: 25,
    outputTokens: 100,
    cacheCreationTokens: 25,
    cacheReadTokens: 50,
    failovers: 0,
    avgDurationMs: null,
    avgTtfbMs: null,
    cost: [],
  };
  it('is cache reads over all input-side tokens, null when nothing was sent', () => {
    assert.equal(cacheReadShare(totals), 0.5);
    assert.equal(
      cacheReadShare({ ...totals, inputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }),
      null,
    );
  });
});
