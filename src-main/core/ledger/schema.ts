// The shape of `usage.db`. Version 1 is the original coding-proxy's `usage_log` (same column names, so its
// files, scripts and dashboards keep working); version 2 adds what a per-attempt ledger needs.
// One row = one attempt at one tier for one client request (see router/attempt-record.ts).

export const USAGE_DB_FILE = 'usage.db';

/** Bump together with a new entry in `MIGRATIONS` (migrations.ts). */
export const SCHEMA_VERSION = 3;

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
 * - the covering index gains `client_category` (last, so every existing range scan is unchanged), keeping the
 *   Claude Code / API split of usage a read of the index alone;
 * - `usage_log_session` lists one session's requests (partial: passthrough rows have no session).
 */
export const V3_INDEXES: ReadonlyArray<string> = [
  'DROP INDEX IF EXISTS usage_log_ts_cover',
  `CREATE INDEX IF NOT EXISTS usage_log_ts_cover ON usage_log (ts, vendor, model_requested, model_served, success,
     failover, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, duration_ms, ttfb_ms,
     client_category)`,
  "CREATE INDEX IF NOT EXISTS usage_log_session ON usage_log (session_key, ts) WHERE session_key <> ''",
];
