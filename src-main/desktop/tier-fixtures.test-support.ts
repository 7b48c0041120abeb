// Builds `TierStatus` / `StatusResponse` snapshots in a given availability, for the tray and notification tests.
import { deriveHealth } from '../../src-shared/health.ts';
import type { StatusResponse, TierStatus } from '../../src-shared/contract.ts';

/** The states the fixtures can put a tier in (the shapes of TierStatus behind each availability). */
export type TierAvailability =
  | 'ready'
  | 'recovering'
  | 'breaker-open'
  | 'quota-blocked'
  | 'sign-in-needed'
  | 'disabled';

export const ALL_AVAILABILITIES: ReadonlyArray<TierAvailability> = [
  'ready',
  'recovering',
  'breaker-open',
  'quota-blocked',
  'sign-in-needed',
  'disabled',
];

export const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);

export function tierStatus(
  name: string,
  availability: TierAvailability = 'ready',
  retryAt = NOW + 240_000,
): TierStatus {
  const tier: TierStatus = {
    name,
    kind: 'anthropic-compatible',
    enabled: availability !== 'disabled',
    circuit: { state: 'closed', failures: 0, recoveryMs: 300_000 },
    quota: [],
  };
  if (availability === 'recovering') tier.circuit = { state: 'half-open', failures: 3, recoveryMs: 300_000 };
  if (availability === 'breaker-open')
    tier.circuit = { state: 'open', failures: 3, retryAt, recoveryMs: 300_000 };
  if (availability === 'quota-blocked') {
    tier.quota = [
      {
        windowHours: 5,
        usedTokens: 990,
        tokenBudget: 1000,
        percent: 99,
        thresholdPercent: 99,
        state: 'exhausted',
        nextProbeAt: retryAt,
      },
    ];
  }
  if (availability === 'sign-in-needed') tier.signInNeeded = 'GitHub token expired';
  return tier;
}

export function statusOf(tiers: TierStatus[], activeTier: string | null = null): StatusResponse {
  return {
    tiers,
    // The core derives it at the moment of the snapshot; the tests' clock is NOW.
    health: deriveHealth(tiers, NOW),
    activeTier,
    version: '0.1.0',
    baseUrl: 'http://127.0.0.1:8046',
  };
}
