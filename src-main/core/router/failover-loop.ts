import { retryDelay } from '../resilience/last-tier-retry.ts';
import { attemptTier } from './attempt-settle.ts';
import type { ClientRequest } from './client-request.ts';
import { finalError } from './final-error.ts';
import { type FailoverDeps, FailoverRun } from './failover-run.ts';
import { CLIENT_ABORTED } from './request-end.ts';

export type { FailoverDeps } from './failover-run.ts';

/**
 * Walks the tiers for one request: skip those that may not take it, attempt the others in order, and after each
 * attempt record the ledger row, tell the tier how it went and decide (attempt-settle.ts) — answered, try the next
 * tier, or hand the vendor's answer to the client. A transient error at the last tier left is retried there within
 * its budget. When no tier served, the most useful error goes back; every way out announces what the client got.
 */
export async function runFailover(request: ClientRequest, deps: FailoverDeps): Promise<void> {
  const run = new FailoverRun(request, deps);

  for (const tier of deps.tiers) {
    if (!tier.enabled) continue;
    const tooSmall = deps.tooSmall?.(tier);
    if (tooSmall) {
      run.skipped.push({ tier: tier.name, reason: tooSmall.reason });
      run.tooSmallWindows.push(tooSmall.window);
      continue;
    }
    const admission = tier.admit();
    if (admission.kind === 'disabled') continue;
    if (admission.kind === 'skipped') {
      const { reason, retryAt } = admission;
      run.skipped.push(retryAt ? { tier: tier.name, reason, retryAt } : { tier: tier.name, reason });
      continue;
    }
    if ((await attemptTier(run, tier, false)) === 'done') return;
  }

  if ((await retryLastTier(run)) === 'done') return;

  // Nothing could take the prompt and some tiers only lacked room: the answer Claude Code compacts on.
  const { failed, skipped, tooSmallWindows } = run;
  const promptTooLong =
    failed.length === 0 && tooSmallWindows.length > 0
      ? deps.promptTooLong?.(Math.max(...tooSmallWindows))
      : undefined;
  run.finish(null, false, run.answer(promptTooLong ?? finalError(failed, skipped, deps.now())));
}

/** The last tier tried is the only one left: a transient error there is retried within its budget. */
async function retryLastTier(run: FailoverRun): Promise<'done' | 'gave-up'> {
  const { deps } = run;
  const last = run.failed.at(-1);
  const lastTier = last && deps.tiers.find((tier) => tier.name === last.tier);
  if (!lastTier || !deps.retry) return 'gave-up';
  const budget = deps.retry.budget(lastTier);
  const state = { retries: 0, waitedMs: 0 };
  for (;;) {
    const error = run.failed.at(-1)?.error;
    const delay = error ? retryDelay(error, budget, state) : undefined;
    if (delay === undefined) return 'gave-up';
    if (!(await deps.retry.sleep(delay))) {
      // The client left while we waited to retry: nothing more to send, but the request log hears of it.
      run.finish(null, false, CLIENT_ABORTED);
      return 'done';
    }
    state.retries++;
    state.waitedMs += delay;
    if ((await attemptTier(run, lastTier, true)) === 'done') return 'done';
  }
}
