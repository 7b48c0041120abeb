import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { makeAttempt } from './fixtures/attempt-fixture.ts';
import { openLedger } from './ledger-writer.ts';
import { USAGE_DB_FILE } from './schema.ts';
import { createLedgerUsageReader } from './usage-reader.ts';

const root = mkdtempSync(join(tmpdir(), 'ledger-writer-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => join(root, `case-${++counter}`);

function countRows(dataDir: string): number {
  const db = new Database(join(dataDir, USAGE_DB_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM usage_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 500 && !condition(); round++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition never became true');
}

describe('openLedger: writing', () => {
  it('stores every field of an attempt under the original column names plus the new ones', () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir });
    ledger.record(
      makeAttempt({
        requestId: 'req-42',
        attempt: 1,
        vendor: 'anthropic',
        failover: true,
        failoverFrom: 'zhipu',
        cacheCreationTokens: 30,
        cacheReadTokens: 40,
        skipped: [{ tier: 'copilot', reason: 'breaker open' }],
      }),
    );
    ledger.close();
    const db = new Database(join(dataDir, USAGE_DB_FILE), { readonly: true });
    const row = db.prepare('SELECT * FROM usage_log').get();
    db.close();
    assert.deepEqual(row, {
      id: 1,
      ts: '2026-05-01T08:00:05.123Z',
      vendor: 'anthropic',
      model_requested: 'claude-sonnet-4-5',
      model_served: 'claude-sonnet-4-5-20250929',
      input_tokens: 1000,
      output_tokens: 200,
      cache_creation_tokens: 30,
      cache_read_tokens: 40,
      duration_ms: 1500,
      success: 1,
      failover: 1,
      failover_from: 'zhipu',
      request_id: 'msg_01',
      client_category: 'cc',
      operation: '',
      endpoint: '',
      extra_usage_json: '{}',
      session_key: 'session-a',
      request_key: 'req-42',
      attempt: 1,
      ttfb_ms: 400,
      stream: 1,
      status: 200,
      error_class: null,
      error_message: null,
      skipped_json: '[{"tier":"copilot","reason":"breaker open"}]',
    });
  });

  it('queues records and writes them later in one batch, never during record()', async () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir, flushDelayMs: 1 });
    for (let index = 0; index < 10; index++) ledger.record(makeAttempt({ requestId: `r${index}` }));
    assert.equal(ledger.pendingRows, 10);
    assert.equal(countRows(dataDir), 0);
    await until(() => ledger.pendingRows === 0);
    assert.equal(countRows(dataDir), 10);
    ledger.close();
  });

  it('flush() writes the queue immediately and close() flushes what is left', () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir, flushDelayMs: 60_000 });
    ledger.record(makeAttempt({ requestId: 'a' }));
    assert.equal(ledger.flush(), true);
    assert.equal(countRows(dataDir), 1);
    ledger.record(makeAttempt({ requestId: 'b' }));
    ledger.close();
    assert.equal(countRows(dataDir), 2);
    ledger.record(makeAttempt({ requestId: 'after-close' }));
    assert.equal(ledger.droppedRows, 1);
  });

  it('cleans up values the database should not hold: bad timestamps, negative counts, huge messages', () => {
    const dataDir = freshDir();
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const ledger = openLedger({ dataDir, now: () => now });
    ledger.record(
      makeAttempt({
        ts: 'not a date',
        inputTokens: -5,
        outputTokens: Number.NaN,
        errorMessage: 'x'.repeat(10_000),
      }),
    );
    ledger.close();
    const db = new Database(join(dataDir, USAGE_DB_FILE), { readonly: true });
    const row = db
      .prepare('SELECT ts, input_tokens, output_tokens, length(error_message) AS len FROM usage_log')
      .get();
    db.close();
    assert.deepEqual(row, { ts: '2026-06-01T00:00:00.000Z', input_tokens: 0, output_tokens: 0, len: 2000 });
  });
});

