import type { FailoverConfig, RetryConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import { type UpstreamError, describeUpstreamError, errorClass } from '../common/upstream-error.ts';
import type { TypedEmitter } from '../events.ts';
import { decideFailover } from '../resilience/failover-policy.ts';
import { retryDelay } from '../resilience/last-tier-retry.ts';
import type { AttemptLedger } from './attempt-ledger.ts';
import { usageColumns } from './attempt-ledger.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientRequest } from './client-request.ts';
import { type ClientError, type FailedAttempt, type SkippedTier, finalError } from './final-error.ts';
import {
  announceFinish,
  CLIENT_ABORTED,
  type ClientEnding,
  errorOfBody,
  lastFailedOtherThan,
  streamErrorType,
} from './request-end.ts';
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
  // ---- issue 15 ----
  /** A tier whose context window cannot hold the prompt: skipped before admission, no breaker effect. */
  tooSmall?(tier: Tier): { reason: string; window: number } | undefined;
  /** The answer when no tier was tried and some were too small (Anthropic's "prompt is too long"). */
  promptTooLong?(largestWindow: number): ClientError;
  /** Last-tier retry: the tier's budget, and a wait that resolves false when the client left meanwhile. */
  retry?: { budget(tier: Tier): RetryConfig; sleep(ms: number): Promise<boolean> };
}

/**
 * Walks the tiers for one request: skip those that may not take it, attempt the others in order, and after each
 * attempt record the ledger row, tell the tier how it went and decide — answered, try the next tier, or hand the
 * vendor's answer to the client. A transient error at the last tier left is retried there within its budget.
 * When no tier served, the most useful error goes back; every way out announces what the client got.
 */
export async function runFailover(request: ClientRequest, deps: FailoverDeps): Promise<void> {
  const started = deps.now();
  const failed: FailedAttempt[] = [];
  const skipped: SkippedTier[] = [];
  /** Windows of the tiers skipped because the prompt does not fit (issue 15). */
  const tooSmallWindows: number[] = [];
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

  /** One attempt and its bookkeeping. `done`: the client has its answer (or left). */
  const tryTier = async (tier: Tier, retry: boolean): Promise<'done' | 'failed'> => {
    const startedAt = deps.now();
    // A retry follows its own tier's failure; the failover it continues (if any) came from the tier before.
    const previous = lastFailedOtherThan(failed, tier.name)?.tier ?? null;
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
        return 'done';
      case 'unprepared':
        tier.abandoned();
        deps.ledger.record({
          ...row,
          status: outcome.answer.status,
          errorClass: outcome.errorClass,
          errorMessage: outcome.message,
        });
        finished(null, false, answer(outcome.answer));
        return 'done';
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
        return 'done';
      }
      case 'failed': {
        const decision = decideFailover(outcome.error, deps.failover, tier.adapter);
        deps.ledger.record({
          ...row,
          status: outcome.error.kind === 'http' ? outcome.error.status : null,
          ttfbMs: outcome.ttfbMs,
          errorClass: errorClass(outcome.error),
          errorMessage: `${retry ? 'retry: ' : ''}${describeUpstreamError(outcome.error)}`,
        });
        // A retry's failure is the same incident as the first one: it updates the tier's last error, not its
        // breaker, so a few retries cannot open it on their own.
        tier.failed(outcome.error, retry ? { ...decision, penalize: false, openForMs: undefined } : decision);
        if (!decision.failover) {
          // The vendor's answer is the client's to read (an invalid request, an unlisted status).
          finished(null, false, answer(clientErrorOf(outcome.error, deps.now())));
          return 'done';
        }
        if (retry) failed.pop();
        failed.push({ tier: tier.name, error: outcome.error });
        if (!retry) {
          const reason = describeUpstreamError(outcome.error);
          deps.events.emit({ type: 'failover', from: tier.name, to: null, reason });
        }
        return 'failed';
      }
    }
  };

  for (const tier of deps.tiers) {
    if (!tier.enabled) continue;
    const tooSmall = deps.tooSmall?.(tier);
    if (tooSmall) {
      skipped.push({ tier: tier.name, reason: tooSmall.reason });
      tooSmallWindows.push(tooSmall.window);
      continue;
    }
    const admission = tier.admit();
    if (admission.kind === 'disabled') continue;
    if (admission.kind === 'skipped') {
      const { reason, retryAt } = admission;
      skipped.push(retryAt ? { tier: tier.name, reason, retryAt } : { tier: tier.name, reason });
      continue;
    }
    if ((await tryTier(tier, false)) === 'done') return;
  }

  // The last tier tried is the only one left: a transient error there is retried within its budget.
  const last = failed.at(-1);
  const lastTier = last && deps.tiers.find((tier) => tier.name === last.tier);
  if (lastTier && deps.retry) {
    const budget = deps.retry.budget(lastTier);
    const state = { retries: 0, waitedMs: 0 };
    for (;;) {
      const error = failed.at(-1)?.error;
      const delay = error ? retryDelay(error, budget, state) : undefined;
      if (delay === undefined) break;
      if (!(await deps.retry.sleep(delay))) {
        // The client left while we waited to retry: nothing more to send, but the request log hears of it.
        finished(null, false, CLIENT_ABORTED);
        return;
      }
      state.retries++;
      state.waitedMs += delay;
      if ((await tryTier(lastTier, true)) === 'done') return;
    }
  }

  // Nothing could take the prompt and some tiers only lacked room: the answer Claude Code compacts on.
  const promptTooLong =
    failed.length === 0 && tooSmallWindows.length > 0
      ? deps.promptTooLong?.(Math.max(...tooSmallWindows))
      : undefined;
  finished(null, false, answer(promptTooLong ?? finalError(failed, skipped, deps.now())));
}

function clientErrorOf(error: UpstreamError, now: number): ClientError {
  if (error.kind === 'http') {
    return { status: error.status, body: error.body, headers: { ...error.headers } };
  }
  return finalError([{ tier: 'upstream', error }], [], now);
}
