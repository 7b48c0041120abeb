import type { QuotaGuardConfig } from '../../../src-shared/config-schema.ts';
import type { QuotaState, QuotaStatus } from '../../../src-shared/contract.ts';

/** What the UI and the CLI show of one quota window: the contract's shape, produced here. */
export type QuotaSnapshot = QuotaStatus;

/** Told after every change of the window (usage counted, vendor said exhausted, reset). */
export interface QuotaChange {
  snapshot: QuotaSnapshot;
  /** The state (`ok` / `over-threshold` / `exhausted`) differs from what it was before the change. */
  crossed: boolean;
}

/**
 * Rolling token budget for one window of one tier (tokens = input + output + cache write + cache read).
 * Over the threshold, or after the vendor said "quota exhausted", the tier is skipped except for one probe
 * request per probe interval; a successful probe of an exhausted tier brings it back.
 * A budget of 0 means "only react to the vendor's quota errors".
 */
export class QuotaGuard {
  readonly config: QuotaGuardConfig;
  readonly #now: () => number;
  #entries: Array<{ at: number; tokens: number }> = [];
  #total = 0;
  #exhausted = false;
  #lastProbeAt = 0;
  #probeIntervalMs: number;
  readonly #listeners = new Set<(change: QuotaChange) => void>();

  constructor(config: QuotaGuardConfig, now: () => number = Date.now) {
    this.config = config;
    this.#now = now;
    this.#probeIntervalMs = config.probeIntervalSeconds * 1000;
  }

  get #windowMs(): number {
    return this.config.windowHours * 3_600_000;
  }

  #expire(): void {
    const cutoff = this.#now() - this.#windowMs;
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.at <= cutoff) {
      this.#total -= this.#entries[drop]!.tokens;
      drop++;
    }
    if (drop > 0) this.#entries.splice(0, drop);
  }

  #overThreshold(): boolean {
    if (this.config.tokenBudget <= 0) return false;
    return this.#total >= (this.config.tokenBudget * this.config.thresholdPercent) / 100;
  }

  state(): QuotaState {
    this.#expire();
    if (this.#exhausted) return 'exhausted';
    return this.#overThreshold() ? 'over-threshold' : 'ok';
  }

  /** May a request use this tier now? Over the limit, grants one probe per interval (and stamps it). */
  tryPass(): boolean {
    if (this.state() === 'ok') return true;
    const now = this.#now();
    if (now - this.#lastProbeAt >= this.#probeIntervalMs) {
      this.#lastProbeAt = now;
      return true;
    }
    return false;
  }

  wouldPass(): boolean {
    return this.state() === 'ok' || this.#now() - this.#lastProbeAt >= this.#probeIntervalMs;
  }

  /** Counts a served request's tokens. A success also proves an exhausted quota has come back. */
  recordUsage(tokens: number, at: number = this.#now()): void {
    const before = this.state();
    this.#exhausted = false;
    this.#probeIntervalMs = this.config.probeIntervalSeconds * 1000;
    if (tokens > 0) {
      const wasOver = this.#overThreshold();
      this.#entries.push({ at, tokens });
      this.#total += tokens;
      // Crossing the threshold starts the probe clock: the first probe comes one full interval later.
      if (!wasOver && this.#overThreshold()) this.#lastProbeAt = this.#now();
    }
    this.#changed(before);
  }

  /** Usage recorded before a restart (from the ledger), so a restart does not forget a nearly spent budget. */
  seed(tokens: number, at: number): void {
    if (tokens <= 0) return;
    this.#entries.push({ at, tokens });
    this.#entries.sort((a, b) => a.at - b.at);
    this.#total += tokens;
  }

  /** The vendor answered with a quota / usage-cap error. */
  markExhausted(retryAfterMs?: number): void {
    const before = this.state();
    this.#exhausted = true;
    this.#lastProbeAt = this.#now();
    const base = this.config.probeIntervalSeconds * 1000;
    this.#probeIntervalMs = retryAfterMs && retryAfterMs > base ? retryAfterMs : base;
    this.#changed(before);
  }

  reset(): void {
    const before = this.state();
    this.#entries = [];
    this.#total = 0;
    this.#exhausted = false;
    this.#lastProbeAt = 0;
    this.#probeIntervalMs = this.config.probeIntervalSeconds * 1000;
    this.#changed(before);
  }

  onChange(listener: (change: QuotaChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(before: QuotaState): void {
    if (this.#listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener({ snapshot, crossed: snapshot.state !== before });
  }

  snapshot(): QuotaSnapshot {
    const state = this.state();
    const budget = this.config.tokenBudget;
    const snapshot: QuotaSnapshot = {
      windowHours: this.config.windowHours,
      usedTokens: this.#total,
      tokenBudget: budget,
      percent: budget > 0 ? Math.round((this.#total / budget) * 1000) / 10 : 0,
      thresholdPercent: this.config.thresholdPercent,
      state,
    };
    const oldest = this.#entries[0];
    if (oldest) snapshot.resetAt = oldest.at + this.#windowMs;
    if (state !== 'ok') snapshot.nextProbeAt = this.#lastProbeAt + this.#probeIntervalMs;
    return snapshot;
  }
}
