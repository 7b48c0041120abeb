import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addCost,
  type CostTotals,
  displayWidth,
  formatCostTotals,
  formatCount,
  formatDuration,
  formatMoney,
  formatTable,
  formatTokens,
  TABLE_RULE,
} from './format.ts';

describe('formatTokens', () => {
  it('prints counts under a thousand as integers', () => {
    assert.equal(formatTokens(0), '0');
    assert.equal(formatTokens(999), '999');
    assert.equal(formatTokens(12.4), '12');
  });

  it('uses K, M and B with two decimals and trailing zeros trimmed', () => {
    assert.equal(formatTokens(1000), '1K');
    assert.equal(formatTokens(1234), '1.23K');
    assert.equal(formatTokens(1_500_000), '1.5M');
    assert.equal(formatTokens(2_000_000_000), '2B');
    assert.equal(formatTokens(12_345_678), '12.35M');
  });

  it('moves to the next unit instead of printing 1000K', () => {
    assert.equal(formatTokens(999_999), '1M');
    assert.equal(formatTokens(999.6), '1K');
  });
});

describe('formatMoney and formatCostTotals', () => {
  it('prints two decimals with the currency symbol', () => {
    assert.equal(formatMoney(1.2, 'USD'), '$1.20');
    assert.equal(formatMoney(3.4, 'CNY'), '¥3.40');
    assert.equal(formatMoney(0, 'USD'), '$0.00');
  });

  it('keeps sub-cent amounts readable instead of rounding them to zero', () => {
    assert.equal(formatMoney(0.0004, 'USD'), '$0.0004');
  });

  it('joins totals per currency with " + ", USD first, never converting', () => {
    assert.equal(formatCostTotals({ CNY: 3.4, USD: 1.2 }), '$1.20 + ¥3.40');
    assert.equal(formatCostTotals({ CNY: 3.4 }), '¥3.40');
    assert.equal(formatCostTotals({}), '-');
  });

  it('leaves out a currency whose total is zero when another has money', () => {
    assert.equal(formatCostTotals({ USD: 0, CNY: 6 }), '¥6.00');
    assert.equal(formatCostTotals({ USD: 0 }), '$0.00');
  });

  it('adds costs into per-currency totals', () => {
    const totals: CostTotals = {};
    addCost(totals, { amount: 1, currency: 'USD' });
    addCost(totals, { amount: 2, currency: 'CNY' });
    addCost(totals, { amount: 0.5, currency: 'USD' });
    addCost(totals, null);
    assert.deepEqual(totals, { USD: 1.5, CNY: 2 });
  });
});

describe('formatDuration and formatCount', () => {
  it('chooses ms, seconds or minutes by size', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(1234), '1.23 s');
    assert.equal(formatDuration(83_000), '1m 23s');
    assert.equal(formatDuration(2 * 60 * 60 * 1000 + 5 * 60 * 1000), '2h 05m');
  });

  it('prints "-" when there is no measurement', () => {
    assert.equal(formatDuration(null), '-');
    assert.equal(formatDuration(undefined), '-');
  });

  it('groups thousands without depending on the locale', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(-1000), '-1,000');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    const text = formatTable(
      [{ header: 'Vendor' }, { header: 'Tokens', align: 'right' }],
      [['zhipu', '1.5M'], ['anthropic', '12K'], TABLE_RULE, ['Total', '1.51M']],
    );
    assert.equal(
      text,
      [
        'Vendor     Tokens',
        '---------  ------',
        'zhipu        1.5M',
        'anthropic     12K',
        '---------  ------',
        'Total       1.51M',
      ].join('\n'),
    );
  });

  it('counts wide (CJK) characters as two columns so rows still line up', () => {
    assert.equal(displayWidth('豆包'), 4);
    const lines = formatTable(
      [{ header: 'Model' }, { header: 'N', align: 'right' }],
      [
        ['豆包', '1'],
        ['glm', '2'],
      ],
    ).split('\n');
    assert.deepEqual(
      lines.map((line) => displayWidth(line)),
      [8, 8, 8, 8],
    );
  });
});
