import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

// Local time for day boundaries: UTC+8 without DST, set before any Date is made.
process.env.TZ = 'Asia/Shanghai';

const { failoverRequest, makeAttempt } = await import('./fixtures/attempt-fixture.ts');
const { openLedger } = await import('./ledger-writer.ts');
const { createLedgerUsageReader } = await import('./usage-reader.ts');

const root = mkdtempSync(join(tmpdir(), 'ledger-queries-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const now = Date.parse('2026-05-03T04:00:00.000Z'); // 12:00 local on 2026-05-03
const freshLedger = () => openLedger({ dataDir: join(root, `case-${++counter}`), now: () => now });

describe('queryUsage', () => {
  it('counts served requests and failed attempts apart, sums tokens of every attempt', () => {
    const ledger = freshLedger();
    const base = { ts: '2026-05-03T01:00:00.000Z', modelServed: 'glm-5.1' };
    for (const attempt of failoverRequest('r1', ['zhipu'], 'anthropic', base)) ledger.record(attempt);
    ledger.record(
      makeAttempt({ ...base, requestId: 'r2', vendor: 'anthropic', durationMs: 2500, ttfbMs: null }),
    );
    ledger.record(
      makeAttempt({
        ...base,
        requestId: 'r3',
        vendor: 'zhipu',
        success: false,
        inputTokens: 50,
        outputTokens: 5,
      }),
    );
    const rows = ledger.queryUsage({ period: 'day', count: 1 });
    ledger.close();
    assert.deepEqual(rows, [
      {
        date: '2026-05-03',
        vendor: 'anthropic',
        modelRequested: 'claude-sonnet-4-5',
        modelServed: 'glm-5.1',
        clientCategory: 'cc',
        requests: 2,
        failedAttempts: 0,
        inputTokens: 2000,
        outputTokens: 400,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        failovers: 1,
        avgDurationMs: 2000,
        avgTtfbMs: 400,
      },
      {
        date: '2026-05-03',
        vendor: 'zhipu',
        modelRequested: 'claude-sonnet-4-5',
        modelServed: 'glm-5.1',
        clientCategory: 'cc',
        requests: 0,
        failedAttempts: 2,
        inputTokens: 50,
        outputTokens: 5,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        failovers: 0,
        avgDurationMs: null,
        avgTtfbMs: null,
      },
    ]);
  });

  it('puts rows into LOCAL days, including the very first millisecond of a day', () => {
    const ledger = freshLedger();
    // Local midnight of 2026-05-02 is 2026-05-01T16:00:00.000Z.
    ledger.record(makeAttempt({ requestId: 'last-ms', ts: '2026-05-01T15:59:59.999Z' }));
    ledger.record(makeAttempt({ requestId: 'first-ms', ts: '2026-05-01T16:00:00.000Z' }));
    ledger.record(makeAttempt({ requestId: 'first-second', ts: '2026-05-01T16:00:00.500Z' }));
    ledger.record(makeAttempt({ requestId: 'too-old', ts: '2026-04-30T15:59:59.999Z' }));
    const rows = ledger.queryUsage({ period: 'day', count: 3 });
    ledger.close();
    assert.deepEqual(
      rows.map((row) => [row.date, row.requests]),
      [
        ['2026-05-02', 2],
        ['2026-05-01', 1],
      ],
    );
  });

  it('groups by ISO week and by month, newest first', () => {
    const ledger = freshLedger();
    ledger.record(makeAttempt({ requestId: 'a', ts: '2026-05-03T01:00:00.000Z' })); // Sunday, W18
    ledger.record(makeAttempt({ requestId: 'b', ts: '2026-04-26T20:00:00.000Z' })); // Monday 04:00 local, W18
    ledger.record(makeAttempt({ requestId: 'c', ts: '2026-04-20T01:00:00.000Z' })); // W17
    const weeks = ledger.queryUsage({ period: 'week', count: 2 }).map((row) => [row.date, row.requests]);
    const months = ledger.queryUsage({ period: 'month', count: 2 }).map((row) => [row.date, row.requests]);
    const total = ledger.queryUsage({ period: 'total', count: 1 }).map((row) => [row.date, row.requests]);
    ledger.close();
    assert.deepEqual(weeks, [
      ['2026-W18', 2],
      ['2026-W17', 1],
    ]);
    assert.deepEqual(months, [
      ['2026-05', 1],
      ['2026-04', 2],
    ]);
    assert.deepEqual(total, [['total', 3]]);
  });

  it('filters by vendor and by model (served or requested)', () => {
    const ledger = freshLedger();
    const ts = '2026-05-03T01:00:00.000Z';
    ledger.record(makeAttempt({ ts, requestId: 'a', vendor: 'zhipu', modelServed: 'glm-5.1' }));
    ledger.record(makeAttempt({ ts, requestId: 'b', vendor: 'kimi', modelServed: 'kimi-k2.5' }));
    ledger.record(
      makeAttempt({ ts, requestId: 'c', vendor: 'anthropic', modelRequested: 'claude-opus-4-7' }),
    );
    const vendors = ledger
      .queryUsage({ period: 'day', count: 1, vendors: ['zhipu', 'kimi'] })
      .map((row) => row.vendor);
    const served = ledger
      .queryUsage({ period: 'day', count: 1, models: ['kimi-k2.5'] })
      .map((row) => row.vendor);
    const requested = ledger
      .queryUsage({ period: 'day', count: 1, models: ['claude-opus-4-7'] })
      .map((row) => row.vendor);
    ledger.close();
    assert.deepEqual(vendors, ['kimi', 'zhipu']);
    assert.deepEqual(served, ['kimi']);
    assert.deepEqual(requested, ['anthropic']);
  });
});

describe('queryFailovers, queryWindowTotal', () => {
  it('counts every tier-to-tier move, since a given instant', () => {
    const ledger = freshLedger();
    const recent = { ts: '2026-05-03T01:00:00.000Z' };
    for (const attempt of failoverRequest('r1', ['zhipu', 'kimi'], 'anthropic', recent))
      ledger.record(attempt);
    for (const attempt of failoverRequest('r2', ['zhipu'], 'anthropic', recent)) ledger.record(attempt);
    for (const attempt of failoverRequest('old', ['zhipu'], 'kimi', { ts: '2026-04-01T00:00:00.000Z' }))
      ledger.record(attempt);
    const since = ledger.queryFailovers({ since: '2026-05-01T00:00:00.000Z' });
    const all = ledger.queryFailovers();
    ledger.close();
    assert.deepEqual(since, [
      { from: 'kimi', to: 'anthropic', count: 1 },
      { from: 'zhipu', to: 'anthropic', count: 1 },
      { from: 'zhipu', to: 'kimi', count: 1 },
    ]);
    assert.deepEqual(all, [
      { from: 'zhipu', to: 'kimi', count: 2 },
      { from: 'kimi', to: 'anthropic', count: 1 },
      { from: 'zhipu', to: 'anthropic', count: 1 },
    ]);
  });

  it('sums the four token kinds of one vendor’s served requests inside the window only', () => {
    const ledger = freshLedger();
    const hour = 60 * 60 * 1000;
    const tokens = { inputTokens: 10, outputTokens: 20, cacheCreationTokens: 30, cacheReadTokens: 40 };
    ledger.record(makeAttempt({ ...tokens, requestId: 'in', ts: new Date(now - 4 * hour).toISOString() }));
    ledger.record(makeAttempt({ ...tokens, requestId: 'out', ts: new Date(now - 6 * hour).toISOString() }));
    ledger.record(
      makeAttempt({ ...tokens, requestId: 'failed', success: false, ts: new Date(now - hour).toISOString() }),
    );
    ledger.record(
      makeAttempt({ ...tokens, requestId: 'other', vendor: 'zhipu', ts: new Date(now - hour).toISOString() }),
    );
    assert.equal(ledger.queryWindowTotal('anthropic', 5), 100);
    assert.equal(ledger.queryWindowTotal('anthropic', 7), 200);
    ledger.close();
  });
});

describe('recent requests through the reader', () => {
  it('returns requests newest first with their attempts in order', () => {
    const ledger = freshLedger();
    const reader = createLedgerUsageReader(ledger, { now: () => now });
    ledger.record(makeAttempt({ requestId: 'plain' }));
    for (const attempt of failoverRequest('failed-over', ['zhipu'], 'anthropic', {
      ts: '2026-05-01T08:00:06.000Z',
      skipped: [{ tier: 'copilot', reason: 'breaker open' }],
    }))
      ledger.record(attempt);
    const requests = reader.recent({ limit: 10 });
    const onlyFailovers = reader.recent({ limit: 10, onlyFailovers: true }).map((r) => r.requestKey);
    const viaZhipu = reader.recent({ limit: 10, vendor: 'zhipu' }).map((r) => r.requestKey);
    const one = reader.recent({ limit: 1 }).map((r) => r.requestKey);
    ledger.close();

    assert.deepEqual(
      requests.map((request) => [
        request.requestKey,
        request.servedBy,
        request.failedOver,
        request.attempts.length,
      ]),
      [
        ['failed-over', 'anthropic', true, 2],
        ['plain', 'anthropic', false, 1],
      ],
    );
    const [zhipu, anthropic] = requests[0]?.attempts ?? [];
    assert.deepEqual(
      [zhipu?.vendor, zhipu?.success, zhipu?.status, zhipu?.errorClass],
      ['zhipu', false, 529, 'http_529:overloaded_error'],
    );
    assert.equal(anthropic?.vendor, 'anthropic');
    assert.deepEqual(requests[0]?.skipped, [{ tier: 'copilot', reason: 'breaker open' }]);
    assert.equal(requests[0]?.durationMs, 1700);
    assert.deepEqual(onlyFailovers, ['failed-over']);
    assert.deepEqual(viaZhipu, ['failed-over']);
    assert.deepEqual(one, ['failed-over']);
  });
});

describe('queryDailySeries and the dashboard reader', () => {
  it('gives per-day points by vendor or by served model, oldest first', () => {
    const ledger = freshLedger();
    ledger.record(
      makeAttempt({
        requestId: 'a',
        ts: '2026-05-01T01:00:00.000Z',
        vendor: 'zhipu',
        modelServed: 'glm-5.1',
      }),
    );
    ledger.record(
      makeAttempt({
        requestId: 'b',
        ts: '2026-05-03T01:00:00.000Z',
        vendor: 'zhipu',
        modelServed: 'glm-4.7',
      }),
    );
    const byVendor = ledger
      .queryDailySeries({ days: 7, groupBy: 'vendor' })
      .map((p) => [p.date, p.key, p.totalTokens]);
    const byModel = ledger.queryDailySeries({ days: 7, groupBy: 'model' }).map((p) => [p.date, p.key]);
    ledger.close();
    assert.deepEqual(byVendor, [
      ['2026-05-01', 'zhipu', 1200],
      ['2026-05-03', 'zhipu', 1200],
    ]);
    assert.deepEqual(byModel, [
      ['2026-05-01', 'glm-5.1'],
      ['2026-05-03', 'glm-4.7'],
    ]);
  });

  it('summarises a range with costs per currency and lists requests as the contract shapes them', () => {
    const ledger = freshLedger();
    const ts = '2026-05-03T03:30:00.000Z';
    ledger.record(
      makeAttempt({
        ts,
        requestId: 'a',
        vendor: 'zhipu',
        modelServed: 'glm-5.1',
        inputTokens: 1e6,
        outputTokens: 0,
      }),
    );
    for (const attempt of failoverRequest('b', ['zhipu'], 'anthropic', {
      ts,
      inputTokens: 1e6,
      outputTokens: 0,
    }))
      ledger.record(attempt);
    const reader = createLedgerUsageReader(ledger, { now: () => now });
    const day = reader.summary('24h');
    const recent = reader.recent({ limit: 5 });
    ledger.close();

    assert.equal(day.range, '24h');
    assert.deepEqual(
      day.byVendor.map((point) => [point.bucket, point.key, point.requests, point.failovers, point.cost]),
      [
        ['2026-05-03T11', 'anthropic', 1, 1, [{ amount: 3, currency: 'USD' }]],
        ['2026-05-03T11', 'zhipu', 1, 0, [{ amount: 6, currency: 'CNY' }]],
      ],
    );
    assert.deepEqual(day.totals.cost, [
      { amount: 3, currency: 'USD' },
      { amount: 6, currency: 'CNY' },
    ]);
    assert.equal(day.totals.requests, 2);
    assert.deepEqual(
      recent.map((request) => [request.requestKey, request.servedBy, request.attempts.map((a) => a.vendor)]),
      [
        ['b', 'anthropic', ['zhipu', 'anthropic']],
        ['a', 'zhipu', ['zhipu']],
      ],
    );
  });
});
