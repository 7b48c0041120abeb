// One answer to "can the proxy serve right now, and through which tier?", derived from the same `TierStatus`
// snapshots the core pushes. The core's `status` command, the dashboard header and the tray all call this, so they
// can never disagree. It mirrors the order of checks in the router's `Tier.admit()` (disabled → sign-in → the
// vendor's quota verdict → quota guards → breaker) and never looks at which tier served last: a tier that served a minute ago may be blocked now.
import type { TierStatus } from './contract.ts';

export type HealthState = 'primary' | 'degraded' | 'down';

export interface HealthSummary {
  /** primary: the first enabled tier can take requests; degraded: another one can; down: none can. */
  state: HealthState;
  /** The tier the next request goes to (absent when down). */
  servingTier?: string;
  /** When down: the earliest epoch-ms at which a tier may take a request again by itself (not sign-in). */
  nextRecoveryAt?: number;
}

/** Why a tier is passed over, in the router's order of checks; `ready`/`recovering` tiers take requests. */
export type TierAvailabilityState =
  | 'ready'
  /** The wait is over: the next request probes it (half-open breaker, quota probe due). */
  | 'recovering'
  | 'disabled'
  | 'sign-in-needed'
  | 'quota-exhausted'
  | 'quota-over-threshold'
  | 'breaker-open';

export interface TierAvailability {
  state: TierAvailabilityState;
  /** Epoch ms when the tier may be tried again (breaker retry / quota probe). */
  until?: number;
  /** The quota window that blocks it, in hours. */
  windowHours?: number;
  /** The sign-in problem, in the vendor's words. */
  message?: string;
  /** `quota-exhausted` because the vendor said so (no configured window): until its reset or next probe. */
  reportedByVendor?: true;
}

export function canTakeRequests(availability: TierAvailability): boolean {
  return availability.state === 'ready' || availability.state === 'recovering';
}

function latest(times: Array<number | undefined>): number | undefined {
  const known = times.filter((time): time is number => time !== undefined);
  return known.length ? Math.max(...known) : undefined;
}

export function tierAvailability(tier: TierStatus, now: number): TierAvailability {
  if (!tier.enabled) return { state: 'disabled' };
  if (tier.signInNeeded) return { state: 'sign-in-needed', message: tier.signInNeeded };
  // The vendor's own word that the quota is gone outranks the configured windows and the breaker.
  const vendorQuota = tier.vendorQuota;
  if (vendorQuota && vendorQuota.until > now)
    return { state: 'quota-exhausted', until: vendorQuota.until, reportedByVendor: true };
  const breakerUntil = tier.circuit.state === 'open' ? tier.circuit.retryAt : undefined;
  const blockedQuotas = tier.quota.filter((quota) => quota.state !== 'ok');
  if (blockedQuotas.length) {
    // Every blocked window must let its probe through, and then the breaker must too.
    const until = latest([...blockedQuotas.map((quota) => quota.nextProbeAt ?? quota.resetAt), breakerUntil]);
    if (until !== undefined && until <= now) return { state: 'recovering' };
    const exhausted = blockedQuotas.find((quota) => quota.state === 'exhausted');
    const quota = exhausted ?? blockedQuotas[0]!;
    return {
      state: exhausted ? 'quota-exhausted' : 'quota-over-threshold',
      windowHours: quota.windowHours,
      ...(until !== undefined ? { until } : {}),
    };
  }
  if (tier.circuit.state === 'open') {
    // A snapshot taken before the wait ended still says "open"; past `retryAt` the router lets a probe through.
    if (breakerUntil === undefined || breakerUntil > now)
      return { state: 'breaker-open', ...(breakerUntil !== undefined ? { until: breakerUntil } : {}) };
    return { state: 'recovering' };
  }
  if (tier.circuit.state === 'half-open') return { state: 'recovering' };
  // The vendor's reset time has passed: the next request probes whether the quota is back.
  return vendorQuota ? { state: 'recovering' } : { state: 'ready' };
}

/** The health of a chain, given its tiers in failover order. */
export function deriveHealth(tiers: ReadonlyArray<TierStatus>, now: number): HealthSummary {
  const enabled = tiers.filter((tier) => tier.enabled);
  const availability = enabled.map((tier) => ({ tier, availability: tierAvailability(tier, now) }));
  const serving = availability.find((entry) => canTakeRequests(entry.availability));
  if (serving) {
    return {
      state: serving.tier === enabled[0] ? 'primary' : 'degraded',
      servingTier: serving.tier.name,
    };
  }
  const recoveries = availability
    .map((entry) => entry.availability.until)
    .filter((until): until is number => until !== undefined);
  return recoveries.length ? { state: 'down', nextRecoveryAt: Math.min(...recoveries) } : { state: 'down' };
}
