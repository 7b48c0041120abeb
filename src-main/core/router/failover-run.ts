// What the failover loop needs from its surroundings (FailoverDeps) and what it knows about one request while it
// walks the tiers (FailoverRun): the attempts that failed, the tiers skipped and why, how many attempts were made.
// Every way out goes through `finish`, which announces what the client got.
import type { FailoverConfig, RetryConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import type { TypedEmitter } from '../events.ts';
import type { AttemptLedger } from './attempt-ledger.ts';
import type { AttemptOutcome } from './attempt-outcome.ts';
import type { ClientRequest } from './client-request.ts';
import type { ClientError, FailedAttempt, SkippedTier } from './final-error.ts';
import { announceFinish, type ClientEnding, errorOfBody } from './request-end.ts';
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

export class FailoverRun {
  readonly request: ClientRequest;
  readonly deps: FailoverDeps;
  readonly started: number;
  readonly failed: FailedAttempt[] = [];
  readonly skipped: SkippedTier[] = [];
  /** Windows of the tiers skipped because the prompt does not fit (issue 15). */
  readonly tooSmallWindows: number[] = [];
  /** Attempts made so far, a retry of the last tier included (the next attempt's index). */
  attempts = 0;

  constructor(request: ClientRequest, deps: FailoverDeps) {
    this.request = request;
    this.deps = deps;
    this.started = deps.now();
  }

  /** The request is over: `request-finished` (and `failover`, when a later tier served) with what the client got. */
  finish(servedBy: string | null, success: boolean, client: ClientEnding, usage?: UsageAccumulator): void {
    announceFinish(this.deps, this.request, {
      servedBy,
      success,
      started: this.started,
      usage,
      failed: this.failed,
      skipped: this.skipped,
      attempts: this.attempts,
      client,
    });
  }

  /** Hands `error` to the client; what it got, for `finish`. */
  answer(error: ClientError): ClientEnding {
    return { status: this.deps.answer(error), ...errorOfBody(error.body) };
  }
}
