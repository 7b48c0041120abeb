import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

process.env.TZ = 'Asia/Shanghai';
const { formats } = await import('./intl.ts');

const en = formats('en');
const zh = formats('zh-CN');

describe('formats', () => {
  it('groups counts and shortens token counts in each language', () => {
    assert.equal(en.count(1234567), '1,234,567');
    assert.equal(en.tokens(999), '999');
    assert.equal(en.tokens(1234), '1.23K');
    assert.equal(en.tokens(45_600_000), '45.6M');
    assert.equal(zh.tokens(12_300), '1.23万');
  });

  it('never prints a sub-cent amount as zero, and pins decimals for chart ticks', () => {
    assert.equal(en.money(1.2, 'USD'), '$1.20');
    assert.equal(en.money(0.00042, 'USD'), '$0.00042');
    assert.equal(en.money(3.4, 'CNY'), '¥3.40');
    assert.equal(en.money(0.015, 'USD', 3), '$0.015');
    assert.equal(zh.money(3.4, 'CNY'), '¥3.40');
  });

  it('reads durations and countdowns in the language', () => {
    assert.equal(en.duration(850), '850 ms');
    assert.equal(en.duration(1234), '1.23 s');
    assert.equal(en.duration(83_000), '1m 23s');
    assert.equal(en.duration(null), '-');
    assert.equal(zh.duration(83_000), '1分23秒');
    assert.equal(en.countdown(252_000), '4m 12s');
    assert.equal(en.countdown(400), '1s');
    assert.equal(en.countdown(3_720_000), '1h 02m');
    assert.equal(zh.countdown(42_000), '42秒');
  });

  it('shows times with seconds, and the date only for another day, localised', () => {
    const now = new Date(2026, 10, 26, 15, 0).getTime();
    assert.equal(en.clock(new Date(2026, 10, 26, 9, 5, 7).getTime(), now), '09:05:07');
    assert.equal(en.clock(new Date(2026, 10, 27, 14, 30, 0).getTime(), now), 'Nov 27 14:30:00');
    assert.equal(zh.clock(new Date(2026, 10, 27, 14, 30, 0).getTime(), now), '11月27日 14:30:00');
  });

  it('labels chart buckets as hours or localised days', () => {
    assert.equal(en.bucket('2026-11-26T14'), '14:00');
    assert.equal(en.bucket('2026-11-26'), 'Nov 26');
    assert.equal(zh.bucket('2026-11-26'), '11月26日');
  });
});
