// How `request_log` rows are written (schema.ts, version 4). Two writers meet on `request_key`, at most one write
// per request per flushed batch (ledger-batch.ts folds a batch's attempts of a request into one row):
// - the end of the request (the router's `request-finished`) fills in what the client got: status, error,
//   the client's wait and time to first byte, every skipped tier — and adds the attempts flushed with it. A
//   request no tier tried has only this write. This is the common case: one write per request.
// - attempts flushed without their end (a request still running — a long stream after a failover — or one whose
//   process died) upsert the row from what they know, so such a request is listed all the same.
// Once the end is recorded (`ended = 1`) a late attempt row only adds its attempt and tokens.
import type { RequestFinished } from '../../../src-shared/contract.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';

type Row = Record<string, string | number | null>;

const MAX_ERROR_MESSAGE = 2000;

export const REQUEST_FROM_ATTEMPT_SQL = `INSERT INTO request_log (request_key, ts, started_at, model_requested,
    model_served, served_by, success, stream, session_key, client_category, attempts, failed_over, duration_ms,
    tokens, skipped_json)
  VALUES (@requestKey, @ts, @startedAt, @modelRequested, @modelServed, @servedBy, @success, @stream, @sessionKey,
    @clientCategory, @attempts, @failedOver, @durationMs, @tokens, @skippedJson)
  ON CONFLICT (request_key) DO UPDATE SET
    attempts = attempts + excluded.attempts,
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
    attempts = attempts + excluded.attempts,
    tokens = tokens + excluded.tokens,
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
    attempts: 1,
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
    // Attempts flushed with the end are added by ledger-batch.ts; earlier ones counted themselves.
    attempts: 0,
    failedOver: request.failoverFrom ? 1 : 0,
    durationMs,
    ttfbMs: whole(request.ttfbMs),
    tokens: 0,
    skippedJson: skippedJson(request.skipped),
  };
}

/** One row for several attempts of a request flushed together (`rows` in the order they were recorded). */
export function foldAttemptRows(rows: readonly Row[]): Row {
  const first = rows[0]!;
  if (rows.length === 1) return first;
  const last = rows[rows.length - 1]!;
  const served = rows.findLast((row) => row.success === 1);
  let tokens = 0;
  let durationMs = 0;
  let failedOver = 0;
  for (const row of rows) {
    tokens += Number(row.tokens);
    durationMs += Number(row.durationMs);
    failedOver = Math.max(failedOver, Number(row.failedOver));
  }
  return {
    ...last,
    startedAt: first.startedAt ?? null,
    modelRequested: first.modelRequested ?? '',
    modelServed: served?.modelServed ?? null,
    servedBy: served?.servedBy ?? null,
    success: served ? 1 : 0,
    attempts: rows.length,
    failedOver,
    durationMs,
    tokens,
    skippedJson: rows.findLast((row) => row.skippedJson !== null)?.skippedJson ?? null,
  };
}

/** The end of a request with the attempts flushed together with it (their usage_log rows) added to its counts. */
export function endWithAttempts(end: Row, attempts: readonly Row[]): Row {
  if (attempts.length === 0) return end;
  let tokens = 0;
  let failedOver = Number(end.failedOver);
  for (const row of attempts) {
    tokens +=
      Number(row.inputTokens) +
      Number(row.outputTokens) +
      Number(row.cacheCreationTokens) +
      Number(row.cacheReadTokens);
    failedOver = Math.max(failedOver, Number(row.failover));
  }
  return { ...end, attempts: attempts.length, tokens, failedOver };
}
