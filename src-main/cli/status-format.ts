import type { QuotaStatus, StatusResponse, TierStatus } from '../../src-shared/contract.ts';
import { formatDuration, formatTokens } from '../../src-shared/format.ts';
import { allDisabledWarning } from '../core/logging/tier-order.ts';

// The order and the all-disabled warning read the same in the terminal and the log file.
export { allDisabledWarning, formatTierOrder } from '../core/logging/tier-order.ts';

const failuresText = (count: number): string => `${count} failure${count === 1 ? '' : 's'}`;

function circuitText(tier: TierStatus, now: number): string {
  const { state, failures, retryAt } = tier.circuit;
  if (state === 'open')
    return `open (back in ${formatDuration(Math.max(0, (retryAt ?? now) - now))}, ${failuresText(failures)})`;
  if (state === 'half-open') return 'half-open (probing)';
  return failures ? `closed (${failuresText(failures)} recently)` : 'closed';
}

/**
 * The chain's health line, from `status.health` (src-shared/health.ts: the same answer the dashboard and the tray
 * show), never from which tier served last — that tier may be blocked now.
 */
export function healthLine(status: Pick<StatusResponse, 'health' | 'tiers'>, now: number): string {
  const { state, servingTier, nextRecoveryAt } = status.health;
  if (state === 'primary') return `health: ok — ${servingTier} (the first tier) takes the next request`;
  if (state === 'degraded')
    return `health: degraded — ${servingTier} takes the next request (the tiers before it are unavailable)`;
  if (!status.tiers.some((tier) => tier.enabled)) return 'health: down — no tier is enabled';
  if (nextRecoveryAt === undefined)
    return 'health: down — no tier can take a request, and none recovers by itself (sign in again, fix a key or enable a tier)';
  const wait = formatDuration(Math.max(0, nextRecoveryAt - now));
  return `health: down — no tier can take a request; a tier may take requests again in ${wait} (at ${localClock(nextRecoveryAt)})`;
}

/** After `reset -v`: the named tiers that are first now but switched off, so they will not serve. */
export function disabledPromotedNote(
  tiers: ReadonlyArray<{ name: string; enabled: boolean }>,
  promoted: readonly string[],
): string | undefined {
  const off = promoted.filter((name) => tiers.find((tier) => tier.name === name)?.enabled === false);
  if (off.length === 0) return undefined;
  const which = off.length === 1 ? `${off[0]} is disabled` : `${off.join(', ')} are disabled`;
  const it = off.length === 1 ? 'it' : 'them';
  return `note: ${which}, so requests skip ${it} until enabled (enabled: true in the config, or the dashboard)`;
}

/** Local wall-clock time, `14:05:10`. */
export function localClock(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour12: false });
}

/**
 * `exhausted by glm until 14:05:10 (in 3m 12s)`. A quota is `exhausted` only when the vendor said so (a usage-cap
 * answer): a percentage of the tokens counted here would mislead ("exhausted (0%)"), so say who and until when.
 */
export function exhaustedByVendor(
  vendor: string,
  until: number | undefined,
  now: number,
  clock: (at: number) => string = localClock,
): string {
  if (until === undefined || until <= now) return `exhausted by ${vendor}`;
  return `exhausted by ${vendor} until ${clock(until)} (in ${formatDuration(until - now)})`;
}

/** One quota window of `status`: our count against the budget and its state, or who exhausted it. */
export function formatQuota(vendor: string, quota: QuotaStatus, now: number): string {
  const used = formatTokens(quota.usedTokens);
  const budget = quota.tokenBudget ? ` of ${formatTokens(quota.tokenBudget)}` : '';
  if (quota.state === 'exhausted')
    return `${exhaustedByVendor(vendor, quota.nextProbeAt, now)}; ${used}${budget} counted here`;
  return `${used}${budget ? `${budget} (${quota.percent}%)` : ''} — ${quota.state}`;
}

/** `coding-proxy status` as text: one block per tier in failover order. */
export function formatStatus(status: StatusResponse, now: number = Date.now()): string {
  const lines = [`coding-proxy ${status.version} at ${status.baseUrl}`, healthLine(status, now), ''];
  status.tiers.forEach((tier, index) => {
    const serving = tier.name === status.health.servingTier ? '  ← serving' : '';
    const enabled = tier.enabled ? '' : ' [disabled]';
    lines.push(`${index + 1}. ${tier.name} (${tier.kind})${enabled}${serving}`);
    lines.push(`   breaker: ${circuitText(tier, now)}`);
    for (const quota of tier.quota)
      lines.push(`   quota ${quota.windowHours}h: ${formatQuota(tier.name, quota, now)}`);
    // The vendor's own quota verdict, with or without a configured window (issue 14 #10).
    if (tier.vendorQuota)
      lines.push(
        `   vendor quota: ${exhaustedByVendor(tier.name, tier.vendorQuota.until, now)} — ${tier.vendorQuota.reason}`,
      );
    if (tier.signInNeeded) lines.push(`   sign-in needed: ${tier.signInNeeded}`);
    if (tier.lastError)
      lines.push(`   last error ${formatDuration(now - tier.lastError.at)} ago: ${tier.lastError.message}`);
    if (tier.contextSkip)
      lines.push(`   skipped ${formatDuration(now - tier.contextSkip.at)} ago: ${tier.contextSkip.reason}`);
  });
  const allOff = allDisabledWarning(status.tiers);
  if (allOff) lines.push('', `warning: ${allOff}`);
  if (status.ledgerProblem) lines.push('', `usage ledger: ${status.ledgerProblem}`);
  return lines.join('\n');
}
