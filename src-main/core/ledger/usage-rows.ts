// A `usage_log` row per attempt (the original app's columns plus ours), normalised for storage, and the
// `session_info` row that names a session by its first titled request.
import type { AttemptRecord } from '../common/attempt-record.ts';

export type Row = Record<string, string | number | null>;

const MAX_ERROR_MESSAGE = 2000;

export const INSERT_SQL = `INSERT INTO usage_log (ts, vendor, model_requested, model_served, input_tokens, output_tokens,
  cache_creation_tokens, cache_read_tokens, duration_ms, success, failover, failover_from, request_id,
  client_category, session_key, request_key, attempt, ttfb_ms, stream, status, error_class, error_message,
  skipped_json, operation, endpoint, extra_usage_json)
VALUES (@ts, @vendor, @modelRequested, @modelServed, @inputTokens, @outputTokens, @cacheCreationTokens,
  @cacheReadTokens, @durationMs, @success, @failover, @failoverFrom, @upstreamRequestId, @clientCategory,
  @sessionKey, @requestKey, @attempt, @ttfbMs, @stream, @status, @errorClass, @errorMessage, @skippedJson,
  @operation, @endpoint, @extraUsageJson)`;

/** A session's first row names it; a title found later fills an empty one but never replaces a title. */
export const SESSION_SQL = `INSERT INTO session_info (session_key, title, first_seen) VALUES (@sessionKey, @title, @ts)
  ON CONFLICT (session_key) DO UPDATE SET title = excluded.title
  WHERE session_info.title = '' AND excluded.title <> ''`;

const count = (value: number): number => (Number.isFinite(value) && value > 0 ? Math.round(value) : 0);

/** `Date.toISOString()`'s form: what the router writes, kept as is. */
const CANONICAL_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Stored in one canonical form so ranges compare as strings (and use the index). */
function canonicalTs(ts: string, now: number): string {
  if (CANONICAL_TS.test(ts)) return ts;
  const parsed = Date.parse(ts);
  return new Date(Number.isNaN(parsed) ? now : parsed).toISOString();
}

/** The usage_log columns in INSERT_SQL's order, for binding a row by position (cheaper than by name). */
export const USAGE_COLUMNS: readonly string[] = [...INSERT_SQL.matchAll(/@(\w+)/g)].map(
  (match) => match[1] ?? '',
);
export const INSERT_BY_POSITION_SQL = INSERT_SQL.replace(/@\w+/g, '?');

export function usageValues(row: Row): Array<string | number | null> {
  return USAGE_COLUMNS.map((column) => row[column] ?? null);
}

export function usageRow(attempt: AttemptRecord, now: number, redact: (text: string) => string): Row {
  return {
    ts: canonicalTs(attempt.ts, now),
    vendor: attempt.vendor,
    modelRequested: attempt.modelRequested,
    modelServed: attempt.modelServed,
    inputTokens: count(attempt.inputTokens),
    outputTokens: count(attempt.outputTokens),
    cacheCreationTokens: count(attempt.cacheCreationTokens),
    cacheReadTokens: count(attempt.cacheReadTokens),
    durationMs: count(attempt.durationMs),
    success: attempt.success ? 1 : 0,
    failover: attempt.failover ? 1 : 0,
    failoverFrom: attempt.failoverFrom,
    upstreamRequestId: attempt.upstreamRequestId ?? '',
    clientCategory: attempt.clientCategory,
    sessionKey: attempt.sessionKey,
    requestKey: attempt.requestId,
    attempt: count(attempt.attempt),
    ttfbMs: attempt.ttfbMs === null ? null : count(attempt.ttfbMs),
    stream: attempt.stream ? 1 : 0,
    status: attempt.status,
    errorClass: attempt.errorClass,
    errorMessage:
      attempt.errorMessage === null ? null : redact(attempt.errorMessage).slice(0, MAX_ERROR_MESSAGE),
    skippedJson: attempt.skipped.length ? JSON.stringify(attempt.skipped) : null,
    operation: attempt.operation ?? '',
    endpoint: attempt.endpoint ?? '',
    extraUsageJson: attempt.extraUsage ? JSON.stringify(attempt.extraUsage) : '{}',
  };
}

/** The session title an attempt carries, for `session_info`; undefined when it carries none. */
export function sessionRow(
  attempt: AttemptRecord,
  row: Row,
  redact: (text: string) => string,
): Row | undefined {
  if (!attempt.sessionKey || attempt.sessionTitle === undefined) return undefined;
  return { sessionKey: attempt.sessionKey, title: redact(attempt.sessionTitle), ts: String(row.ts) };
}
