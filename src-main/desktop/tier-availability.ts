// What the tray says about the chain, read from the one health summary the core computes (`status.health`,
// src-shared/health.ts) and the per-tier availability the dashboard shows, so the tray icon, the board's header
// and the notifications never disagree.
import type { StatusResponse } from '../../src-shared/contract.ts';
import { type HealthState, type TierAvailabilityState, tierAvailability } from '../../src-shared/health.ts';

/** The three icon states: the first enabled tier serves, a later one serves, or nothing can serve. */
export type ChainHealth = HealthState;

export const AVAILABILITY_LABEL: Readonly<Record<TierAvailabilityState, string>> = {
  ready: 'ready',
  recovering: 'recovering',
  'breaker-open': 'breaker open',
  'quota-exhausted': 'quota reached',
  'quota-over-threshold': 'quota threshold reached',
  'sign-in-needed': 'sign-in needed',
  disabled: 'off',
};

export interface ChainPicture {
  health: ChainHealth;
  /** The first enabled tier: what "primary" means to the user. */
  primary: string | null;
  /** The tier the next request goes to, or null when every tier is blocked. */
  serving: string | null;
  /** When down: the soonest a tier may take requests again by itself (not sign-in). */
  earliestRecoveryAt?: number;
  /** Per tier in failover order: why it is passed over, and until when. */
  availability: Array<{ name: string; state: TierAvailabilityState; until?: number }>;
}

export function describeChain(status: Pick<StatusResponse, 'tiers' | 'health'>, now: number): ChainPicture {
  const picture: ChainPicture = {
    health: status.health.state,
    primary: status.tiers.find((tier) => tier.enabled)?.name ?? null,
    serving: status.health.servingTier ?? null,
    availability: status.tiers.map((tier) => {
      const { state, until } = tierAvailability(tier, now);
      return { name: tier.name, state, ...(until !== undefined ? { until } : {}) };
    }),
  };
  if (status.health.nextRecoveryAt !== undefined) picture.earliestRecoveryAt = status.health.nextRecoveryAt;
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
