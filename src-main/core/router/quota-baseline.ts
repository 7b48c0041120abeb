import type { TierChain } from './tier-chain.ts';

export interface WindowUsageSource {
  queryWindowUsage(vendor: string, hours: number): Array<{ at: number; tokens: number }>;
}

/** Restores each tier's quota windows from the ledger, so a restart does not forget a nearly spent budget. */
export function seedQuotaBaselines(chain: TierChain, source: WindowUsageSource): void {
  for (const tier of chain.ordered()) {
    for (const quota of tier.quotas) {
      for (const entry of source.queryWindowUsage(tier.name, quota.config.windowHours))
        quota.seed(entry.tokens, entry.at);
    }
  }
}
