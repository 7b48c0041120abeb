// The shape of `usage.db`. Version 1 is the original coding-proxy's `usage_log` (same column names, so its
// files, scripts and dashboards keep working); version 2 adds what a per-attempt ledger needs; version 3 session
// titles (`session_info`); version 4 `request_log`, one row per client request; version 5 makes sure a file has
// both (versions 3 and 4 were built side by side, and a file could reach 4 without ever seeing 3).
// `usage_log`: one row = one attempt at one tier for one client request (see attempt-record.ts).
// `request_log`: one row = one client request as the client saw it, including requests that no tier even tried
// (those have no `usage_log` row at all, so token and attempt totals over `usage_log` stay what they were).

export const USAGE_DB_FILE = 'usage.db';

/** Bump together with a new entry in `MIGRATIONS` (migrations.ts). */
export const SCHEMA_VERSION = 5;

/** Version 1: the original's columns. `ts` is ISO-8601 UTC with milliseconds (`2026-05-01T08:00:05.123Z`). */
export const V1_COLUMNS: ReadonlyArray<{ name: string; definition: string }> = [
  { name: 'ts', definition: "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))" },
  { name: 'vendor', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'model_requested', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'model_served', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'input_tokens', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'output_tokens', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'cache_creation_tokens', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'cache_read_tokens', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'duration_ms', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'success', definition: 'INTEGER NOT NULL DEFAULT 1' },
  { name: 'failover', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'failover_from', definition: 'TEXT' },
  /** The upstream message id (`msg_…`), as in the original. */
  { name: 'request_id', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'client_category', definition: "TEXT NOT NULL DEFAULT 'cc'" },
  { name: 'operation', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'endpoint', definition: "TEXT NOT NULL DEFAULT ''" },
  { name: 'extra_usage_json', definition: "TEXT NOT NULL DEFAULT '{}'" },
  { name: 'session_key', definition: "TEXT NOT NULL DEFAULT ''" },
];

