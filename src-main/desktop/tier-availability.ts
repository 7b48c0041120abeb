// What the tray and the notifications say about the chain, derived from the same `TierStatus` snapshots the
// dashboard shows. Mirrors the order of checks in `Tier.admit()` so the tray never claims a tier is serving
// when the router would skip it.
import type { StatusResponse, TierStatus } from '../../src-shared/contract.ts';

export type TierAvailability =
  | 'ready'
  | 'recovering'
  | 'breaker-open'
  | 'quota-blocked'
  | 'sign-in-needed'
  | 'disabled';

/** The three icon states: the first enabled tier serves, a later one serves, or nothing can serve. */
export type ChainHealth = 'primary' | 'degraded' | 'down';

export function tierAvailability(tier: TierStatus): TierAvailability {
  if (!tier.enabled) return 'disabled';
  if (tier.signInNeeded) return 'sign-in-needed';
  // Any guard that is not `ok` blocks the tier (only an occasional probe passes), as in QuotaGuard.wouldPass.
  if (tier.quota.some((quota) => quota.state !== 'ok')) return 'quota-blocked';
  if (tier.circuit.state === 'open') return 'breaker-open';
  if (tier.circuit.state === 'half-open') return 'recovering';
  return 'ready';
}

export function canServe(availability: TierAvailability): boolean {
  return availability === 'ready' || availability === 'recovering';
}

export const AVAILABILITY_LABEL: Readonly<Record<TierAvailability, string>> = {
  ready: 'ready',
  recovering: 'recovering',
  'breaker-open': 'breaker open',
  'quota-blocked': 'quota reached',
  'sign-in-needed': 'sign-in needed',
  disabled: 'off',
};

/** When a blocked tier may take requests again, if the snapshot says. */
export function tierRecoveryAt(tier: TierStatus): number | undefined {
  const times: number[] = [];
  if (tier.circuit.state === 'open' && tier.circuit.retryAt !== undefined) times.push(tier.circuit.retryAt);
  for (const quota of tier.quota) {
    if (quota.state === 'ok') continue;
    const at = quota.nextProbeAt ?? quota.resetAt;
    if (at !== undefined) times.push(at);
  }
  return times.length ? Math.max(...times) : undefined;
}

export interface ChainPicture {
  health: ChainHealth;
  /** The first enabled tier: what "primary" means to the user. */
  primary: string | null;
  /** The tier the next request goes to, or null when every tier is blocked. */
  serving: string | null;
  /** Across blocked enabled tiers that can recover by themselves (not sign-in), the soonest. */
  earliestRecoveryAt?: number;
  availability: Array<{ name: string; availability: TierAvailability }>;
}

export function describeChain(tiers: StatusResponse['tiers']): ChainPicture {
  const availability = tiers.map((tier) => ({ name: tier.name, availability: tierAvailability(tier) }));
  const primary = availability.find((tier) => tier.availability !== 'disabled') ?? null;
  const serving = availability.find((tier) => canServe(tier.availability)) ?? null;
  let health: ChainHealth = 'down';
  if (serving) {
    health = serving === primary && serving.availability === 'ready' ? 'primary' : 'degraded';
  }
  const picture: ChainPicture = {
    health,
    primary: primary?.name ?? null,
    serving: serving?.name ?? null,
    availability,
  };
  const recoveries = tiers
    .filter((tier) => tier.enabled && !tier.signInNeeded)
    .map(tierRecoveryAt)
    .filter((at): at is number => at !== undefined);
  if (!serving && recoveries.length) picture.earliestRecoveryAt = Math.min(...recoveries);
  return picture;
}

/** "in 45 s", "in 4 min", "in 2 h 5 min"; relative so it needs no time zone and reads the same everywhere. */
export function formatRecoveryIn(at: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `in ${hours} h ${rest} min` : `in ${hours} h`;
}
