import type { StatusResponse, TierStatus } from '../../src-shared/contract.ts';
import { formatDuration, formatTokens } from '../../src-shared/format.ts';

function circuitText(tier: TierStatus, now: number): string {
  const { state, failures, retryAt } = tier.circuit;
  if (state === 'open')
    return `open (back in ${formatDuration(Math.max(0, (retryAt ?? now) - now))}, ${failures} failures)`;
  if (state === 'half-open') return 'half-open (probing)';
  return failures ? `closed (${failures} recent failure${failures === 1 ? '' : 's'})` : 'closed';
}

/** `coding-proxy status` as text: one block per tier in failover order. */
export function formatStatus(status: StatusResponse, now: number = Date.now()): string {
  const lines = [`coding-proxy ${status.version} at ${status.baseUrl}`, ''];
  status.tiers.forEach((tier, index) => {
    const serving = tier.name === status.activeTier ? '  ← serving' : '';
    const enabled = tier.enabled ? '' : ' [disabled]';
    lines.push(`${index + 1}. ${tier.name} (${tier.kind})${enabled}${serving}`);
    lines.push(`   breaker: ${circuitText(tier, now)}`);
    for (const quota of tier.quota) {
      const budget = quota.tokenBudget ? ` of ${formatTokens(quota.tokenBudget)} (${quota.percent}%)` : '';
      lines.push(
        `   quota ${quota.windowHours}h: ${formatTokens(quota.usedTokens)}${budget} — ${quota.state}`,
      );
    }
    if (tier.signInNeeded) lines.push(`   sign-in needed: ${tier.signInNeeded}`);
    if (tier.lastError)
      lines.push(`   last error ${formatDuration(now - tier.lastError.at)} ago: ${tier.lastError.message}`);
    if (tier.contextSkip)
      lines.push(`   skipped ${formatDuration(now - tier.contextSkip.at)} ago: ${tier.contextSkip.reason}`);
  });
  if (status.ledgerProblem) lines.push('', `usage ledger: ${status.ledgerProblem}`);
  return lines.join('\n');
}