describe('openLedger: a database it cannot use', () => {
  it('degrades with a clear problem when usage.db is not a SQLite file, and record() does not throw', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, USAGE_DB_FILE), 'this is not a database '.repeat(200));
    const errors: string[] = [];
    const ledger = openLedger({ dataDir, onError: (message) => errors.push(message) });
    assert.match(ledger.problem ?? '', /usage\.db is not a SQLite database \(file is corrupt\)/);
    assert.match(ledger.problem ?? '', /usage is not being recorded; move it aside and restart/);
    assert.deepEqual(errors, [ledger.problem]);
    assert.doesNotThrow(() => ledger.record(makeAttempt()));
    assert.doesNotThrow(() => ledger.record(makeAttempt()));
    assert.equal(ledger.droppedRows, 2);
    assert.deepEqual(ledger.queryUsage({ period: 'total', count: 1 }), []);
    assert.equal(ledger.queryWindowTotal('anthropic', 5), 0);
    assert.doesNotThrow(() => ledger.close());
  });

  it('degrades when the data directory cannot be created', () => {
    const parent = freshDir();
    mkdirSync(parent, { recursive: true });
    const blocker = join(parent, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const ledger = openLedger({ dataDir: join(blocker, 'data') });
    assert.match(ledger.problem ?? '', /cannot be opened .*usage is not being recorded/);
    assert.doesNotThrow(() => ledger.record(makeAttempt()));
    ledger.close();
  });

  it('degrades when another process holds the file locked at startup', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const other = new Database(join(dataDir, USAGE_DB_FILE));
    other.exec('CREATE TABLE something (x)');
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const ledger = openLedger({ dataDir, busyTimeoutMs: 10 });
      assert.match(ledger.problem ?? '', /is locked by another process/);
      assert.doesNotThrow(() => ledger.record(makeAttempt()));
      ledger.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('keeps rows while another writer holds the lock, reports once, and writes them when it is free', () => {
    const dataDir = freshDir();
    const errors: string[] = [];
    const ledger = openLedger({ dataDir, flushDelayMs: 60_000, onError: (message) => errors.push(message) });
    const other = new Database(join(dataDir, USAGE_DB_FILE));
    other.exec('BEGIN IMMEDIATE');
    ledger.record(makeAttempt({ requestId: 'while-locked' }));
    assert.equal(ledger.flush(), false);
    assert.equal(ledger.flush(), false);
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /locked by another process.*will retry; 1 rows waiting/);
    assert.equal(ledger.pendingRows, 1);
    other.exec('ROLLBACK');
    other.close();
    assert.equal(ledger.flush(), true);
    ledger.close();
    assert.equal(countRows(dataDir), 1);
    assert.equal(ledger.droppedRows, 0);
  });

  it('drops (and counts) rows beyond the queue limit instead of growing without bound', () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir, flushDelayMs: 60_000, maxQueuedRows: 3 });
    for (let index = 0; index < 5; index++) ledger.record(makeAttempt({ requestId: `r${index}` }));
    assert.equal(ledger.pendingRows, 3);
    assert.equal(ledger.droppedRows, 2);
    ledger.close();
  });
});

describe('openLedger: retention', () => {
  const day = 24 * 60 * 60 * 1000;
  const now = Date.parse('2026-06-01T12:00:00.000Z');

  it('deletes rows older than retentionDays when it opens', () => {
    const dataDir = freshDir();
    const writer = openLedger({ dataDir, now: () => now, retentionDays: 10_000 });
    writer.record(makeAttempt({ requestId: 'old', ts: new Date(now - 400 * day).toISOString() }));
    writer.record(makeAttempt({ requestId: 'recent', ts: new Date(now - 10 * day).toISOString() }));
    writer.close();
    assert.equal(countRows(dataDir), 2);

    const reopened = openLedger({ dataDir, now: () => now });
    const remaining = createLedgerUsageReader(reopened, { now: () => now })
      .recent({ limit: 10 })
      .map((request) => request.requestKey);
    reopened.close();
    assert.deepEqual(remaining, ['recent']);
  });

  it('pruneExpired() applies a shorter retention and reports how many rows went', () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir, now: () => now, retentionDays: 7 });
    ledger.record(makeAttempt({ requestId: 'a', ts: new Date(now - 8 * day).toISOString() }));
    ledger.record(makeAttempt({ requestId: 'b', ts: new Date(now - 6 * day).toISOString() }));
    ledger.flush();
    assert.equal(ledger.pruneExpired(), 1);
    ledger.close();
    assert.equal(countRows(dataDir), 1);
  });
});
