// The end of a client request as the client saw it: the status and error it got, announced as `request-finished`
// (the request log, the dashboard, notifications and the log file all read it from there).
import type { CoreEvent } from '../../../src-shared/contract.ts';
import { type UpstreamError, describeUpstreamError } from '../common/upstream-error.ts';
import type { TypedEmitter } from '../events.ts';
import type { ClientRequest } from './client-request.ts';
import type { FailedAttempt, SkippedTier } from './final-error.ts';
import type { UsageAccumulator } from './usage-accumulator.ts';

/** What the client got at the end, for the request log. */
export interface ClientEnding {
  status: number;
  errorType?: string;
  errorMessage?: string;
}

/**
 * The client went away before its answer was complete. 499 is the status access logs use for it ("client closed
 * request"); the request log counts it apart from errors, since leaving (Esc in Claude Code) is the user's choice.
 */
export const CLIENT_ABORTED: ClientEnding = {
  status: 499,
  errorType: 'client_aborted',
  errorMessage: 'the client disconnected before the answer was complete',
};

/** The `{type, message}` of an Anthropic error body. */
export function errorOfBody(body: string): { errorType?: string; errorMessage?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { type?: unknown; message?: unknown } };
    const { type, message } = parsed.error ?? {};
    return {
      ...(typeof type === 'string' ? { errorType: type } : {}),
      ...(typeof message === 'string' ? { errorMessage: message } : {}),
    };
  } catch {
    return { errorMessage: body.slice(0, 500) };
  }
}

export function streamErrorType(error: UpstreamError): string {
  return error.kind === 'stream' ? (error.type ?? 'api_error') : 'api_error';
}

export interface RequestEnd {
  servedBy: string | null;
  success: boolean;
  started: number;
  usage: UsageAccumulator | undefined;
  failed: readonly FailedAttempt[];
  skipped: readonly SkippedTier[];
  /** Attempts made, a retry of the last tier included. */
  attempts: number;
  client: ClientEnding;
}

/** `failover` (from → to) when a later tier served, then `request-finished` with what the client got. */
export function announceFinish(
  deps: {
    events: TypedEmitter<CoreEvent>;
    now: () => number;
    stream: boolean;
    clientTtfbMs?(): number | null;
  },
  request: ClientRequest,
  end: RequestEnd,
): void {
  // A tier that served on a retry (the last tier left) did not fail over to itself: the failover, if any, came
  // from the tier that failed before it.
  const last = end.servedBy ? lastFailedOtherThan(end.failed, end.servedBy) : end.failed.at(-1);
  const failoverFrom = last?.tier ?? null;
  const ttfbMs = deps.clientTtfbMs?.();
  if (end.servedBy && last) {
    deps.events.emit({
      type: 'failover',
      from: last.tier,
      to: end.servedBy,
      reason: describeUpstreamError(last.error),
    });
  }
  if (!deps.events.listening('request-finished')) return;
  deps.events.emit({
    type: 'request-finished',
    request: {
      requestKey: request.requestKey,
      servedBy: end.servedBy,
      success: end.success,
      failoverFrom,
      durationMs: deps.now() - end.started,
      modelRequested: request.body.model,
      modelServed: end.usage?.model ?? null,
      tokens: end.usage?.total() ?? 0,
      ...end.client,
      stream: deps.stream,
      sessionKey: request.sessionKey,
      // The router serves `/v1/messages` only: Claude Code's category (API passthrough reports its own ends).
      clientCategory: 'cc',
      ...(ttfbMs !== null && ttfbMs !== undefined ? { ttfbMs } : {}),
      skipped: end.skipped.map(({ tier, reason }) => ({ tier, reason })),
      attempts: end.attempts,
    },
  });
}

/** The latest failed attempt at a tier other than `tier` (the one before a retry series at `tier`). */
export function lastFailedOtherThan(
  failed: readonly FailedAttempt[],
  tier: string,
): FailedAttempt | undefined {
  for (let index = failed.length - 1; index >= 0; index--) {
    const attempt = failed[index];
    if (attempt && attempt.tier !== tier) return attempt;
  }
  return undefined;
}
