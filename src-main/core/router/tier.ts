import type { VendorConfig } from '../../../src-shared/config-schema.ts';
import type { QuotaState } from '../../../src-shared/contract.ts';
import { type UpstreamError, describeUpstreamError, vendorVerdictOf } from '../common/upstream-error.ts';
import { CircuitBreaker } from '../resilience/circuit-breaker.ts';
import type { FailoverDecision } from '../resilience/failover-policy.ts';
import { QuotaGuard } from '../resilience/quota-guard.ts';
import { DEFAULT_VENDOR_QUOTA_PROBE_MS, VendorQuota } from '../resilience/vendor-quota.ts';
import type { VendorAdapter } from '../vendors/vendor-adapter.ts';

export interface TierLastError {
  message: string;
  at: number;
}

/** Whether a request may use the tier now. `skipped` tiers are named in the final error; disabled ones are not. */
export type Admission =
  | { kind: 'admitted' }
  | { kind: 'disabled' }
  | { kind: 'skipped'; reason: string; retryAt?: number };

/** What a dashboard should hear about: the tier's status moved, or one of its quota windows changed state. */
export type TierChange =
  | { kind: 'status' }
  | { kind: 'quota-crossed'; windowHours: number; percent: number; state: QuotaState };

/**
 * One vendor in the failover chain with its own breaker, quota guards and recent history. The router tells it how
 * each attempt ended (`served`, `broke`, `failed`, `abandoned`); the tier keeps its books and announces what
 * changed, driven by its breaker's and quota guards' change events — one `status` change per outcome at most.
 */
export class Tier {
  readonly name: string;
  readonly adapter: VendorAdapter;
  readonly breaker: CircuitBreaker;
  readonly quotas: QuotaGuard[];
  /** What the vendor itself said about the account's quota (with or without configured guards). */
  readonly vendorQuota: VendorQuota;
  enabled: boolean;
  lastError: TierLastError | undefined;
  /** Set when the vendor rejected our credentials; cleared by a success or a reset. */
  signInNeeded: string | undefined;
  /** The latest time a prompt was too big for this tier's context window (no breaker effect; issue 15). */
  contextSkip: { reason: string; at: number } | undefined;
  readonly #now: () => number;
  readonly #redact: (text: string) => string;
  readonly #listeners = new Set<(change: TierChange) => void>();
  /** Inside an outcome: changes are collected and announced once at the end. */
  #batching = false;
  #dirty = false;
  #silent = false;

