// How `request_log` rows are written (schema.ts, version 4). Two writers meet on `request_key`:
// - every attempt upserts the row, so a request that never reported its end (a crash, an abandoned client) is
//   still listed with what its attempts know;
// - the end of the request (the router's `request-finished`) fills in what the client got: status, error,
//   the client's wait and time to first byte, every skipped tier. A request no tier tried has only this write.
// Once the end is recorded (`ended = 1`) a late attempt row only adds its attempt and tokens.
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';

type Row = Record<string, string | number | null>;

const MAX_ERROR_MESSAGE = 2000;

export const REQUEST_FROM_ATTEMPT_SQL = `INSERT INTO request_log (request_key, ts, started_at, model_requested,
    model_served, served_by, success, stream, session_key, client_category, attempts, failed_over, duration_ms,
    tokens, skipped_json)
  VALUES (@requestKey, @ts, @startedAt, @modelRequested, @modelServed, @servedBy, @success, @stream, @sessionKey,
    @clientCategory, 1, @failedOver, @durationMs, @tokens, @skippedJson)
  ON CONFLICT (request_key) DO UPDATE SET
    attempts = attempts + 1,
    tokens = tokens + excluded.tokens,
    failed_over = MAX(failed_over, excluded.failed_over),
    ts = CASE WHEN ended = 1 THEN ts ELSE MAX(ts, excluded.ts) END,
    model_served = CASE WHEN ended = 1 THEN model_served ELSE COALESCE(excluded.model_served, model_served) END,
    served_by = CASE WHEN ended = 1 THEN served_by ELSE COALESCE(excluded.served_by, served_by) END,
    success = CASE WHEN ended = 1 THEN success ELSE MAX(success, excluded.success) END,
    duration_ms = CASE WHEN ended = 1 THEN duration_ms ELSE duration_ms + excluded.duration_ms END,
    skipped_json = CASE WHEN ended = 1 THEN skipped_json ELSE COALESCE(excluded.skipped_json, skipped_json) END`;

export const REQUEST_FROM_END_SQL = `INSERT INTO request_log (request_key, ts, started_at, model_requested,
    model_served, served_by, success, status, error_type, error_message, stream, session_key, client_category,
    attempts, failed_over, duration_ms, ttfb_ms, tokens, skipped_json, ended)
  VALUES (@requestKey, @ts, @startedAt, @modelRequested, @modelServed, @servedBy, @success, @status, @errorType,
    @errorMessage, @stream, COALESCE(@sessionKey, ''), COALESCE(@clientCategory, ''), @attempts, @failedOver,
    @durationMs, @ttfbMs, @tokens, @skippedJson, 1)
  ON CONFLICT (request_key) DO UPDATE SET
    ended = 1,
    ts = excluded.ts,
    started_at = excluded.started_at,
    model_served = COALESCE(excluded.model_served, model_served),
    served_by = excluded.served_by,
    success = excluded.success,
    status = excluded.status,
    error_type = excluded.error_type,
    error_message = excluded.error_message,
    stream = COALESCE(excluded.stream, stream),
    session_key = COALESCE(@sessionKey, session_key),
    client_category = COALESCE(@clientCategory, client_category),
    failed_over = MAX(failed_over, excluded.failed_over),
    duration_ms = excluded.duration_ms,
    ttfb_ms = excluded.ttfb_ms,
    skipped_json = COALESCE(excluded.skipped_json, skipped_json)`;

const skippedJson = (skipped: ReadonlyArray<{ tier: string; reason: string }> | undefined): string | null =>
  skipped?.length ? JSON.stringify(skipped.map(({ tier, reason }) => ({ tier, reason }))) : null;

/** The request row an attempt implies; `row` is the attempt's own (already normalised) usage_log row. */
export function requestRowOfAttempt(attempt: AttemptRecord, row: Row): Row {
  const ts = String(row.ts);
  const started = Date.parse(ts) - Number(row.durationMs);
  return {
    requestKey: attempt.requestId,
    ts,
    startedAt: Number.isFinite(started) ? new Date(started).toISOString() : null,
    modelRequested: attempt.modelRequested,
    modelServed: attempt.success ? attempt.modelServed : null,
    servedBy: attempt.success ? attempt.vendor : null,
    success: attempt.success ? 1 : 0,
    stream: attempt.stream ? 1 : 0,
    sessionKey: attempt.sessionKey,
    clientCategory: attempt.clientCategory,
    failedOver: attempt.failover ? 1 : 0,
    durationMs: row.durationMs ?? 0,
    tokens:
      Number(row.inputTokens) +
      Number(row.outputTokens) +
      Number(row.cacheCreationTokens) +
      Number(row.cacheReadTokens),
    skippedJson: row.skippedJson ?? null,
  };
}

const whole = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) && value >= 0 ? Math.round(value) : null;

/** The request row for the end of a request, recorded at `at` (epoch ms); `redact` masks secrets in its error. */
export function requestEndRow(
  request: RequestFinished,
  at: number,
  redact: (text: string) => string = (text) => text,
): Row {
  const durationMs = whole(request.durationMs) ?? 0;
  return {
    requestKey: request.requestKey,
    ts: new Date(at).toISOString(),
    startedAt: new Date(at - durationMs).toISOString(),
    modelRequested: request.modelRequested,
    modelServed: request.modelServed,
    servedBy: request.servedBy,
    success: request.success ? 1 : 0,
    status: whole(request.status),
    errorType: request.errorType ?? null,
    errorMessage:
      request.errorMessage === undefined ? null : redact(request.errorMessage).slice(0, MAX_ERROR_MESSAGE),
    stream: request.stream === undefined ? null : request.stream ? 1 : 0,
    sessionKey: request.sessionKey ?? null,
    clientCategory: request.clientCategory ?? null,
    // Attempts count themselves as they are recorded (they are queued before the end).
    attempts: 0,
    failedOver: request.failoverFrom ? 1 : 0,
    durationMs,
    ttfbMs: whole(request.ttfbMs),
    tokens: 0,
    skippedJson: skippedJson(request.skipped),
  };
}
