import type { StatusResponse, TierStatus } from '../../src-shared/contract.ts';
import { formatDuration, formatTokens } from '../../src-shared/format.ts';

function circuitText(tier: TierStatus, now: number): string {
  const { state, failures, retryAt } = tier.circuit;
  if (state === 'open')
    return `open (back in ${formatDuration(Math.max(0, (retryAt ?? now) - now))}, ${failures} failures)`;
  if (state === 'half-open') return 'half-open (probing)';
  return failures ? `closed (${failures} recent failure${failures === 1 ? '' : 's'})` : 'closed';
}

/** `a → b [disabled] → c`: the failover order as the start line and `reset` print it. */
export function formatTierOrder(tiers: ReadonlyArray<{ name: string; enabled: boolean }>): string {
  return tiers.map((tier) => (tier.enabled ? tier.name : `${tier.name} [disabled]`)).join(' → ');
}

/** Said when no tier can serve because every one is switched off; undefined otherwise. */
export function allDisabledWarning(tiers: ReadonlyArray<{ enabled: boolean }>): string | undefined {
  if (tiers.length === 0 || tiers.some((tier) => tier.enabled)) return undefined;
  return 'every tier is disabled: requests get a 503 until one is enabled (enabled: true in the config, or the dashboard)';
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
  const allOff = allDisabledWarning(status.tiers);
  if (allOff) lines.push('', `warning: ${allOff}`);
  if (status.ledgerProblem) lines.push('', `usage ledger: ${status.ledgerProblem}`);
  return lines.join('\n');
}