  /** `redact` masks the proxy's secrets in what the tier keeps from a vendor's error (lastError, sign-in note). */
  constructor(
    config: VendorConfig,
    adapter: VendorAdapter,
    now: () => number,
    redact: (text: string) => string = (text) => text,
  ) {
    this.name = config.name;
    this.adapter = adapter;
    this.enabled = config.enabled;
    this.#now = now;
    this.#redact = redact;
    this.breaker = new CircuitBreaker(config.circuitBreaker, now);
    this.quotas = config.quotaGuards.map((guard) => new QuotaGuard(guard, now));
    // Without a reset time from the vendor, probe as often as the user's own guards would (else the default).
    const probeSeconds = config.quotaGuards.map((guard) => guard.probeIntervalSeconds);
    this.vendorQuota = new VendorQuota(
      now,
      probeSeconds.length ? Math.min(...probeSeconds) * 1000 : DEFAULT_VENDOR_QUOTA_PROBE_MS,
    );
    this.breaker.onChange(() => this.#changed());
    for (const quota of this.quotas) {
      quota.onChange(({ snapshot, crossed }) => {
        if (crossed && !this.#silent) {
          const { windowHours, percent, state } = snapshot;
          this.#announce({ kind: 'quota-crossed', windowHours, percent, state });
        }
        this.#changed();
      });
    }
  }

  onChange(listener: (change: TierChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** May a request use the tier now? Admission claims the breaker's half-open probe and quota probe slots. */
  admit(): Admission {
    if (!this.enabled) return { kind: 'disabled' };
    // An adapter that tracks its own credentials is authoritative: after `auth login` it clears itself.
    if (this.adapter.credentialProblem) this.signInNeeded = this.adapter.credentialProblem();
    const credential = this.signInNeeded;
    if (credential) return this.#skipped(`sign-in needed: ${credential}`);
    if (!this.vendorQuota.wouldPass()) {
      const until = this.vendorQuota.snapshot()?.until;
      const when = until === undefined ? '' : ` until ${new Date(until).toISOString()}`;
      return {
        kind: 'skipped',
        reason: `quota exhausted (reported by the vendor)${when}`,
        ...(until ? { retryAt: until } : {}),
      };
    }
    // Check quotas before claiming the breaker's single half-open probe, so a quota skip does not waste it.
    const blockedQuota = this.quotas.find((quota) => !quota.wouldPass());
    if (blockedQuota)
      return this.#skipped(`quota ${blockedQuota.config.windowHours}h window ${blockedQuota.state()}`);
    if (!this.breaker.tryPass()) return this.#skipped('breaker open');
    for (const quota of this.quotas) quota.tryPass();
    this.vendorQuota.tryPass();
    return { kind: 'admitted' };
  }

  /** A complete answer reached the client: a success for the breaker, tokens for the quota windows. */
  served(tokens: number): void {
    this.#outcome(() => {
      this.breaker.onSuccess();
      if (this.vendorQuota.answered()) this.#dirty = true;
      if (this.signInNeeded !== undefined) {
        this.signInNeeded = undefined;
        this.#dirty = true;
      }
      for (const quota of this.quotas) quota.recordUsage(tokens);
    });
  }

  /** Content reached the client, then the stream broke: the tokens were spent, the tier failed. */
  broke(tokens: number, error: UpstreamError, decision: FailoverDecision): void {
    this.#outcome(() => {
      for (const quota of this.quotas) quota.recordUsage(tokens);
      this.#judge(error, decision);
    });
  }

  /** The attempt failed before anything reached the client. */
  failed(error: UpstreamError, decision: FailoverDecision): void {
    this.#outcome(() => this.#judge(error, decision));
  }

  /** The attempt says nothing about the vendor (the client left, or the proxy could not prepare the request). */
  abandoned(): void {
    this.breaker.onNeutral();
    this.vendorQuota.unanswered();
  }

  /** Notes a context-window skip; true when front ends should hear of it (new reason, or a minute later). */
  noteContextSkip(reason: string, at: number): boolean {
    const previous = this.contextSkip;
    this.contextSkip = { reason, at };
    return previous === undefined || previous.reason !== reason || at - previous.at >= 60_000;
  }

  /** Back to a clean slate. Silent: the command that resets tells the front ends itself. */
  reset(): void {
    this.#silent = true;
    try {
      this.breaker.reset();
      for (const quota of this.quotas) quota.reset();
      this.vendorQuota.reset();
    } finally {
      this.#silent = false;
    }
    this.lastError = undefined;
    this.signInNeeded = undefined;
    this.contextSkip = undefined;
  }

  #judge(error: UpstreamError, decision: FailoverDecision): void {
    if (decision.penalize) {
      this.breaker.onFailure({ openForMs: decision.openForMs });
      this.#noteError(error);
    } else {
      this.breaker.onNeutral();
      // Not failing over without a penalty: the client's own fault (400), which says nothing about the tier.
      if (decision.failover) {
        this.#noteError(error);
        if ((error.kind === 'auth' || error.kind === 'http') && error.signInNeeded)
          this.signInNeeded = this.#redact(error.message);
      }
    }
    if (decision.quotaExhausted) {
      for (const quota of this.quotas) quota.markExhausted(decision.openForMs);
    }
    // The vendor's own quota verdict closes the tier until its reset, configured guards or not.
    const vendor = vendorVerdictOf(error);
    if (vendor?.verdict.kind === 'quota') {
      this.vendorQuota.exhausted(vendor.verdict.reason, vendor.retryAfterMs);
      this.#dirty = true;
    } else if (error.kind === 'http' || error.kind === 'stream') {
      // The vendor answered without speaking of its quota: the allowance is back.
      if (this.vendorQuota.answered()) this.#dirty = true;
    } else this.vendorQuota.unanswered();
  }

  #noteError(error: UpstreamError): void {
    this.lastError = { message: this.#redact(describeUpstreamError(error)), at: this.#now() };
    this.#dirty = true;
  }

  #skipped(reason: string): Admission {
    const circuit = this.breaker.snapshot();
    const retryAt =
      circuit.retryAt ?? this.quotas.map((q) => q.snapshot().nextProbeAt).find((at) => at !== undefined);
    return retryAt ? { kind: 'skipped', reason, retryAt } : { kind: 'skipped', reason };
  }

  #outcome(apply: () => void): void {
    this.#batching = true;
    this.#dirty = false;
    try {
      apply();
    } finally {
      this.#batching = false;
    }
    if (this.#dirty) this.#announce({ kind: 'status' });
  }

  #changed(): void {
    if (this.#silent) return;
    if (this.#batching) this.#dirty = true;
    else this.#announce({ kind: 'status' });
  }

  #announce(change: TierChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
