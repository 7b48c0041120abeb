import type { VendorConfig } from '../../../src-shared/config-schema.ts';
import { CircuitBreaker } from '../resilience/circuit-breaker.ts';
import { QuotaGuard } from '../resilience/quota-guard.ts';
import type { VendorAdapter } from '../vendors/vendor-adapter.ts';

export interface TierLastError {
  message: string;
  at: number;
}

/** One vendor in the failover chain with its own breaker, quota guards and recent history. */
export class Tier {
  readonly name: string;
  readonly adapter: VendorAdapter;
  readonly breaker: CircuitBreaker;
  readonly quotas: QuotaGuard[];
  enabled: boolean;
  lastError: TierLastError | undefined;
  /** Set when the vendor rejected our credentials; cleared by a success or a reset. */
  signInNeeded: string | undefined;

  constructor(config: VendorConfig, adapter: VendorAdapter, now: () => number) {
    this.name = config.name;
    this.adapter = adapter;
    this.enabled = config.enabled;
    this.breaker = new CircuitBreaker(config.circuitBreaker, now);
    this.quotas = config.quotaGuards.map((guard) => new QuotaGuard(guard, now));
  }

  /** Why the tier cannot take a request right now, or undefined when it can (claims probe slots). */
  admit(): string | undefined {
    if (!this.enabled) return 'disabled';
    // An adapter that tracks its own credentials is authoritative: after `auth login` it clears itself.
    if (this.adapter.credentialProblem) this.signInNeeded = this.adapter.credentialProblem();
    const credential = this.signInNeeded;
    if (credential) return `sign-in needed: ${credential}`;
    // Check quotas before claiming the breaker's single half-open probe, so a quota skip does not waste it.
    const blockedQuota = this.quotas.find((quota) => !quota.wouldPass());
    if (blockedQuota) return `quota ${blockedQuota.config.windowHours}h window ${blockedQuota.state()}`;
    if (!this.breaker.tryPass()) return 'breaker open';
    for (const quota of this.quotas) quota.tryPass();
    return undefined;
  }

  reset(): void {
    this.breaker.reset();
    for (const quota of this.quotas) quota.reset();
    this.lastError = undefined;
    this.signInNeeded = undefined;
  }
}
