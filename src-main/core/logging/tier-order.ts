// How the failover order reads in every line that shows it: the CLI's start line, `reset`, and the log file's start
// and `tier order:` lines — so a disabled tier is marked the same way everywhere.

/** `a → b [disabled] → c`. */
export function formatTierOrder(tiers: ReadonlyArray<{ name: string; enabled: boolean }>): string {
  return tiers.map((tier) => (tier.enabled ? tier.name : `${tier.name} [disabled]`)).join(' → ');
}

/** Said when no tier can serve because every one is switched off; undefined otherwise. */
export function allDisabledWarning(tiers: ReadonlyArray<{ enabled: boolean }>): string | undefined {
  if (tiers.length === 0 || tiers.some((tier) => tier.enabled)) return undefined;
  return 'every tier is disabled: requests get a 503 until one is enabled (enabled: true in the config, or the dashboard)';
}
