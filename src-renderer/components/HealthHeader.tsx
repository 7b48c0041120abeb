// The board's headline: can the proxy serve now, through which tier, and if not, when it tries again.
import type { TierStatus } from '../../src-shared/contract.ts';
import { type HealthSummary, tierAvailability } from '../../src-shared/health.ts';
import { useFormats, useT } from '../stores/ui-store.ts';
import { useAvailabilityText } from './availability-text.ts';

export function HealthHeader(props: { health: HealthSummary; tiers: TierStatus[]; now: number }) {
  const t = useT();
  const f = useFormats();
  const describe = useAvailabilityText();
  const { health, tiers, now } = props;
  const first = tiers.find((tier) => tier.enabled);
  let title: string;
  let detail: string | null = null;
  if (health.state === 'primary') {
    title = t('health.primary', { tier: health.servingTier ?? '' });
  } else if (health.state === 'degraded') {
    title = t('health.degraded', { tier: health.servingTier ?? '' });
    if (first)
      detail = t('health.firstBlocked', {
        tier: first.name,
        reason: describe(tierAvailability(first, now), now),
      });
  } else {
    title = t('health.down');
    detail =
      health.nextRecoveryAt !== undefined
        ? health.nextRecoveryAt > now
          ? t('health.nextRecovery', {
              time: f.countdown(health.nextRecoveryAt - now),
              clock: f.time(health.nextRecoveryAt),
            })
          : t('health.retryingNow')
        : first
          ? t('health.needsYou')
          : t('health.noTiers');
  }
  return (
    <div
      className={`health-header health-${health.state}`}
      role="status"
      data-testid="health-header"
      data-state={health.state}
    >
      <span className="health-icon" aria-hidden="true" />
      <div className="health-text">
        <strong>{title}</strong>
        {detail && (
          <span className="health-detail" data-testid="health-detail">
            {detail}
          </span>
        )}
      </div>
    </div>
  );
}
