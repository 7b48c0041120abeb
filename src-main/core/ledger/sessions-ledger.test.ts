import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { makeAttempt } from './fixtures/attempt-fixture.ts';
import { openLedger } from './ledger-writer.ts';
import { MIGRATIONS } from './migrations.ts';
import { USAGE_DB_FILE } from './schema.ts';
import { queryClientCategories, querySessions, querySessionTitle } from './session-queries.ts';

const root = mkdtempSync(join(tmpdir(), 'sessions-ledger-'));
after(() => rmSync(root, { recursive: true, force: true }));
const NOW = Date.parse('2026-05-03T12:00:00.000Z');

describe('ledger version 3: sessions and passthrough rows', () => {
  it('upgrades a version-2 file in place: rows kept (and counted as requests), session table and indexes added', () => {
    const dataDir = join(root, 'v2');
    openLedger({ dataDir }).close();
    const path = join(dataDir, USAGE_DB_FILE);
    rmSync(path);
    const v2 = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) migration.up(v2);
    v2.pragma('user_version = 2');
    v2.prepare(
      "INSERT INTO usage_log (ts, vendor, session_key, request_key) VALUES (?, 'zhipu', 's-old', 'r-old')",
    ).run('2026-05-03T11:00:00.000Z');
    v2.close();
    const ledger = openLedger({ dataDir, now: () => NOW });
    const sessions = ledger.read(
      (db) => querySessions(db, { since: '2026-05-03T00:00:00.000Z', limit: 10 }),
      [],
    );
    ledger.close();
    assert.deepEqual(
      sessions.map((s) => [s.sessionKey, s.title, s.requests]),
      [['s-old', '', 1]],
    );
    const db = new Database(path, { readonly: true });
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index'").all() as Array<{
      name: string;
      sql: string;
    }>;
    db.close();
    assert.ok(indexes.some((index) => index.name === 'request_log_session'));
    assert.match(
      indexes.find((index) => index.name === 'usage_log_ts_cover')?.sql ?? '',
      /client_category\)$/,
    );
  });

  it('titles a session from its first request that had one and never replaces it; passthrough rows keep their columns', () => {
    const dataDir = join(root, 'titles');
    const ledger = openLedger({ dataDir, now: () => NOW });
    const at = (minute: number) => `2026-05-03T11:${String(minute).padStart(2, '0')}:00.000Z`;
    ledger.record(makeAttempt({ ts: at(1), requestId: 'r1', sessionKey: 's-1', sessionTitle: '' }));
    ledger.record(
      makeAttempt({ ts: at(2), requestId: 'r2', sessionKey: 's-1', sessionTitle: 'Fix the parser' }),
    );
    ledger.record(
      makeAttempt({ ts: at(3), requestId: 'r3', sessionKey: 's-1', sessionTitle: 'Something later' }),
    );
    ledger.record(
      makeAttempt({
        ts: at(4),
        requestId: 'r3',
        attempt: 1,
        sessionKey: 's-1',
        success: false,
        vendor: 'kimi',
      }),
    );
    ledger.record(
      makeAttempt({
        ts: at(5),
        requestId: 'p1',
        vendor: 'openai',
        sessionKey: '',
        clientCategory: 'api',
        operation: 'chat',
        endpoint: '/v1/chat/completions',
        extraUsage: { reasoning_tokens: 12 },
        inputTokens: 40,
        outputTokens: 2,
      }),
    );
    const result = ledger.read(
      (db) => ({
        title: querySessionTitle(db, 's-1'),
        sessions: querySessions(db, { since: at(0), limit: 10 }),
        categories: queryClientCategories(db, at(0)),
        passthrough: db
          .prepare("SELECT operation, endpoint, extra_usage_json FROM usage_log WHERE vendor = 'openai'")
          .get(),
      }),
      undefined,
    );
    ledger.close();
    assert.equal(result?.title, 'Fix the parser');
    const [session] = result?.sessions ?? [];
    assert.equal(session?.requests, 3, 'r3 had two attempts: one request');
    assert.equal(session?.servedRequests, 3);
    assert.equal(session?.firstSeen, at(1));
    assert.deepEqual(
      result?.categories.map((c) => [c.clientCategory, c.requests]),
      [
        ['cc', 3],
        ['api', 1],
      ],
    );
    assert.deepEqual(result?.passthrough, {
      operation: 'chat',
      endpoint: '/v1/chat/completions',
      extra_usage_json: '{"reasoning_tokens":12}',
    });
  });
});
