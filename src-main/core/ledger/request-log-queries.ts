// Reads of `request_log` (one row per client request) for the dashboard's request list, its paging, filters,
// detail and CSV export, and the per-bucket request and error counts of the Spend view.
import type { RequestOutcome } from '../../../src-shared/contract.ts';
import type { PeriodBucket } from './period-buckets.ts';
import type { Db } from './usage-database.ts';

export interface RequestLogRow {
  id: number;
  request_key: string;
  ts: string;
  started_at: string | null;
  model_requested: string;
  model_served: string | null;
  served_by: string | null;
  success: number;
  status: number | null;
  error_type: string | null;
  error_message: string | null;
  stream: number | null;
  session_key: string;
  client_category: string;
  attempts: number;
  failed_over: number;
  duration_ms: number;
  ttfb_ms: number | null;
  tokens: number;
  skipped_json: string | null;
  ended: number;
}

export interface RequestLogFilter {
  vendor?: string;
  model?: string;
  outcome?: RequestOutcome;
  status?: number;
  /** ISO UTC, inclusive. */
  since?: string;
  /** ISO UTC, exclusive. */
  until?: string;
  sessionKey?: string;
}

/** Where the next page starts: strictly older than this row. */
export interface RequestCursor {
  ts: string;
  id: number;
}

/** The status the router records when the client left before its answer was complete (not an error). */
export const CLIENT_CLOSED = 499;
const NOT_ABORTED = `COALESCE(r.status, 0) <> ${CLIENT_CLOSED}`;

/** Counting stops here: a filter over a huge ledger answers "at least this many" instead of scanning it all. */
export const MAX_COUNTED = 100_000;

function whereOf(filter: RequestLogFilter): { sql: string; params: Array<string | number> } {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (filter.vendor !== undefined) {
    clauses.push(
      '(r.served_by = ? OR EXISTS (SELECT 1 FROM usage_log u WHERE u.request_key = r.request_key AND u.vendor = ?))',
    );
    params.push(filter.vendor, filter.vendor);
  }
  if (filter.model !== undefined) {
    clauses.push('(r.model_requested = ? OR r.model_served = ?)');
    params.push(filter.model, filter.model);
  }
  if (filter.outcome === 'ok') clauses.push('r.success = 1');
  if (filter.outcome === 'error') clauses.push(`r.success = 0 AND ${NOT_ABORTED}`);
  if (filter.outcome === 'aborted') clauses.push(`r.status = ${CLIENT_CLOSED}`);
  if (filter.outcome === 'failover') clauses.push('r.failed_over = 1');
  if (filter.outcome === 'no-tier') clauses.push('r.success = 0 AND r.attempts = 0');
  if (filter.status !== undefined) {
    clauses.push('r.status = ?');
    params.push(filter.status);
  }
  if (filter.sessionKey !== undefined) {
    clauses.push('r.session_key = ?');
    params.push(filter.sessionKey);
  }
  if (filter.since !== undefined) {
    clauses.push('r.ts >= ?');
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    clauses.push('r.ts < ?');
    params.push(filter.until);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}

/** Newest first (by end time), `limit` rows after `cursor`; `next` is set when older rows remain. */
export function queryRequestLog(
  db: Db,
  filter: RequestLogFilter,
  limit: number,
  cursor?: RequestCursor,
): { rows: RequestLogRow[]; next: RequestCursor | null } {
  const where = whereOf(filter);
  const page = cursor ? ' AND (r.ts < ? OR (r.ts = ? AND r.id < ?))' : '';
  const params = cursor ? [...where.params, cursor.ts, cursor.ts, cursor.id] : where.params;
  const rows = db
    .prepare(`SELECT r.* FROM request_log r WHERE ${where.sql}${page} ORDER BY r.ts DESC, r.id DESC LIMIT ?`)
    .all(...params, limit + 1) as RequestLogRow[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows.at(-1);
  return { rows, next: more && last ? { ts: last.ts, id: last.id } : null };
}

export function countRequestLog(db: Db, filter: RequestLogFilter): { total: number; capped: boolean } {
  const where = whereOf(filter);
  const row = db
    .prepare(`SELECT COUNT(*) AS total FROM (SELECT 1 FROM request_log r WHERE ${where.sql} LIMIT ?)`)
    .get(...where.params, MAX_COUNTED + 1) as { total: number };
  return { total: Math.min(row.total, MAX_COUNTED), capped: row.total > MAX_COUNTED };
}

export function queryRequestByKey(db: Db, requestKey: string): RequestLogRow | undefined {
  return db.prepare('SELECT * FROM request_log WHERE request_key = ?').get(requestKey) as
    | RequestLogRow
    | undefined;
}

export interface TrafficRow {
  date: string;
  requests: number;
  errors: number;
  aborted: number;
  no_tier: number;
}

/**
 * Requests, errors, client aborts and no-tier rejections per bucket (buckets without requests are absent). A
 * request the client abandoned is neither served nor an error.
 */
export function queryTraffic(db: Db, buckets: ReadonlyArray<PeriodBucket>): TrafficRow[] {
  if (buckets.length === 0) return [];
  const json = JSON.stringify(
    buckets.map((bucket) => [bucket.key, bucket.start ?? '', bucket.end ?? '\uffff']),
  );
  return db
    .prepare(
      `WITH buckets AS MATERIALIZED (
        SELECT json_extract(value, '$[0]') AS key, json_extract(value, '$[1]') AS start,
               json_extract(value, '$[2]') AS finish FROM json_each(?))
      SELECT b.key AS date, COUNT(*) AS requests, SUM(r.success = 0 AND ${NOT_ABORTED}) AS errors,
             SUM(r.status = ${CLIENT_CLOSED}) AS aborted, SUM(r.success = 0 AND r.attempts = 0) AS no_tier
      FROM buckets b CROSS JOIN request_log r
      WHERE r.ts >= b.start AND r.ts < b.finish
      GROUP BY b.key ORDER BY b.key`,
    )
    .all(json) as TrafficRow[];
}

/** Vendors and models seen since `since` (ISO), for the request filters. */
export function queryFacets(db: Db, since: string): { vendors: string[]; models: string[] } {
  const vendors = db
    .prepare("SELECT DISTINCT vendor FROM usage_log WHERE ts >= ? AND vendor <> '' ORDER BY vendor")
    .pluck()
    .all(since) as string[];
  const models = db
    .prepare(
      `SELECT model FROM (
         SELECT model_requested AS model FROM request_log WHERE ts >= ?
         UNION SELECT model_served FROM request_log WHERE ts >= ? AND model_served IS NOT NULL)
       WHERE model <> '' ORDER BY model`,
    )
    .pluck()
    .all(since, since) as string[];
  return { vendors, models };
}
