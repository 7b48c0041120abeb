import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RequestFinished } from '../../../src-shared/contract.ts';
import { failoverRequest, makeAttempt } from './fixtures/attempt-fixture.ts';
import { openLedger } from './ledger-writer.ts';
import { csvCell } from './request-csv.ts';
import { createLedgerUsageReader } from './usage-reader.ts';

const root = mkdtempSync(join(tmpdir(), 'request-reader-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const now = Date.parse('2026-05-03T04:00:00.000Z');

function fresh() {
  const ledger = openLedger({ dataDir: join(root, `case-${++counter}`), now: () => now });
  return { ledger, reader: createLedgerUsageReader(ledger, { now: () => now }) };
}

const ended = (requestKey: string, change: Partial<RequestFinished> = {}): RequestFinished => ({
  requestKey,
  servedBy: null,
  success: false,
  failoverFrom: null,
  durationMs: 3,
  modelRequested: 'claude-sonnet-4-5',
  modelServed: null,
  tokens: 0,
  ...change,
});

describe('request log', () => {
  it('records a request that no tier tried, with the status and error the client got', () => {
    const { ledger, reader } = fresh();
    ledger.recordRequest(
      ended('rejected', {
        status: 503,
        errorType: 'overloaded_error',
        errorMessage: 'No tier is available right now — a: breaker open',
        stream: true,
        sessionKey: 's1',
        skipped: [{ tier: 'a', reason: 'breaker open' }],
        attempts: 0,
      }),
    );
    const page = reader.requests({});
    const day = reader.summary('24h');
    ledger.close();
    assert.equal(page.total, 1);
    const [request] = page.requests;
    assert.deepEqual(
      [request?.status, request?.success, request?.errorType, request?.stream, request?.attempts.length],
      [503, false, 'overloaded_error', true, 0],
    );
    assert.deepEqual(request?.timeline, [{ kind: 'skipped', tier: 'a', reason: 'breaker open' }]);
    // Spend counts it as a request and an error, but no tokens and no attempt: the usage CLI is untouched.
    assert.equal(day.totals.requests, 1);
    assert.equal(day.totals.errors, 1);
    assert.equal(
      day.traffic.reduce((sum, point) => sum + point.noTier, 0),
      1,
    );
    assert.deepEqual(ledger.queryUsage({ period: 'day', count: 1 }), []);
  });

  it('puts skips and attempts in the order they happened, each tier once', () => {
    const { ledger, reader } = fresh();
    // The router hands every attempt all skips so far: b was skipped before a's attempt, d after c failed.
    const skippedB = { tier: 'b', reason: 'breaker open' };
    const skippedD = { tier: 'd', reason: 'quota 5h window exhausted' };
    ledger.record(
      makeAttempt({
        requestId: 'r',
        attempt: 0,
        vendor: 'c',
        success: false,
        status: 529,
        skipped: [skippedB],
      }),
    );
    ledger.record(makeAttempt({ requestId: 'r', attempt: 1, vendor: 'e', skipped: [skippedB, skippedD] }));
    ledger.recordRequest(
      ended('r', { success: true, servedBy: 'e', status: 200, skipped: [skippedB, skippedD], attempts: 2 }),
    );
    const request = reader.request('r');
    ledger.close();
    assert.deepEqual(request?.timeline, [
      { kind: 'skipped', tier: 'b', reason: 'breaker open' },
      { kind: 'attempt', attempt: 0 },
      { kind: 'skipped', tier: 'd', reason: 'quota 5h window exhausted' },
      { kind: 'attempt', attempt: 1 },
    ]);
    assert.deepEqual(
      request?.skipped.map((skip) => skip.tier),
      ['b', 'd'],
    );
    assert.equal(request?.attempts.length, 2);
  });

  it('keeps the client-facing end over what the attempts implied', () => {
    const { ledger, reader } = fresh();
    ledger.record(makeAttempt({ requestId: 'k', durationMs: 1500 }));
    ledger.recordRequest(
      ended('k', {
        success: true,
        servedBy: 'anthropic',
        modelServed: 'claude-sonnet-4-5-20250929',
        status: 200,
        durationMs: 1620,
        ttfbMs: 410,
        clientCategory: 'api',
      }),
    );
    const request = reader.request('k');
    ledger.close();
    assert.deepEqual(
      [request?.durationMs, request?.ttfbMs, request?.status, request?.clientCategory, request?.inputTokens],
      [1620, 410, 200, 'api', 1000],
    );
    assert.deepEqual(request?.cost, [{ amount: 0.006, currency: 'USD' }]);
  });

  it('filters by vendor, model, outcome, status and time', () => {
    const { ledger, reader } = fresh();
    for (const attempt of failoverRequest('fo', ['zhipu'], 'anthropic', { ts: '2026-05-03T01:00:00.000Z' }))
      ledger.record(attempt);
    ledger.record(
      makeAttempt({
        requestId: 'glm',
        vendor: 'zhipu',
        modelServed: 'glm-5.1',
        ts: '2026-05-03T02:00:00.000Z',
      }),
    );
    ledger.recordRequest(ended('none', { status: 503 }));
    const keys = (query: Parameters<typeof reader.requests>[0]) =>
      reader.requests(query).requests.map((request) => request.requestKey);
    assert.deepEqual(keys({ vendor: 'zhipu' }), ['glm', 'fo']);
    assert.deepEqual(keys({ model: 'glm-5.1' }), ['glm']);
    assert.deepEqual(keys({ outcome: 'failover' }), ['fo']);
    assert.deepEqual(keys({ outcome: 'error' }), ['none']);
    assert.deepEqual(keys({ outcome: 'no-tier' }), ['none']);
    assert.deepEqual(keys({ status: 503 }), ['none']);
    assert.deepEqual(keys({ since: Date.parse('2026-05-03T01:30:00.000Z'), until: now - 1000 }), ['glm']);
    ledger.close();
  });

  it('pages past 100 requests with a cursor and never repeats or skips one', () => {
    const { ledger, reader } = fresh();
    const base = Date.parse('2026-05-02T00:00:00.000Z');
    for (let index = 0; index < 250; index++)
      // Pairs share a timestamp, so the cursor must break ties.
      ledger.record(
        makeAttempt({
          requestId: `r${index}`,
          ts: new Date(base + Math.floor(index / 2) * 1000).toISOString(),
        }),
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = reader.requests({ limit: 100, ...(cursor ? { cursor } : {}) });
      assert.equal(page.total, 250);
      seen.push(...page.requests.map((request) => request.requestKey));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    ledger.close();
    assert.equal(pages, 3);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250);
    assert.equal(seen[0], 'r249');
    assert.throws(() => reader.requests({ cursor: 'nonsense' }), RangeError);
  });

  it('exports CSV with one line per request, quoting and defusing formulas', () => {
    const { ledger, reader } = fresh();
    ledger.recordRequest(ended('x', { status: 502, errorMessage: '=HYPERLINK("evil"), "quoted"\nline two' }));
    const { csv, rows, truncated } = reader.exportCsv({});
    ledger.close();
    assert.equal(rows, 1);
    assert.equal(truncated, false);
    const [header, line] = csv.split('\r\n');
    assert.match(header ?? '', /^ended_at,started_at,request_key,status,success,error_type,error_message,/);
    assert.match(line ?? '', /,x,502,false,,"'=HYPERLINK\(""evil""\), ""quoted""\nline two",/);
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell('-1 tokens'), '-1 tokens');
    assert.equal(csvCell('@sum'), "'@sum");
  });

  it('summarises tokens without a price per vendor instead of dropping them silently', () => {
    const { ledger, reader } = fresh();
    const ts = '2026-05-03T03:00:00.000Z';
    ledger.record(makeAttempt({ ts, requestId: 'a', vendor: 'mystery', modelServed: 'nobody-knows-1' }));
    ledger.record(makeAttempt({ ts, requestId: 'b', vendor: 'anthropic' }));
    const day = reader.summary('24h');
    ledger.close();
    assert.deepEqual(day.unpriced, [{ vendor: 'mystery', tokens: 1200 }]);
    assert.equal(day.buckets.length, 24);
    assert.equal(day.traffic.length, 24);
    assert.deepEqual(day.today, {
      requests: 2,
      errors: 0,
      tokens: 2400,
      cost: [{ amount: 0.006, currency: 'USD' }],
      unpricedTokens: 1200,
    });
  });

  it('splits usage by client category once there is more than one', () => {
    const { ledger, reader } = fresh();
    const ts = '2026-05-03T03:00:00.000Z';
    ledger.record(makeAttempt({ ts, requestId: 'cc' }));
    assert.deepEqual(reader.summary('24h').byCategory, []);
    ledger.record(
      makeAttempt({ ts, requestId: 'api', clientCategory: 'api', inputTokens: 10, outputTokens: 0 }),
    );
    const day = reader.summary('24h');
    ledger.close();
    assert.deepEqual(day.categories, ['api', 'cc']);
    assert.deepEqual(
      day.byCategory.map((point) => [point.key, point.inputTokens]),
      [
        ['api', 10],
        ['cc', 1000],
      ],
    );
  });
});
