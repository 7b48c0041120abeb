// Read side of the ledger: aggregates for the `usage` command and the dashboard, quota-guard baselines.
// Counting rules, because a request can leave several rows (one per attempt):
// - `requests` counts successful attempts, i.e. client requests that were served; failed attempts are
//   `failedAttempts`, so a request that failed over twice is 1 request + 2 failed attempts;
// - tokens sum every attempt: an attempt that broke mid-stream still consumed (and was billed for) tokens;
// - `failovers` counts requests served by a tier after an earlier tier failed;
// - average duration and TTFB are over served requests only (a timeout's duration is not a latency).
import { type PeriodBucket, periodBuckets, type UsagePeriod } from './period-buckets.ts';
import type { Db } from './usage-database.ts';

export interface UsageQueryOptions {
  period: UsagePeriod;
  /** How many periods back, including the current one (ignored for `total`). */
  count: number;
  vendors?: ReadonlyArray<string>;
  /** Matches the served or the requested model. */
  models?: ReadonlyArray<string>;
  now?: number;
}

export interface UsageRow {
  /** The period key: `2026-05-01`, `2026-W18`, `2026-05` or `total`. */
  date: string;
  vendor: string;
  modelRequested: string;
  modelServed: string;
  /** `cc` (Claude Code, /v1/messages) or `api` (native API passthrough), issue 15. */
  clientCategory: 'cc' | 'api';
  requests: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  failovers: number;
  avgDurationMs: number | null;
  avgTtfbMs: number | null;
}

interface RawUsageRow {
  date: string;
  vendor: string;
  model_requested: string;
  model_served: string;
  client_category?: string;
  requests: number;
  failed_attempts: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  failovers: number;
  avg_duration_ms: number | null;
  avg_ttfb_ms: number | null;
}

const roundOrNull = (value: number | null): number | null => (value === null ? null : Math.round(value));

function filterSql(options: { vendors?: ReadonlyArray<string>; models?: ReadonlyArray<string> }): {
  sql: string;
  params: string[];
} {
  const clauses: string[] = [];
  const params: string[] = [];
  if (options.vendors?.length) {
    clauses.push(`u.vendor IN (${options.vendors.map(() => '?').join(', ')})`);
    params.push(...options.vendors);
  }
  if (options.models?.length) {
    const marks = options.models.map(() => '?').join(', ');
    clauses.push(`(u.model_served IN (${marks}) OR u.model_requested IN (${marks}))`);
    params.push(...options.models, ...options.models);
  }
  return { sql: clauses.map((clause) => ` AND ${clause}`).join(''), params };
}

const AGGREGATES = `
  SUM(u.success = 1) AS requests,
  SUM(u.success = 0) AS failed_attempts,
  SUM(u.input_tokens) AS input_tokens,
  SUM(u.output_tokens) AS output_tokens,
  SUM(u.cache_creation_tokens) AS cache_creation_tokens,
  SUM(u.cache_read_tokens) AS cache_read_tokens,
  SUM(u.success = 1 AND u.failover = 1) AS failovers,
  AVG(CASE WHEN u.success = 1 THEN u.duration_ms END) AS avg_duration_ms,
  AVG(CASE WHEN u.success = 1 THEN u.ttfb_ms END) AS avg_ttfb_ms`;

/**
 * Rows of (period, vendor, model_requested, model_served) for the given buckets. Bounded buckets are joined
 * as a small outer table so each one is an index range scan on `ts` (CROSS JOIN pins that order).
 */
