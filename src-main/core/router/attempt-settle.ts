// After one attempt: the ledger row, what the tier learns (served, broke, failed, abandoned), and whether the
// request is over — answered by this tier, handed the vendor's own error, or left by the client — or moves on.
import { type UpstreamError, describeUpstreamError, errorClass } from '../common/upstream-error.ts';
import { decideFailover } from '../resilience/failover-policy.ts';
import { usageColumns } from './attempt-ledger.ts';
import { type ClientError, finalError } from './final-error.ts';
import type { FailoverRun } from './failover-run.ts';
import { CLIENT_ABORTED, type ClientEnding, lastFailedOtherThan, streamErrorType } from './request-end.ts';
import type { Tier } from './tier.ts';

/** Runs one attempt at `tier` and settles it. `done`: the client has its answer (or left). */
export async function attemptTier(run: FailoverRun, tier: Tier, retry: boolean): Promise<'done' | 'failed'> {
  const { deps, request } = run;
  const startedAt = deps.now();
  // A retry follows its own tier's failure; the failover it continues (if any) came from the tier before.
  const previous = lastFailedOtherThan(run.failed, tier.name)?.tier ?? null;
  const outcome = await deps.attempt(tier);
  const row = deps.ledger.row({
    request,
    tierName: tier.name,
    modelServed: tier.adapter.mapModel(request.body.model),
    index: run.attempts++,
    startedAt,
    stream: deps.stream,
    previous,
    skipped: run.skipped,
  });
  switch (outcome.kind) {
    case 'aborted':
      tier.abandoned();
      deps.ledger.record({ ...row, errorClass: 'client_aborted', errorMessage: 'client disconnected' });
      run.finish(null, false, CLIENT_ABORTED);
      return 'done';
    case 'unprepared':
      tier.abandoned();
      deps.ledger.record({
        ...row,
        status: outcome.answer.status,
        errorClass: outcome.errorClass,
        errorMessage: outcome.message,
      });
      run.finish(null, false, run.answer(outcome.answer));
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
      run.finish(tier.name, served, ending, outcome.usage);
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
        run.finish(null, false, run.answer(clientErrorOf(outcome.error, deps.now())));
        return 'done';
      }
      if (retry) run.failed.pop();
      run.failed.push({ tier: tier.name, error: outcome.error });
      if (!retry) {
        const reason = describeUpstreamError(outcome.error);
        deps.events.emit({ type: 'failover', from: tier.name, to: null, reason });
      }
      return 'failed';
    }
  }
}

function clientErrorOf(error: UpstreamError, now: number): ClientError {
  if (error.kind === 'http') {
    return { status: error.status, body: error.body, headers: { ...error.headers } };
  }
  return finalError([{ tier: 'upstream', error }], [], now);
}
