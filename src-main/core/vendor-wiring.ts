// From vendor configs to live tiers. The one place secret references (`${VAR}`, `keychain:`) become secrets: in
// the forwarder's own copy of a vendor's config, each value registered with the redactor first. And the
// dashboard's vendor edits applied to the running chain: unchanged vendors keep their breaker and quota state.
import { isDeepStrictEqual } from 'node:util';
import type { ProxyConfig, VendorConfig } from '../../src-shared/config-schema.ts';
import type { CoreEvent } from '../../src-shared/contract.ts';
import type { SecretStore } from './common/secret-store.ts';
import { resolveVendorSecrets, type SecretResolver } from './config/secret-refs.ts';
import type { TypedEmitter } from './events.ts';
import type { Router } from './router/router.ts';
import { Tier } from './router/tier.ts';
import type { TierChain } from './router/tier-chain.ts';
import type { Redactor } from './security/redactor.ts';
import { createVendorAdapter } from './vendors/registry.ts';

/** Every token read from or written to the secret store (sign-ins) is known to the redactor from then on. */
export function registeringSecrets(store: SecretStore, redactor: Pick<Redactor, 'add'>): SecretStore {
  return {
    async get(key) {
      const value = await store.get(key);
      redactor.add(value);
      return value;
    },
    set(key, value) {
      redactor.add(value);
      return store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}

export interface TierFactory {
  /** A vendor's config with its references resolved, for a forwarder or a token exchange only. */
  resolve(vendor: VendorConfig): VendorConfig;
  /** A new tier (adapter, breaker, quota windows) for a resolved config. */
  build(resolved: VendorConfig): Tier;
}

export function createTierFactory(options: {
  resolver: SecretResolver;
  redactor: Pick<Redactor, 'add' | 'addHeaderValue' | 'redact'>;
  secrets: SecretStore;
  now: () => number;
  /** Where adapters' notices go (`vendor-notice` events). */
  notice?: (tier: string, message: string) => void;
}): TierFactory {
  const { redactor, now } = options;
  const services = { now, secrets: options.secrets, ...(options.notice ? { notice: options.notice } : {}) };
  const redact = (text: string) => redactor.redact(text);
  return {
    resolve(vendor) {
      const resolved = resolveVendorSecrets(vendor, options.resolver);
      for (const field of ['apiKey', 'githubToken', 'clientSecret', 'refreshToken'] as const)
        redactor.add(resolved[field]);
      for (const value of Object.values(resolved.headers)) redactor.addHeaderValue(value);
      return resolved;
    },
    build: (resolved) => new Tier(resolved, createVendorAdapter(resolved, services), now, redact),
  };
}

export interface VendorEditTarget {
  chain: TierChain;
  router: Pick<Router, 'forgetTier'>;
  events: TypedEmitter<CoreEvent>;
  factory: TierFactory;
  /** Told about tiers that joined the chain (the background check of their mapped models). */
  added(tiers: readonly Tier[]): void;
}

/**
 * Rebuilds the chain from an edited config. Unchanged vendors keep their tier (breaker, quota, history) unless named
 * in `rebuild` (e.g. after a sign-out, so no cached token survives); removed tiers lose their pool and adapter.
 */
export function applyVendorEdits(
  target: VendorEditTarget,
  next: ProxyConfig,
  rebuild: readonly string[] = [],
): void {
  const { chain, events, factory } = target;
  const previous = new Set(chain.ordered());
  const fresh = new Set(rebuild);
  const tiers = next.vendors.map((vendor) => {
    const current = chain.get(vendor.name);
    const resolved = factory.resolve(vendor);
    if (current && !fresh.has(vendor.name) && isDeepStrictEqual(current.adapter.config, resolved))
      return current;
    return factory.build(resolved);
  });
  chain.replace(tiers, next.tiers ?? next.vendors.map((vendor) => vendor.name));
  target.added(tiers.filter((tier) => !previous.has(tier)));
  for (const tier of previous) {
    if (tiers.includes(tier)) continue;
    target.router.forgetTier(tier.name);
    void tier.adapter.close?.();
  }
  events.emit({ type: 'order-changed', order: [...chain.order] });
  for (const tier of chain.ordered()) events.emit({ type: 'tier-changed', tier: chain.status(tier.name) });
}