function aggregate(
  db: Db,
  buckets: ReadonlyArray<PeriodBucket>,
  shape: { select: string; groupBy: string; order: string },
  filters: { vendors?: ReadonlyArray<string>; models?: ReadonlyArray<string> },
): RawUsageRow[] {
  const filter = filterSql(filters);
  const { select, groupBy, order } = shape;
  if (buckets.length === 1 && buckets[0]?.start === null) {
    const sql = `SELECT ? AS date, ${select}, ${AGGREGATES}
      FROM usage_log u WHERE 1 = 1${filter.sql} GROUP BY ${groupBy} ORDER BY ${order}`;
    return db.prepare(sql).all(buckets[0].key, ...filter.params) as RawUsageRow[];
  }
  const sql = `WITH buckets AS MATERIALIZED (
      SELECT json_extract(value, '$[0]') AS key, json_extract(value, '$[1]') AS start,
             json_extract(value, '$[2]') AS finish
      FROM json_each(?))
    SELECT b.key AS date, ${select}, ${AGGREGATES}
    FROM buckets b CROSS JOIN usage_log u
    WHERE u.ts >= b.start AND u.ts < b.finish${filter.sql}
    GROUP BY b.key, ${groupBy} ORDER BY ${order}`;
  const json = JSON.stringify(buckets.map((bucket) => [bucket.key, bucket.start, bucket.end]));
  return db.prepare(sql).all(json, ...filter.params) as RawUsageRow[];
}

function toUsageRow(raw: RawUsageRow): UsageRow {
  return {
    date: raw.date,
    vendor: raw.vendor,
    modelRequested: raw.model_requested,
    modelServed: raw.model_served,
    clientCategory: raw.client_category === 'api' ? 'api' : 'cc',
    requests: raw.requests ?? 0,
    failedAttempts: raw.failed_attempts ?? 0,
    inputTokens: raw.input_tokens ?? 0,
    outputTokens: raw.output_tokens ?? 0,
    cacheCreationTokens: raw.cache_creation_tokens ?? 0,
    cacheReadTokens: raw.cache_read_tokens ?? 0,
    failovers: raw.failovers ?? 0,
    avgDurationMs: roundOrNull(raw.avg_duration_ms),
    avgTtfbMs: roundOrNull(raw.avg_ttfb_ms),
  };
}

/** Newest period first, then vendor and models alphabetically. */
export function queryUsage(db: Db, options: UsageQueryOptions): UsageRow[] {
  const buckets = periodBuckets(options.period, options.count, options.now ?? Date.now());
  return queryUsageInBuckets(db, buckets, options);
}

/** Same rows for any buckets (e.g. local hours for a 24-hour chart); `date` is the bucket key. */
export function queryUsageInBuckets(
  db: Db,
  buckets: ReadonlyArray<PeriodBucket>,
  filters: { vendors?: ReadonlyArray<string>; models?: ReadonlyArray<string> } = {},
): UsageRow[] {
  if (buckets.length === 0) return [];
  const shape = {
    select:
      'u.vendor AS vendor, u.model_requested AS model_requested, u.model_served AS model_served, u.client_category AS client_category',
    groupBy: 'u.vendor, u.model_requested, u.model_served, u.client_category',
    order: 'date DESC, client_category DESC, vendor, model_requested, model_served',
  };
  return aggregate(db, buckets, shape, filters).map(toUsageRow);
}

export interface FailoverQueryOptions {
  /** Only transitions at or after this instant (epoch ms or ISO string); all when absent. */
  since?: number | string;
  vendors?: ReadonlyArray<string>;
}

export interface FailoverCount {
  from: string;
  to: string;
  count: number;
}

/**
 * How often the chain moved from one tier to the next: every attempt that followed a failed attempt counts,
 * whether or not it then succeeded, so a request that went a → b → c counts a→b and b→c once each.
 */
export function queryFailovers(db: Db, options: FailoverQueryOptions = {}): FailoverCount[] {
  const since = options.since === undefined ? '' : new Date(options.since).toISOString();
  const filter = filterSql({ vendors: options.vendors });
  const sql = `SELECT u.failover_from AS "from", u.vendor AS "to", COUNT(*) AS count FROM usage_log u
    WHERE u.ts >= ? AND u.failover = 1 AND u.failover_from IS NOT NULL${filter.sql}
    GROUP BY u.failover_from, u.vendor ORDER BY count DESC, "from", "to"`;
  return db.prepare(sql).all(since, ...filter.params) as FailoverCount[];
}

