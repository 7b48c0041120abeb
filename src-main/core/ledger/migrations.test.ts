import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { failoverRequest, makeAttempt } from './fixtures/attempt-fixture.ts';
import { openLedger } from './ledger-writer.ts';
import { SCHEMA_VERSION, USAGE_DB_FILE, V1_COLUMNS, V2_COLUMNS } from './schema.ts';
import { openUsageDatabase } from './usage-database.ts';
import { queryUsage } from './usage-queries.ts';
import { createLedgerUsageReader } from './usage-reader.ts';

const root = mkdtempSync(join(tmpdir(), 'ledger-migrations-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => join(root, `case-${++counter}`);

function columns(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('PRAGMA table_info(usage_log)').all() as Array<{ name: string }>).map(
      (row) => row.name,
    );
  } finally {
    db.close();
  }
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('creates a new file at the current version with every column and index', () => {
    const dataDir = freshDir();
    openLedger({ dataDir }).close();
    const path = join(dataDir, USAGE_DB_FILE);
    assert.equal(userVersion(path), SCHEMA_VERSION);
    const names = columns(path);
    for (const column of [...V1_COLUMNS, ...V2_COLUMNS]) assert.ok(names.includes(column.name), column.name);
    const db = new Database(path, { readonly: true });
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>
    ).map((row) => row.name);
    db.close();
    assert.ok(indexes.includes('usage_log_ts_cover'));
    assert.ok(indexes.includes('usage_log_request_key'));
  });

  it('opens a version-1 file made by hand and keeps its rows', () => {
    const dataDir = freshDir();
    const path = join(dataDir, USAGE_DB_FILE);
    openLedger({ dataDir }).close(); // creates the folder
    rmSync(path);
    const v1 = new Database(path);
    v1.exec(`CREATE TABLE usage_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ts TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      vendor TEXT NOT NULL, model_requested TEXT NOT NULL, model_served TEXT NOT NULL,
      input_tokens INTEGER DEFAULT 0, output_tokens INTEGER DEFAULT 0,
      cache_creation_tokens INTEGER DEFAULT 0, cache_read_tokens INTEGER DEFAULT 0,
      duration_ms INTEGER DEFAULT 0, success BOOLEAN DEFAULT 1, failover BOOLEAN DEFAULT 0,
      failover_from TEXT, request_id TEXT DEFAULT '', client_category TEXT DEFAULT 'cc',
      operation TEXT DEFAULT '', endpoint TEXT DEFAULT '', extra_usage_json TEXT DEFAULT '{}',
      session_key TEXT DEFAULT '')`);
    v1.prepare(
      `INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens, output_tokens, duration_ms, failover, failover_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run('2026-05-01T08:00:05.123Z', 'zhipu', 'claude-sonnet-4-5', 'glm-5.1', 100, 20, 900, 0, null);
    v1.prepare(
      `INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens, output_tokens, duration_ms, failover, failover_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      '2026-05-01T09:00:00.000Z',
      'anthropic',
      'claude-sonnet-4-5',
      'claude-sonnet-4-5',
      300,
      40,
      1100,
      1,
      'zhipu',
    );
    v1.pragma('user_version = 1');
    v1.close();

    const ledger = openLedger({ dataDir, now: () => Date.parse('2026-05-02T00:00:00.000Z') });
    assert.equal(ledger.problem, undefined);
    ledger.record(makeAttempt({ ts: '2026-05-01T10:00:00.000Z', requestId: 'new-1' }));
    const rows = ledger.queryUsage({ period: 'total', count: 1 });
    ledger.close();

    assert.equal(userVersion(path), SCHEMA_VERSION);
    assert.deepEqual(
      rows.map((row) => [row.vendor, row.modelServed, row.requests, row.inputTokens, row.failovers]),
      [
        ['anthropic', 'claude-sonnet-4-5', 1, 300, 1],
        ['anthropic', 'claude-sonnet-4-5-20250929', 1, 1000, 0],
        ['zhipu', 'glm-5.1', 1, 100, 0],
      ],
    );
    const db = new Database(path, { readonly: true });
    const legacy = db
      .prepare('SELECT request_key, attempt, ttfb_ms, stream FROM usage_log WHERE id = 1')
      .get();
    db.close();
    assert.deepEqual(legacy, { request_key: '', attempt: 0, ttfb_ms: null, stream: 0 });
  });

  it("upgrades the original app's unversioned file, including the old `backend` column name", () => {
    const dataDir = freshDir();
    openLedger({ dataDir }).close();
    const path = join(dataDir, USAGE_DB_FILE);
    rmSync(path);
    const old = new Database(path);
    old.exec(`CREATE TABLE usage_log (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, backend TEXT NOT NULL,
      model_requested TEXT NOT NULL, model_served TEXT NOT NULL, input_tokens INTEGER DEFAULT 0,
      output_tokens INTEGER DEFAULT 0, duration_ms INTEGER DEFAULT 0, success BOOLEAN DEFAULT 1,
      failover BOOLEAN DEFAULT 0, request_id TEXT DEFAULT '')`);
    old
      .prepare(
        'INSERT INTO usage_log (ts, backend, model_requested, model_served, input_tokens) VALUES (?, ?, ?, ?, ?)',
      )
      .run('2026-04-01T00:00:00.000Z', 'zhipu', 'claude-opus-4', 'glm-4.5', 7);
    old.close();

    const db = openUsageDatabase(path);
    const rows = queryUsage(db, { period: 'total', count: 1 });
    db.close();
    assert.deepEqual(
      rows.map((row) => [row.vendor, row.inputTokens]),
      [['zhipu', 7]],
    );
    assert.ok(columns(path).includes('session_key'));
  });

  it('is idempotent: opening the same file again changes nothing', () => {
    const dataDir = freshDir();
    openLedger({ dataDir }).close();
    const path = join(dataDir, USAGE_DB_FILE);
    const before = columns(path);
    openLedger({ dataDir }).close();
    assert.deepEqual(columns(path), before);
    assert.equal(userVersion(path), SCHEMA_VERSION);
  });

  it('leaves a file from a newer app alone and still records into it', () => {
    const dataDir = freshDir();
    openLedger({ dataDir }).close();
    const path = join(dataDir, USAGE_DB_FILE);
    const newer = new Database(path);
    newer.exec('ALTER TABLE usage_log ADD COLUMN future_column TEXT');
    newer.pragma('user_version = 99');
    newer.close();

    const ledger = openLedger({ dataDir });
    assert.equal(ledger.problem, undefined);
    ledger.record(makeAttempt({ ts: new Date().toISOString() }));
    assert.equal(ledger.flush(), true);
    ledger.close();
    assert.equal(userVersion(path), 99);
  });

  it('backfills one request per request key (and per keyless row of the original app) into version 4', () => {
    const dataDir = freshDir();
    const ledger = openLedger({ dataDir });
    for (const attempt of failoverRequest('fo', ['zhipu'], 'anthropic', {
      skipped: [{ tier: 'copilot', reason: 'breaker open' }],
    }))
      ledger.record(attempt);
    ledger.close();
    const path = join(dataDir, USAGE_DB_FILE);
    const v2 = new Database(path);
    v2.exec('DROP TABLE request_log');
    v2.exec(`INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens, success)
      VALUES ('2026-04-30T10:00:00.000Z', 'anthropic', 'claude-opus-4', 'claude-opus-4', 7, 1)`);
    v2.pragma('user_version = 2');
    v2.close();

    const reopened = openLedger({ dataDir });
    const requests = createLedgerUsageReader(reopened).recent({ limit: 10 });
    reopened.close();
    assert.equal(userVersion(path), SCHEMA_VERSION);
    assert.deepEqual(
      requests.map((request) => [
        request.requestKey.replace(/^#\d+$/, '#id'),
        request.servedBy,
        request.status,
        request.failedOver,
        request.attempts.map((attempt) => attempt.vendor),
      ]),
      [
        ['fo', 'anthropic', 200, true, ['zhipu', 'anthropic']],
        ['#id', 'anthropic', 200, false, ['anthropic']],
      ],
    );
    assert.deepEqual(requests[0]?.skipped, [{ tier: 'copilot', reason: 'breaker open' }]);
  });

  it('answers period queries from the covering index, without reading the table', () => {
    const dataDir = freshDir();
    openLedger({ dataDir }).close();
    const db = openUsageDatabase(join(dataDir, USAGE_DB_FILE));
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT vendor, model_requested, model_served, SUM(input_tokens), AVG(ttfb_ms)
         FROM usage_log WHERE ts >= ? AND ts < ? GROUP BY vendor, model_requested, model_served`,
      )
      .all('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z') as Array<{ detail: string }>;
    db.close();
    assert.ok(
      plan.some((step) => step.detail.includes('COVERING INDEX usage_log_ts_cover')),
      JSON.stringify(plan),
    );
  });
});
