// Recent client requests with their attempt timeline, for the dashboard's request list: which tiers were
// tried, why each failed, who finally served it. Rows are grouped by `request_key` and ordered by attempt.
import type { Db } from './usage-database.ts';

export interface RecentRequestsOptions {
  limit: number;
  /** Only requests that touched this vendor (in any attempt). */
  vendor?: string;
  /** Only requests that failed over at least once. */
  onlyFailovers?: boolean;
  /** Only requests of this session (issue 15's session detail). */
  sessionKey?: string;
}

export interface AttemptSummary {
  attempt: number;
  /** When the attempt ended (ISO UTC). */
  ts: string;
  vendor: string;
  modelServed: string;
  success: boolean;
  status: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  durationMs: number;
  ttfbMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  failoverFrom: string | null;
  upstreamRequestId: string;
  skipped: Array<{ tier: string; reason: string }>;
}

export interface RecentRequest {
  /** Our request id; rows written by the original app (no key) appear as `#<row id>`, one row each. */
  requestKey: string;
  /** When the last attempt ended. */
  endedAt: string;
  modelRequested: string;
  /** The tier that served it, or null when every attempt failed. */
  servedBy: string | null;
  success: boolean;
  failedOver: boolean;
  stream: boolean;
  sessionKey: string;
  clientCategory: string;
  /** Sum of the attempts' durations. */
  durationMs: number;
  attempts: AttemptSummary[];
}

interface Row {
  id: number;
  ts: string;
  vendor: string;
  model_requested: string;
  model_served: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  duration_ms: number;
  success: number;
  failover: number;
  failover_from: string | null;
  request_id: string | null;
  client_category: string;
  session_key: string;
  request_key: string;
  attempt: number;
  ttfb_ms: number | null;
  stream: number;
  status: number | null;
  error_class: string | null;
  error_message: string | null;
  skipped_json: string | null;
}

/** Stop looking further back than this many rows for matches of a rare filter. */
const MAX_ROWS_SCANNED = 50_000;

function parseSkipped(json: string | null): Array<{ tier: string; reason: string }> {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) => {
      if (!item || typeof item !== 'object') return [];
      const { tier, reason } = item as Record<string, unknown>;
      return typeof tier === 'string' && typeof reason === 'string' ? [{ tier, reason }] : [];
    });
  } catch {
    return [];
  }
}

function toAttempt(row: Row): AttemptSummary {
  return {
    attempt: row.attempt,
    ts: row.ts,
    vendor: row.vendor,
    modelServed: row.model_served,
    success: row.success === 1,
    status: row.status,
    errorClass: row.error_class,
    errorMessage: row.error_message,
    durationMs: row.duration_ms,
    ttfbMs: row.ttfb_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheCreationTokens: row.cache_creation_tokens,
    cacheReadTokens: row.cache_read_tokens,
    failoverFrom: row.failover_from,
    upstreamRequestId: row.request_id ?? '',
    skipped: parseSkipped(row.skipped_json),
  };
}

/** Newest request first. Walks the table backwards by row id, so the cost is bounded by `limit`. */
export function queryRecentRequests(db: Db, options: RecentRequestsOptions): RecentRequest[] {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0) return [];
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (options.vendor !== undefined) {
    clauses.push('vendor = ?');
    params.push(options.vendor);
  }
  if (options.onlyFailovers) clauses.push('failover = 1');
  if (options.sessionKey !== undefined) {
    clauses.push('session_key = ?');
    params.push(options.sessionKey);
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const scan = db.prepare(`SELECT id, request_key FROM usage_log ${where} ORDER BY id DESC LIMIT ?`);

  const keys: string[] = [];
  const legacyIds: number[] = [];
  const seen = new Set<string>();
  for (const row of scan.iterate(...params, MAX_ROWS_SCANNED) as IterableIterator<{
    id: number;
    request_key: string;
  }>) {
    const key = row.request_key || `#${row.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (row.request_key) keys.push(row.request_key);
    else legacyIds.push(row.id);
    if (seen.size >= limit) break;
  }

  const rows: Row[] = [];
  if (keys.length) {
    const marks = keys.map(() => '?').join(', ');
    rows.push(
      ...(db
        .prepare(
          `SELECT * FROM usage_log WHERE request_key IN (${marks}) AND request_key <> '' ORDER BY attempt, id`,
        )
        .all(...keys) as Row[]),
    );
  }
  if (legacyIds.length) {
    const marks = legacyIds.map(() => '?').join(', ');
    rows.push(...(db.prepare(`SELECT * FROM usage_log WHERE id IN (${marks})`).all(...legacyIds) as Row[]));
  }

  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row.request_key || `#${row.id}`;
    const list = grouped.get(key) ?? [];
    list.push(row);
    grouped.set(key, list);
  }

  const requests: Array<RecentRequest & { lastId: number }> = [];
  for (const [requestKey, attemptRows] of grouped) {
    const first = attemptRows[0];
    const last = attemptRows[attemptRows.length - 1];
    if (!first || !last) continue;
    const served = attemptRows.find((row) => row.success === 1);
    requests.push({
      requestKey,
      endedAt:
        attemptRows
          .map((row) => row.ts)
          .sort()
          .at(-1) ?? first.ts,
      modelRequested: first.model_requested,
      servedBy: served?.vendor ?? null,
      success: served !== undefined,
      failedOver: attemptRows.some((row) => row.failover === 1),
      stream: first.stream === 1,
      sessionKey: first.session_key,
      clientCategory: first.client_category,
      durationMs: attemptRows.reduce((sum, row) => sum + row.duration_ms, 0),
      attempts: attemptRows.map(toAttempt),
      lastId: Math.max(...attemptRows.map((row) => row.id)),
    });
  }
  requests.sort((a, b) => b.lastId - a.lastId);
  return requests.slice(0, limit).map(({ lastId: _lastId, ...request }) => request);
}
