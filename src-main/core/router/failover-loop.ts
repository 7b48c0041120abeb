import type { FailoverConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import { type UpstreamError, describeUpstreamError, errorClass } from '../common/upstream-error.ts';
import type { TypedEmitter } from '../events.ts';
import { decideFailover } from '../resilience/failover-policy.ts';
import type { AttemptLedger } from './attempt-ledger.ts';
import { usageColumns } from './attempt-ledger.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientRequest } from './client-request.ts';
import { type ClientError, type FailedAttempt, type SkippedTier, finalError } from './final-error.ts';
import type { Tier } from './tier.ts';
import type { UsageAccumulator } from './usage-accumulator.ts';

export interface FailoverDeps {
  tiers: readonly Tier[];
  failover: FailoverConfig;
  events: TypedEmitter<CoreEvent>;
  ledger: AttemptLedger;
  now: () => number;
  stream: boolean;
  attempt(tier: Tier): Promise<AttemptOutcome>;
  /**
   * Hands the client an error answer (HTTP error, or an error event when a stream already started) and says which
   * HTTP status the client got.
   */
  answer(error: ClientError): number;
  /** Time from the start of the request until its content first reached the client, if it did. */
  clientTtfbMs?(): number | null;
  /** A tier answered: completely, or until its stream broke after content (`complete` false). */
  answeredBy(tier: Tier, complete: boolean): void;
}

/**
 * Walks the tiers for one request: skip those that may not take it, attempt the others in order, and after each
 * attempt record the ledger row, tell the tier how it went and decide — answered, try the next tier, or hand the
 * vendor's answer to the client. When no tier served, the most useful error goes back.
 */
export async function runFailover(request: ClientRequest, deps: FailoverDeps): Promise<void> {
  const started = deps.now();
  const failed: FailedAttempt[] = [];
  const skipped: SkippedTier[] = [];
  let index = 0;
  const finished = (
    servedBy: string | null,
    success: boolean,
    client: ClientEnding,
    usage?: UsageAccumulator,
  ) =>
    announceFinish(deps, request, {
      servedBy,
      success,
      started,
      usage,
      failed,
      skipped,
      attempts: index,
      client,
    });
  const answer = (error: ClientError): ClientEnding => ({
    status: deps.answer(error),
    ...errorOfBody(error.body),
  });
  for (const tier of deps.tiers) {
    const admission = tier.admit();
    if (admission.kind === 'disabled') continue;
    if (admission.kind === 'skipped') {
      const { reason, retryAt } = admission;
      skipped.push(retryAt ? { tier: tier.name, reason, retryAt } : { tier: tier.name, reason });
      continue;
    }
    const startedAt = deps.now();
    const previous = failed.at(-1)?.tier ?? null;
    const outcome = await deps.attempt(tier);
    const row = deps.ledger.row({
      request,
      tierName: tier.name,
      modelServed: tier.adapter.mapModel(request.body.model),
      index: index++,
      startedAt,
      stream: deps.stream,
      previous,
      skipped,
    });
    switch (outcome.kind) {
      case 'aborted':
        tier.abandoned();
        deps.ledger.record({ ...row, errorClass: 'client_aborted', errorMessage: 'client disconnected' });
        finished(null, false, CLIENT_ABORTED);
        return;
      case 'unprepared':
        tier.abandoned();
        deps.ledger.record({
          ...row,
          status: outcome.answer.status,
          errorClass: outcome.errorClass,
          errorMessage: outcome.message,
        });
        finished(null, false, answer(outcome.answer));
        return;
      case 'served':
      case 'broken': {
        const served = outcome.kind === 'served';
        const tokens = outcome.usage.total();
        if (served) tier.served(tokens);
        else tier.broke(tokens, outcome.error, decideFailover(outcome.error, deps.failover, tier.adapter));
        deps.answeredBy(tier, served);
        deps.ledger.record({
          ...row,
          ...usageColumns(outcome.usage),
          modelServed: outcome.usage.model ?? outcome.model,
          upstreamRequestId: outcome.usage.messageId ?? null,
          success: served,
          status: 200,
          ttfbMs: outcome.ttfbMs,
          errorClass: served ? null : errorClass(outcome.error),
          errorMessage: served ? null : describeUpstreamError(outcome.error),
        });
        const ending: ClientEnding = served
          ? { status: 200 }
          : {
              status: 200,
              errorType: streamErrorType(outcome.error),
              errorMessage: describeUpstreamError(outcome.error),
            };
        finished(tier.name, served, ending, outcome.usage);
        return;
      }
      case 'failed': {
        const decision = decideFailover(outcome.error, deps.failover, tier.adapter);
        deps.ledger.record({
          ...row,
          status: outcome.error.kind === 'http' ? outcome.error.status : null,
          ttfbMs: outcome.ttfbMs,
          errorClass: errorClass(outcome.error),
          errorMessage: describeUpstreamError(outcome.error),
        });
        tier.failed(outcome.error, decision);
        if (!decision.failover) {
          // The vendor's answer is the client's to read (an invalid request, an unlisted status).
          finished(null, false, answer(clientErrorOf(outcome.error, deps.now())));
          return;
        }
        failed.push({ tier: tier.name, error: outcome.error });
        const reason = describeUpstreamError(outcome.error);
        deps.events.emit({ type: 'failover', from: tier.name, to: null, reason });
      }
    }
  }
  finished(null, false, answer(finalError(failed, skipped, deps.now())));
}

/** What the client got at the end, for the request log. */
interface ClientEnding {
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
function errorOfBody(body: string): { errorType?: string; errorMessage?: string } {
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

function streamErrorType(error: UpstreamError): string {
  return error.kind === 'stream' ? (error.type ?? 'api_error') : 'api_error';
}

function clientErrorOf(error: UpstreamError, now: number): ClientError {
  if (error.kind === 'http') {
    return { status: error.status, body: error.body, headers: { ...error.headers } };
  }
  return finalError([{ tier: 'upstream', error }], [], now);
}

/** `failover` (from → to) when a later tier served, then `request-finished` with what the client got. */
function announceFinish(
  deps: FailoverDeps,
  request: ClientRequest,
  end: {
    servedBy: string | null;
    success: boolean;
    started: number;
    usage: UsageAccumulator | undefined;
    failed: readonly FailedAttempt[];
    skipped: readonly SkippedTier[];
    attempts: number;
    client: ClientEnding;
  },
): void {
  const last = end.failed.at(-1);
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
      ...(ttfbMs !== null && ttfbMs !== undefined ? { ttfbMs } : {}),
      skipped: end.skipped.map(({ tier, reason }) => ({ tier, reason })),
      attempts: end.attempts,
    },
  });
}
