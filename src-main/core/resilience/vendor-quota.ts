// The vendor itself said the account's allowance is used up (Copilot 402 quota_exceeded, OpenAI insufficient_quota,
// Gemini per-day QuotaFailure, Antigravity QUOTA_EXHAUSTED, a Claude plan window rejected). That holds whether or
// not the user configured a quota guard: the tier is skipped until the vendor's reset time — or, when the vendor
// named none, until a re-probe interval has passed — and then one request probes it. The breaker is not involved:
// the tier is healthy, its allowance is not.
import type { VendorQuotaStatus } from '../../../src-shared/contract.ts';

/** When the vendor gives no reset time: how long until one request probes the tier again. */
export const DEFAULT_VENDOR_QUOTA_PROBE_MS = 5 * 60_000;

export class VendorQuota {
  readonly #now: () => number;
  readonly #probeMs: number;
  #status: VendorQuotaStatus | undefined;
  /** A probe was let through and has not been answered yet. */
  #probing = false;

  /** `probeMs`: the re-probe interval used when the vendor names no reset time. */
  constructor(now: () => number, probeMs: number = DEFAULT_VENDOR_QUOTA_PROBE_MS) {
    this.#now = now;
    this.#probeMs = probeMs;
  }

  /** The vendor reported its quota used up; `resetInMs` is its reset time from now, when it said. */
  exhausted(reason: string, resetInMs: number | undefined): void {
    const now = this.#now();
    const wait = resetInMs !== undefined && resetInMs > 0 ? resetInMs : this.#probeMs;
    this.#status = { until: now + wait, reason, reportedAt: now };
    this.#probing = false;
  }

  /** Whether a request may use the tier; past the reset one probe goes through, the others keep skipping. */
  tryPass(): boolean {
    const status = this.#status;
    if (!status) return true;
    const now = this.#now();
    if (now < status.until || this.#probing) return false;
    // One probe at a time: the others wait one interval (or for the probe's answer, which ends the wait).
    this.#probing = true;
    this.#status = { ...status, until: now + this.#probeMs };
    return true;
  }

  wouldPass(): boolean {
    const status = this.#status;
    return !status || (!this.#probing && this.#now() >= status.until);
  }

  /** The vendor answered without reporting its quota: the allowance is back. True when that changed anything. */
  answered(): boolean {
    const had = this.#status !== undefined;
    this.#status = undefined;
    this.#probing = false;
    return had;
  }

  /** The probe ended without an answer from the vendor (the client left): the next request may probe at once. */
  unanswered(): void {
    if (!this.#probing || !this.#status) return;
    this.#probing = false;
    this.#status = { ...this.#status, until: this.#now() };
  }

  reset(): void {
    this.#status = undefined;
    this.#probing = false;
  }

  snapshot(): VendorQuotaStatus | undefined {
    return this.#status ? { ...this.#status } : undefined;
  }
}