/** Tokens of all four kinds that `vendor` served in the last `hours`: the quota guard's startup baseline. */
/** The oldest recorded instant (ISO), or null for an empty ledger. */
export function queryFirstTimestamp(db: Db): string | null {
  // Requests no tier tried have no usage_log row; the range starts at whichever came first.
  const row = db
    .prepare(
      `SELECT MIN(first) AS first FROM (SELECT MIN(ts) AS first FROM usage_log
         UNION ALL SELECT MIN(ts) FROM request_log)`,
    )
    .get() as { first: string | null };
  return row.first;
}

/** The client categories (`cc`, `api`…) of the requests inside the buckets. */
export function queryCategories(db: Db, buckets: ReadonlyArray<PeriodBucket>): string[] {
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) return [];
  return db
    .prepare(
      `SELECT DISTINCT client_category FROM request_log
       WHERE ts >= ? AND ts < ? AND client_category <> '' ORDER BY client_category`,
    )
    .pluck()
    .all(first.start ?? '', last.end ?? '\uffff') as string[];
}

export function queryWindowTotal(db: Db, vendor: string, hours: number, now = Date.now()): number {
  const since = new Date(now - hours * 60 * 60 * 1000).toISOString();
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens), 0) AS total
       FROM usage_log WHERE ts >= ? AND vendor = ? AND success = 1`,
    )
    .get(since, vendor) as { total: number };
  return row.total;
}

/**
 * Successful usage of one vendor inside a rolling window, per minute, so quota guards resume after a restart
 * with usage that expires when it really leaves the window (the original lumped it at the window's midpoint).
 */
export function queryWindowUsage(
  db: Db,
  vendor: string,
  hours: number,
  now = Date.now(),
): Array<{ at: number; tokens: number }> {
  const since = new Date(now - hours * 60 * 60 * 1000).toISOString();
  const rows = db
    .prepare(
      `SELECT substr(ts, 1, 16) AS minute,
              SUM(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens) AS tokens
       FROM usage_log WHERE ts >= ? AND vendor = ? AND success = 1
       GROUP BY minute ORDER BY minute`,
    )
    .all(since, vendor) as Array<{ minute: string; tokens: number }>;
  return rows.map((row) => ({ at: Date.parse(`${row.minute}:00Z`), tokens: row.tokens }));
}

export interface DailySeriesOptions {
  days: number;
  groupBy: 'vendor' | 'model';
  now?: number;
}

export interface DailySeriesPoint {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** The vendor, or the served model. */
  key: string;
  /** Served models behind this point, with their vendors, so the caller can price them. */
  vendor: string;
  modelServed: string;
  requests: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
}

/**
 * Per local day and vendor (or served model), oldest first: the dashboard's charts. Days without traffic
 * are absent; `periodBuckets('day', days, now)` lists every day for an axis. Points are per
 * (date, vendor, served model) so that each can be priced; group them by `key` to draw.
 */
export function queryDailySeries(db: Db, options: DailySeriesOptions): DailySeriesPoint[] {
  const buckets = periodBuckets('day', options.days, options.now ?? Date.now());
  const shape = {
    select: "u.vendor AS vendor, '' AS model_requested, u.model_served AS model_served",
    groupBy: 'u.vendor, u.model_served',
    order: 'date, vendor, model_served',
  };
  return aggregate(db, buckets, shape, {}).map((row) => {
    const usage = toUsageRow(row);
    return {
      date: usage.date,
      key: options.groupBy === 'vendor' ? usage.vendor : usage.modelServed,
      vendor: usage.vendor,
      modelServed: usage.modelServed,
      requests: usage.requests,
      failedAttempts: usage.failedAttempts,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheCreationTokens: usage.cacheCreationTokens,
      cacheReadTokens: usage.cacheReadTokens,
      totalTokens: usage.inputTokens + usage.outputTokens + usage.cacheCreationTokens + usage.cacheReadTokens,
    };
  });
}
