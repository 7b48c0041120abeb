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
  /** Hands the client an error answer (HTTP error, or an error event when a stream already started). */
  answer(error: ClientError): void;
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
  const finished = (servedBy: string | null, success: boolean, usage?: UsageAccumulator) =>
    announceFinish(deps, request, { servedBy, success, started, usage, failed });
  let index = 0;
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
        return;
      case 'unprepared':
        tier.abandoned();
        deps.ledger.record({
          ...row,
          status: outcome.answer.status,
          errorClass: outcome.errorClass,
          errorMessage: outcome.message,
        });
        deps.answer(outcome.answer);
        finished(null, false);
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
        finished(tier.name, served, outcome.usage);
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
          deps.answer(clientErrorOf(outcome.error, deps.now()));
          finished(null, false);
          return;
        }
        failed.push({ tier: tier.name, error: outcome.error });
        const reason = describeUpstreamError(outcome.error);
        deps.events.emit({ type: 'failover', from: tier.name, to: null, reason });
      }
    }
  }
  deps.answer(finalError(failed, skipped, deps.now()));
  finished(null, false);
}

function clientErrorOf(error: UpstreamError, now: number): ClientError {
  if (error.kind === 'http') {
    return { status: error.status, body: error.body, headers: { ...error.headers } };
  }
  return finalError([{ tier: 'upstream', error }], [], now);
}

/** `failover` (from → to) when a later tier served, then `request-finished`. */
function announceFinish(
  deps: FailoverDeps,
  request: ClientRequest,
  end: {
    servedBy: string | null;
    success: boolean;
    started: number;
    usage: UsageAccumulator | undefined;
    failed: readonly FailedAttempt[];
  },
): void {
  const last = end.failed.at(-1);
  const failoverFrom = last?.tier ?? null;
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
    },
  });
}
