import { deriveHealth, type HealthSummary } from '../../src-shared/health.ts';
import type { TierStatus } from '../../src-shared/contract.ts';
import { orderedTiers } from '../stores/tiers-reducer.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useNow } from './use-now.ts';

/** Something on screen counts down: a breaker waiting, a quota window, a probe. */
export function hasCountdown(tiers: readonly TierStatus[]): boolean {
  return tiers.some(
    (tier) => tier.circuit.state !== 'closed' || tier.quota.some((quota) => quota.state !== 'ok'),
  );
}

/**
 * The chain's health from the pushed tier statuses, recomputed every second while a wait is running (a breaker
 * whose time is up turns "recovering" on screen without waiting for the next event).
 */
export function useHealth(): { health: HealthSummary; tiers: TierStatus[]; now: number; loaded: boolean } {
  const state = useTiers();
  const tiers = orderedTiers(state);
  const now = useNow(hasCountdown(tiers));
  return { health: deriveHealth(tiers, now), tiers, now, loaded: state.loaded };
}