/** Version 2 additions. All nullable or defaulted, so `ALTER TABLE … ADD COLUMN` is instant on any size. */
export const V2_COLUMNS: ReadonlyArray<{ name: string; definition: string }> = [
  /** Our id of the client request; every attempt of one /v1/messages call shares it. */
  { name: 'request_key', definition: "TEXT NOT NULL DEFAULT ''" },
  /** 0-based attempt index within the request. */
  { name: 'attempt', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { name: 'ttfb_ms', definition: 'INTEGER' },
  { name: 'stream', definition: 'INTEGER NOT NULL DEFAULT 0' },
  /** Vendor HTTP status; NULL for network errors and timeouts. */
  { name: 'status', definition: 'INTEGER' },
  /** `errorClass()` of the failure (router/upstream-error.ts); NULL on success. */
  { name: 'error_class', definition: 'TEXT' },
  { name: 'error_message', definition: 'TEXT' },
  /** Tiers passed over before this attempt: `[{"tier":"a","reason":"breaker open"}]`; NULL when none. */
  { name: 'skipped_json', definition: 'TEXT' },
];

/**
 * Index plan (checked by `EXPLAIN QUERY PLAN` in the tests, timed by bench/ledger.bench.ts on 1,000,000 rows):
 * - `usage_log_ts_cover` serves every period query: a range scan on ts that never touches the table, because
 *   each column the aggregate reads is in the index.
 * - `usage_log_request_key` groups attempts into a request timeline for the dashboard (partial: rows written
 *   by the original app have no key).
 * Quota-guard baselines (one vendor, last N hours) use the covering index too: a short ts range, vendor
 * filtered inside the index. Every extra index costs on each insert, so there is no separate vendor index.
 */
export const V2_INDEXES: ReadonlyArray<string> = [
  `CREATE INDEX IF NOT EXISTS usage_log_ts_cover ON usage_log (ts, vendor, model_requested, model_served, success,
     failover, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, duration_ms, ttfb_ms)`,
  "CREATE INDEX IF NOT EXISTS usage_log_request_key ON usage_log (request_key) WHERE request_key <> ''",
];

export function createV1TableSql(): string {
  const columns = V1_COLUMNS.map((column) => `  ${column.name} ${column.definition}`).join(',\n');
  return `CREATE TABLE IF NOT EXISTS usage_log (\n  id INTEGER PRIMARY KEY,\n${columns}\n)`;
}

// ---- Version 3 (sessions and API passthrough, issue 15) ----
// `client_category`, `operation`, `endpoint`, `extra_usage_json` and `session_key` exist since version 1 (the
// original's columns); version 3 starts filling them and adds what reading them by session needs.

/** One row per session key: the title (its first real user message) and when the proxy first saw it. */
export const V3_TABLES: ReadonlyArray<string> = [
  `CREATE TABLE IF NOT EXISTS session_info (
     session_key TEXT PRIMARY KEY,
     title TEXT NOT NULL DEFAULT '',
     first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
   ) WITHOUT ROWID`,
];

/**
 * The covering index gains `client_category` (last, so every existing range scan is unchanged), keeping the
 * Claude Code / API split of usage a read of the index alone. Rebuilt only when it lacks the column
 * (migrations.ts), since building it reads the whole table.
 */
export const V3_COVER_INDEX = `CREATE INDEX usage_log_ts_cover ON usage_log (ts, vendor, model_requested,
  model_served, success, failover, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens,
  duration_ms, ttfb_ms, client_category)`;

/**
 * Version 4: one row per client request, written once per flushed batch (ledger-batch.ts): the end of the request
 * with the attempts flushed together with it, or — for attempts flushed without their end — those attempts, so a
 * request is listed even if its end was never reported (request-rows.ts). Columns that older rows cannot know
 * (status, ttfb, started_at, stream) are nullable.
 */
export const V4_REQUEST_TABLE = `CREATE TABLE IF NOT EXISTS request_log (
  id INTEGER PRIMARY KEY,
  request_key TEXT NOT NULL,
  ts TEXT NOT NULL,
  started_at TEXT,
  model_requested TEXT NOT NULL DEFAULT '',
  model_served TEXT,
  served_by TEXT,
  success INTEGER NOT NULL DEFAULT 0,
  status INTEGER,
  error_type TEXT,
  error_message TEXT,
  stream INTEGER,
  session_key TEXT NOT NULL DEFAULT '',
  client_category TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  failed_over INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  ttfb_ms INTEGER,
  tokens INTEGER NOT NULL DEFAULT 0,
  skipped_json TEXT,
  -- 1 once the end of the request was recorded (what the client got is then known).
  ended INTEGER NOT NULL DEFAULT 0
)`;

export const V4_INDEXES: ReadonlyArray<string> = [
  'CREATE UNIQUE INDEX IF NOT EXISTS request_log_key ON request_log (request_key)',
  // Newest first, filtered by time: the request list, its paging and the per-bucket request counts.
  'CREATE INDEX IF NOT EXISTS request_log_ts ON request_log (ts, success, attempts)',
];

/**
 * Requests recorded before version 4 exist only as attempts: one request per `request_key`, and one per row
 * for rows the original app wrote without a key (`#<row id>`, the key the dashboard always showed for them).
 */
export const V4_BACKFILL = `INSERT OR IGNORE INTO request_log (request_key, ts, model_requested, model_served, served_by,
    success, status, stream, session_key, client_category, attempts, failed_over, duration_ms, tokens, ended)
  SELECT CASE WHEN request_key = '' THEN '#' || id ELSE request_key END,
    MAX(ts), MIN(model_requested),
    MAX(CASE WHEN success = 1 THEN model_served END), MAX(CASE WHEN success = 1 THEN vendor END),
    MAX(success), CASE WHEN MAX(success) = 1 THEN 200 END, MAX(stream), MAX(session_key), MAX(client_category),
    COUNT(*), MAX(failover), SUM(duration_ms),
    SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens), 1
  FROM usage_log
  GROUP BY CASE WHEN request_key = '' THEN '#' || id ELSE request_key END
  ORDER BY MIN(id)`;

/**
 * Version 5: what versions 3 and 4 add, ensured again (each step adds only what is missing), and the request
 * log read by session: the Sessions view counts a session's requests and lists them from `request_log`, so even
 * requests no tier could take belong to their session. `usage_log_session` (a development build of version 3)
 * has no reader any more and would only slow every insert.
 */
export const V5_INDEXES: ReadonlyArray<string> = [
  'DROP INDEX IF EXISTS usage_log_session',
  'CREATE INDEX IF NOT EXISTS request_log_session ON request_log (session_key, ts)',
];
