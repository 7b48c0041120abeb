import type { TierStatus } from '../../../src-shared/contract.ts';
import type { Tier, TierChange } from './tier.ts';

/** The ordered failover chain. Reordering is live: requests already in flight keep the order they started with. */
export class TierChain {
  #tiers = new Map<string, Tier>();
  #order: string[] = [];
  readonly #listeners = new Set<(tier: Tier, change: TierChange) => void>();
  /** Subscriptions to the tiers in the chain; a tier that leaves stops being heard (in-flight answers included). */
  readonly #subscriptions = new Map<Tier, () => void>();

  constructor(tiers: Tier[], order: string[]) {
    this.replace(tiers, order);
  }

  /** Swaps in a new set of tiers (vendor edits from the dashboard); unlisted tiers go last. */
  replace(tiers: Tier[], order: string[]): void {
    this.#tiers = new Map(tiers.map((tier) => [tier.name, tier]));
    this.#order = order.filter((name) => this.#tiers.has(name));
    for (const tier of tiers) if (!this.#order.includes(tier.name)) this.#order.push(tier.name);
    for (const [tier, unsubscribe] of this.#subscriptions) {
      if (this.#tiers.get(tier.name) === tier) continue;
      unsubscribe();
      this.#subscriptions.delete(tier);
    }
    for (const tier of tiers) {
      if (this.#subscriptions.has(tier)) continue;
      const unsubscribe = tier.onChange((change) => {
        for (const listener of this.#listeners) listener(tier, change);
      });
      this.#subscriptions.set(tier, unsubscribe);
    }
  }

  /** Every change any tier of the chain announces (see `Tier.onChange`). */
  onTierChange(listener: (tier: Tier, change: TierChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get order(): readonly string[] {
    return this.#order;
  }

  /** Tiers in failover order (a snapshot). */
  ordered(): Tier[] {
    return this.#order.map((name) => this.#tiers.get(name)!);
  }

  get(name: string): Tier | undefined {
    return this.#tiers.get(name);
  }

  /** Puts `first` at the front in that order; the rest keep their relative order. Throws on unknown/duplicate names. */
  promote(first: string[]): string[] {
    const unknown = first.filter((name) => !this.#tiers.has(name));
    if (unknown.length)
      throw new RangeError(`unknown tier(s): ${unknown.join(', ')} (known: ${this.#order.join(', ')})`);
    if (new Set(first).size !== first.length) throw new RangeError('a tier is listed twice');
    this.#order = [...first, ...this.#order.filter((name) => !first.includes(name))];
    return [...this.#order];
  }

  status(name: string): TierStatus {
    const tier = this.#tiers.get(name)!;
    const status: TierStatus = {
      name: tier.name,
      kind: tier.adapter.kind,
      enabled: tier.enabled,
      circuit: tier.breaker.snapshot(),
      quota: tier.quotas.map((quota) => quota.snapshot()),
    };
    if (tier.lastError) status.lastError = { ...tier.lastError };
    const signIn = tier.signInNeeded ?? tier.adapter.credentialProblem?.();
    if (signIn) {
      status.signInNeeded = signIn;
      const need = tier.adapter.signInNeed?.();
      if (need) status.signIn = need;
    }
    if (tier.contextSkip) status.contextSkip = { ...tier.contextSkip };
    const vendorQuota = tier.vendorQuota.snapshot();
    if (vendorQuota) status.vendorQuota = vendorQuota;
    return status;
  }

  statuses(): TierStatus[] {
    return this.#order.map((name) => this.status(name));
  }
}
