// Versions 3 (sessions) and 4 (request_log) were built side by side, so development files exist in three shapes:
// at version 2 (before either), at version 3 without request_log (the sessions branch) and at version 4 without
// session_info (the dashboard branch, which skipped 3). Each is made here as a real SQLite file the way its build
// made it, then opened by this build: every one ends at the current version with both versions' tables and
// indexes, its rows kept and readable by session and by request.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { makeAttempt } from './fixtures/attempt-fixture.ts';
import { openLedger } from './ledger-writer.ts';
import { MIGRATIONS } from './migrations.ts';
import { SCHEMA_VERSION, USAGE_DB_FILE } from './schema.ts';
import { querySessions, querySessionTitle } from './session-queries.ts';
import { createLedgerUsageReader } from './usage-reader.ts';

const root = mkdtempSync(join(tmpdir(), 'ledger-v3-v4-'));
after(() => rmSync(root, { recursive: true, force: true }));
const NOW = Date.parse('2026-05-03T12:00:00.000Z');
let counter = 0;

type Db = Database.Database;

/** Version 3 as the sessions branch shipped it in development, index on usage_log's sessions included. */
function sessionsBranchV3(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS session_info (session_key TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))) WITHOUT ROWID`);
  db.exec('DROP INDEX IF EXISTS usage_log_ts_cover');
  db.exec(`CREATE INDEX usage_log_ts_cover ON usage_log (ts, vendor, model_requested, model_served, success,
    failover, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, duration_ms, ttfb_ms,
    client_category)`);
  db.exec("CREATE INDEX usage_log_session ON usage_log (session_key, ts) WHERE session_key <> ''");
}

const step = (version: number) => {
  const found = MIGRATIONS.find((migration) => migration.version === version);
  assert.ok(found, `migration ${version}`);
  return (db: Db) => found.up(db);
};

/** A usage.db built by `steps` and left at `version`, with one served request of session `s-1` in it. */
function fileAt(version: number, steps: ReadonlyArray<(db: Db) => void>): { dataDir: string; path: string } {
  const dataDir = join(root, `case-${++counter}`);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, USAGE_DB_FILE);
  const db = new Database(path);
  for (const run of steps) run(db);
  db.prepare(
    `INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens, output_tokens, success,
       session_key, request_key, client_category)
     VALUES ('2026-05-03T11:00:00.000Z', 'zhipu', 'claude-sonnet-4-5', 'glm-5.1', 100, 20, 1, 's-1', 'r-old', 'cc')`,
  ).run();
  if (version >= 4) {
    db.prepare(
      `INSERT INTO request_log (request_key, ts, model_requested, served_by, success, status, session_key,
         client_category, attempts, tokens, ended)
       VALUES ('r-old', '2026-05-03T11:00:00.000Z', 'claude-sonnet-4-5', 'zhipu', 1, 200, 's-1', 'cc', 1, 120, 1)`,
    ).run();
  }
  if (version === 3)
    db.prepare("INSERT INTO session_info (session_key, title) VALUES ('s-1', 'Old title')").run();
  db.pragma(`user_version = ${version}`);
  db.close();
  return { dataDir, path };
}

interface Shape {
  version: number;
  tables: string[];
  indexes: string[];
  coverColumns: string[];
}

function shapeOf(path: string): Shape {
  const db = new Database(path, { readonly: true });
  try {
    const names = (type: string) =>
      (
        db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as Array<{
          name: string;
        }>
      )
        .map((row) => row.name)
        .filter((name) => !name.startsWith('sqlite_'));
    return {
      version: Number(db.pragma('user_version', { simple: true })),
      tables: names('table'),
      indexes: names('index'),
      coverColumns: (
        db.prepare('PRAGMA index_info(usage_log_ts_cover)').all() as Array<{ name: string }>
      ).map((row) => row.name),
    };
  } finally {
    db.close();
  }
}

const COMPLETE = {
  tables: ['request_log', 'session_info', 'usage_log'],
  indexes: [
    'request_log_key',
    'request_log_session',
    'request_log_ts',
    'usage_log_request_key',
    'usage_log_ts_cover',
  ],
};

/** Opens the file with this build, records a titled attempt of a new session, and reads it back. */
function openAndUse(dataDir: string) {
  const ledger = openLedger({ dataDir, now: () => NOW });
  assert.equal(ledger.problem, undefined);
  ledger.record(
    makeAttempt({
      ts: '2026-05-03T11:30:00.000Z',
      requestId: 'r-new',
      sessionKey: 's-2',
      sessionTitle: 'Fix the parser',
    }),
  );
  ledger.recordRequest(
    {
      requestKey: 'r-none',
      servedBy: null,
      success: false,
      failoverFrom: null,
      durationMs: 3,
      modelRequested: 'claude-sonnet-4-5',
      modelServed: null,
      tokens: 0,
      status: 400,
      errorType: 'invalid_request_error',
      errorMessage: 'prompt is too long: 300000 tokens > 200000 maximum',
      sessionKey: 's-2',
      clientCategory: 'cc',
      attempts: 0,
    },
    Date.parse('2026-05-03T11:31:00.000Z'),
  );
  assert.equal(ledger.flush(), true);
  const read = ledger.read(
    (db) => ({
      sessions: querySessions(db, { since: '2026-05-03T00:00:00.000Z', limit: 10 }),
      titles: [querySessionTitle(db, 's-1'), querySessionTitle(db, 's-2')],
    }),
    undefined,
  );
  const requests = createLedgerUsageReader(ledger, { now: () => NOW }).requests({});
  ledger.close();
  return { read, requests };
}

describe('ledger versions 3 and 4 built side by side', () => {
  it('a version-2 file gets both: sessions, the request log backfilled, the covering index with categories', () => {
    const { dataDir, path } = fileAt(2, [step(1), step(2)]);
    const { read, requests } = openAndUse(dataDir);
    const shape = shapeOf(path);
    assert.deepEqual(
      { version: shape.version, tables: shape.tables, indexes: shape.indexes },
      { version: SCHEMA_VERSION, ...COMPLETE },
    );
    assert.equal(shape.coverColumns.at(-1), 'client_category');
    assert.deepEqual(
      requests.requests.map((request) => [request.requestKey, request.status]),
      [
        ['r-none', 400],
        ['r-new', 200],
        ['r-old', 200],
      ],
    );
    assert.deepEqual(
      read?.sessions.map((session) => [session.sessionKey, session.title, session.requests]),
      [
        ['s-2', 'Fix the parser', 2],
        ['s-1', '', 1],
      ],
    );
  });

  it('a version-3 file of the sessions branch gets the request log (backfilled) and keeps its titles', () => {
    const { dataDir, path } = fileAt(3, [step(1), step(2), sessionsBranchV3]);
    assert.ok(shapeOf(path).indexes.includes('usage_log_session'));
    const { read, requests } = openAndUse(dataDir);
    const shape = shapeOf(path);
    assert.equal(shape.version, SCHEMA_VERSION);
    assert.deepEqual(shape.tables, COMPLETE.tables);
    // Its usage_log_session index has no reader any more: dropped rather than paid for on every insert.
    assert.deepEqual(shape.indexes, COMPLETE.indexes);
    assert.deepEqual(read?.titles, ['Old title', 'Fix the parser']);
    assert.deepEqual(
      requests.requests.map((request) => request.requestKey),
      ['r-none', 'r-new', 'r-old'],
    );
    assert.deepEqual(
      read?.sessions.map((session) => [session.sessionKey, session.requests, session.servedRequests]),
      [
        ['s-2', 2, 1],
        ['s-1', 1, 1],
      ],
    );
  });

  it('a version-4 file of the dashboard branch (no version 3) gets session titles and the covering index', () => {
    const { dataDir, path } = fileAt(4, [step(1), step(2), step(4)]);
    const before = shapeOf(path);
    assert.ok(!before.tables.includes('session_info'));
    assert.ok(!before.coverColumns.includes('client_category'));
    // Without version 5, recording a titled attempt here would fail (no session_info) and lose the whole batch.
    const { read, requests } = openAndUse(dataDir);
    const shape = shapeOf(path);
    assert.equal(shape.version, SCHEMA_VERSION);
    assert.deepEqual(shape.tables, COMPLETE.tables);
    assert.deepEqual(shape.indexes, COMPLETE.indexes);
    assert.equal(shape.coverColumns.at(-1), 'client_category');
    assert.deepEqual(read?.titles, [undefined, 'Fix the parser']);
    assert.equal(requests.total, 3);
    assert.deepEqual(
      read?.sessions.map((session) => [session.sessionKey, session.title, session.requests]),
      [
        ['s-2', 'Fix the parser', 2],
        ['s-1', '', 1],
      ],
    );
  });

  it('version 5 adds only what is missing: run again on a complete file it rebuilds nothing', () => {
    const { dataDir, path } = fileAt(4, [step(1), step(2), step(4)]);
    openLedger({ dataDir }).close();
    const rootpages = () => {
      const db = new Database(path, { readonly: true });
      const rows = db.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'index'").all();
      db.close();
      return rows;
    };
    const before = rootpages();
    const db = new Database(path);
    db.transaction(() => step(5)(db))();
    db.close();
    assert.deepEqual(rootpages(), before);
  });

  it('finds one session’s requests through request_log_session', () => {
    const { dataDir, path } = fileAt(2, [step(1), step(2)]);
    openLedger({ dataDir }).close();
    const db = new Database(path, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT r.* FROM request_log r WHERE r.session_key = ?
         ORDER BY r.ts DESC, r.id DESC LIMIT 101`,
      )
      .all('s-1') as Array<{ detail: string }>;
    db.close();
    assert.ok(
      plan.some((entry) => entry.detail.includes('request_log_session')),
      JSON.stringify(plan),
    );
  });
});
