import type { CircuitBreakerConfig } from '../../../src-shared/config-schema.ts';
import type { CircuitState, TierStatus } from '../../../src-shared/contract.ts';

/** The contract's circuit shape, produced here. */
export type BreakerSnapshot = TierStatus['circuit'];

export interface FailureInfo {
  /** The failover decision's `openForMs` (the vendor's retry-after): open at once for that long. */
  openForMs?: number | undefined;
}

/**
 * Per-tier circuit breaker. Unlike a generic breaker library it answers "may I try this tier now?" without
 * executing anything (the router skips to the next tier instead of waiting), lets exactly one probe through
 * while half-open, can be forced open by a Retry-After hint, and exposes its state for the UI.
 * The router must end every granted pass with exactly one of onSuccess / onFailure / onNeutral.
 */
export class CircuitBreaker {
  readonly #config: CircuitBreakerConfig;
  readonly #now: () => number;
  readonly #listeners = new Set<(snapshot: BreakerSnapshot) => void>();
  #state: CircuitState = 'closed';
  #failures = 0;
  #successes = 0;
  #openUntil = 0;
  #recoveryMs: number;
  #probeInFlight = false;

  constructor(config: CircuitBreakerConfig, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
    this.#recoveryMs = config.recoveryTimeoutSeconds * 1000;
  }

  /** Grants a pass (and, when half-open, claims the single probe slot). */
  tryPass(): boolean {
    if (this.#state === 'open') {
      if (this.#now() < this.#openUntil) return false;
      this.#transition('half-open');
    }
    if (this.#state === 'half-open') {
      if (this.#probeInFlight) return false;
      this.#probeInFlight = true;
    }
    return true;
  }

  /** Read-only version of tryPass for status displays and gating decisions that must not claim a probe. */
  wouldPass(): boolean {
    if (this.#state === 'open') return this.#now() >= this.#openUntil;
    if (this.#state === 'half-open') return !this.#probeInFlight;
    return true;
  }

  onSuccess(): void {
    this.#probeInFlight = false;
    const hadFailures = this.#failures > 0;
    this.#failures = 0;
    if (this.#state === 'half-open') {
      this.#successes += 1;
      if (this.#successes >= this.#config.successThreshold) {
        this.#recoveryMs = this.#config.recoveryTimeoutSeconds * 1000;
        this.#transition('closed');
      } else this.#emit();
    } else if (hadFailures) this.#emit();
  }

  onFailure(info: FailureInfo = {}): void {
    this.#probeInFlight = false;
    this.#failures += 1;
    this.#successes = 0;
    const maxMs = this.#config.maxRecoveryTimeoutSeconds * 1000;
    if (info.openForMs !== undefined && info.openForMs > 0) {
      this.#open(Math.min(info.openForMs, maxMs));
      return;
    }
    if (this.#state === 'half-open') {
      this.#recoveryMs = Math.min(this.#recoveryMs * 2, maxMs);
      this.#open(this.#recoveryMs);
    } else if (this.#state === 'closed' && this.#failures >= this.#config.failureThreshold) {
      this.#open(this.#recoveryMs);
    } else this.#emit();
  }

  /** The attempt ended without telling us anything about the tier (client aborted, request was invalid). */
  onNeutral(): void {
    this.#probeInFlight = false;
  }

  reset(): void {
    this.#failures = 0;
    this.#successes = 0;
    this.#openUntil = 0;
    this.#probeInFlight = false;
    this.#recoveryMs = this.#config.recoveryTimeoutSeconds * 1000;
    this.#transition('closed', true);
  }

  /**
   * The state as the UI should show it, without changing it: an open breaker whose time is up reads as
   * half-open (the next `tryPass` makes it so).
   */
  snapshot(): BreakerSnapshot {
    const expired = this.#state === 'open' && this.#now() >= this.#openUntil;
    const state = expired ? 'half-open' : this.#state;
    const snapshot: BreakerSnapshot = { state, failures: this.#failures, recoveryMs: this.#recoveryMs };
    if (state === 'open') snapshot.retryAt = this.#openUntil;
    return snapshot;
  }

  onChange(listener: (snapshot: BreakerSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #open(forMs: number): void {
    this.#openUntil = this.#now() + forMs;
    this.#transition('open', true);
  }

  #transition(state: CircuitState, always = false): void {
    if (state !== 'half-open') this.#successes = state === 'closed' ? 0 : this.#successes;
    const changed = this.#state !== state;
    this.#state = state;
    if (changed || always) this.#emit();
  }

  #emit(): void {
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener(snapshot);
  }
}
