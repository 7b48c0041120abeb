import type { FailoverConfig } from '../../../src-shared/config-schema.ts';
import { type UpstreamError, type VendorVerdict, vendorVerdictOf } from '../common/upstream-error.ts';

export interface FailoverDecision {
  /** Try the next tier (true) or hand this answer to the client (false). */
  failover: boolean;
  /** Count it against the tier's breaker. */
  penalize: boolean;
  /** A quota / usage-cap signal: mark the tier's quota guards exhausted. */
  quotaExhausted: boolean;
  /**
   * How long the vendor asked us to stay away (its retry-after on a 429 / 403): the breaker opens at once for
   * that long when penalised, and an exhausted quota waits at least that long before its next probe.
   */
  openForMs: number | undefined;
}

const CAP_WORDS = ['quota', 'usage cap', 'limit exceeded'];

/** Statuses that describe the request itself: every other tier would say the same, so the client hears it. */
const CLIENT_FAULT_STATUSES = new Set([400, 413, 422]);

/**
 * The one failover predicate, for streaming and non-streaming alike: configured status codes, error types and
 * message patterns, plus connection errors and timeouts. An invalid request goes straight back to the client
 * with no breaker penalty (the original cascaded such requests through every tier).
 */
export function decideFailover(
  error: UpstreamError,
  config: FailoverConfig,
  tier: { usesClientCredentials: boolean },
): FailoverDecision {
  // One error text, one verdict, whether it came on an HTTP status or inside a 200 stream (vendors/*/errors.ts).
  const vendor = vendorVerdictOf(error);
  if (vendor) {
    const decision = followVendor(vendor.verdict.kind, vendor.retryAfterMs);
    // After content the client already holds part of this answer: no other tier may add a second one. What the
    // vendor said still holds for the next requests — a spent quota closes the tier until its reset rather than
    // letting the next request stream half an answer into the same wall.
    return error.kind === 'stream' && error.afterContent ? { ...decision, failover: false } : decision;
  }
  const openForMs =
    error.kind === 'http' && (error.status === 429 || error.status === 403) ? error.retryAfterMs : undefined;
  return { ...verdict(error, config, tier), openForMs };
}

/** A vendor that refuses our client version will not change its mind soon; the breaker caps this at its maximum. */
const OUTDATED_CLIENT_OPEN_MS = 60 * 60_000;

/** The vendor's error reader recognised what happened (common/upstream-error.ts `VendorVerdict`). */
function followVendor(kind: VendorVerdict['kind'], retryAfterMs: number | undefined): FailoverDecision {
  switch (kind) {
    case 'cannot-serve':
      // The tier is healthy; it just cannot take this one request. No penalty, nothing exhausted.
      return { failover: true, penalize: false, quotaExhausted: false, openForMs: undefined };
    case 'quota':
      // Closed until the allowance resets (the tier's vendor quota, and any configured guards, probing no earlier
      // than the reset) — the tier is healthy, so the breaker is not touched.
      return { failover: true, penalize: false, quotaExhausted: true, openForMs: retryAfterMs };
    case 'rate-limit':
      return { failover: true, penalize: true, quotaExhausted: false, openForMs: retryAfterMs };
    case 'outdated-client':
      return { failover: true, penalize: true, quotaExhausted: false, openForMs: OUTDATED_CLIENT_OPEN_MS };
  }
}

function verdict(
  error: UpstreamError,
  config: FailoverConfig,
  tier: { usesClientCredentials: boolean },
): Omit<FailoverDecision, 'openForMs'> {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return { failover: true, penalize: true, quotaExhausted: false };
    case 'auth':
      // Missing or revoked credentials: skip the tier, show "sign in again", don't spin the breaker.
      return { failover: true, penalize: false, quotaExhausted: false };
    case 'stream':
      if (error.afterContent) return { failover: false, penalize: true, quotaExhausted: false };
      return { failover: true, penalize: true, quotaExhausted: matchesCap(error.message) };
    case 'http': {
      const message = error.message.toLowerCase();
      const cap = (error.status === 429 || error.status === 403) && matchesCap(message);
      if (error.signInNeeded) return { failover: true, penalize: false, quotaExhausted: false };
      if (CLIENT_FAULT_STATUSES.has(error.status))
        return { failover: false, penalize: false, quotaExhausted: false };
      // The proxy's own key was refused: the client cannot fix that, the next tier can serve.
      if (error.status === 401 && !tier.usesClientCredentials) {
        return { failover: true, penalize: true, quotaExhausted: false };
      }
      const listed =
        config.statusCodes.includes(error.status) ||
        (error.type !== undefined && config.errorTypes.includes(error.type)) ||
        config.messagePatterns.some((pattern) => message.includes(pattern.toLowerCase()));
      return { failover: listed, penalize: listed, quotaExhausted: cap };
    }
  }
}

function matchesCap(message: string): boolean {
  const lower = message.toLowerCase();
  return CAP_WORDS.some((word) => lower.includes(word));
}
