import { errorTypeForStatus, statusForErrorType } from '../vendors/error-types.ts';
import { type UpstreamError, describeUpstreamError } from '../common/upstream-error.ts';

export interface ClientError {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface FailedAttempt {
  tier: string;
  error: UpstreamError;
}

export interface SkippedTier {
  tier: string;
  reason: string;
  /** Epoch ms when the tier may take requests again (breaker retryAt / quota probe). */
  retryAt?: number;
}

function json(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}

/** The wait the vendor named, on a status or inside its stream. */
function vendorWait(error: UpstreamError): number[] {
  return (error.kind === 'http' || error.kind === 'stream') && error.retryAfterMs ? [error.retryAfterMs] : [];
}

function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * The answer when no tier could serve: the most useful error in Anthropic shape, never a bare 500.
 * One tier failed → its own answer, unchanged (Claude Code reads the wording). All rate-limited → 429 with the
 * earliest retry-after. Nothing even tried (breakers open, quotas spent) → 503 with when the first tier returns.
 */
export function finalError(failed: FailedAttempt[], skipped: SkippedTier[], now: number): ClientError {
  const summary = [
    ...failed.map((f) => `${f.tier}: ${describeUpstreamError(f.error)}`),
    ...skipped.map((s) => `${s.tier}: ${s.reason}`),
  ].join('; ');
  const waits = [
    ...failed.flatMap((f) => vendorWait(f.error)),
    ...skipped.flatMap((s) => (s.retryAt && s.retryAt > now ? [s.retryAt - now] : [])),
  ];
  const earliest = waits.length ? Math.min(...waits) : undefined;
  const retryHeaders: Record<string, string> = earliest ? { 'retry-after': retryAfterSeconds(earliest) } : {};

  if (failed.length === 0) {
    const message = skipped.length
      ? `No tier is available right now — ${summary}`
      : 'No tier is configured and enabled';
    return { status: 503, body: json('overloaded_error', message), headers: retryHeaders };
  }
  const httpFailures = failed.flatMap((f) => (f.error.kind === 'http' ? [f.error] : []));
  if (httpFailures.length === failed.length && httpFailures.every((e) => e.status === 429)) {
    const only = failed.length === 1 && skipped.length === 0 ? httpFailures[0] : undefined;
    return {
      status: 429,
      body: only ? only.body : json('rate_limit_error', `Every tier is rate-limited — ${summary}`),
      headers: { ...(only?.headers ?? {}), ...retryHeaders },
    };
  }
  const cannotServe = failed.flatMap((f) =>
    (f.error.kind === 'http' || f.error.kind === 'stream') && f.error.verdict?.kind === 'cannot-serve'
      ? [f.error]
      : [],
  );
  if (cannotServe.length === failed.length) {
    // No tier could take this request (the model is offered nowhere, the prompt is too long everywhere): the
    // client hears one vendor's own answer, as worded — "prompt is too long" first, which Claude Code compacts on.
    const chosen = cannotServe.find((e) => e.verdict?.promptTooLong) ?? cannotServe.at(-1)!;
    if (chosen.kind === 'http')
      return { status: chosen.status, body: chosen.body, headers: { ...chosen.headers } };
    // Said inside a stream: the status its error type stands for, the vendor's words.
    const type = chosen.type ?? 'invalid_request_error';
    return { status: statusForErrorType(type), body: json(type, chosen.message), headers: {} };
  }
  const last = failed[failed.length - 1]!.error;
  if (last.kind === 'http') {
    const single = failed.length === 1 && skipped.length === 0;
    return {
      status: last.status,
      body: single
        ? last.body
        : json(last.type ?? errorTypeForStatus(last.status), `All tiers failed — ${summary}`),
      headers: { ...last.headers, ...retryHeaders },
    };
  }
  if (last.kind === 'auth') {
    return {
      status: 401,
      body: json('authentication_error', `All tiers failed — ${summary}`),
      headers: retryHeaders,
    };
  }
  const status = last.kind === 'timeout' ? 504 : 502;
  return { status, body: json('api_error', `All tiers failed — ${summary}`), headers: retryHeaders };
}
