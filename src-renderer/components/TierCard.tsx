import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { TierStatus } from '../../src-shared/contract.ts';
import { formatCountdown, formatClock } from '../format/countdown.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useT } from '../stores/ui-store.ts';
import { QuotaBar } from './QuotaBar.tsx';

export function TierCard(props: { tier: TierStatus; position: number; serving: boolean; now: number }) {
  const t = useT();
  const { tier, position, serving, now } = props;
  const setEnabled = useTiers((state) => state.setEnabled);
  const resetTier = useTiers((state) => state.resetTier);
  const sortable = useSortable({ id: tier.name });
  const { circuit } = tier;
  const style = {
    transform: CSS.Transform.toString(sortable.transform),
    transition: sortable.transition,
  };
  const classes = ['tier-card', `circuit-${circuit.state}`];
  if (serving) classes.push('serving');
  if (!tier.enabled) classes.push('disabled');
  if (sortable.isDragging) classes.push('dragging');
  return (
    <li
      ref={sortable.setNodeRef}
      style={style}
      className={classes.join(' ')}
      data-testid={`tier-card-${tier.name}`}
      data-circuit={circuit.state}
      data-position={position}
    >
      <div className="tier-head">
        <button
          type="button"
          className="drag-handle"
          aria-label={t('tiers.dragHandle', { name: tier.name })}
          data-testid={`drag-${tier.name}`}
          {...sortable.attributes}
          {...sortable.listeners}
        >
          <span aria-hidden="true">⋮⋮</span>
        </button>
        <span className="tier-position">{t('tiers.position', { n: position })}</span>
        <div className="tier-title">
          <h3>{tier.name}</h3>
          <span className="tier-kind">{tier.kind}</span>
        </div>
        {serving && <span className="pill pill-serving">{t('tiers.serving')}</span>}
        <label className="switch" title={tier.enabled ? t('tiers.enabled') : t('tiers.disabled')}>
          <input
            type="checkbox"
            role="switch"
            aria-checked={tier.enabled}
            checked={tier.enabled}
            aria-label={`${tier.name}: ${tier.enabled ? t('tiers.enabled') : t('tiers.disabled')}`}
            onChange={(event) => void setEnabled(tier.name, event.target.checked)}
          />
          <span className="switch-track" aria-hidden="true" />
        </label>
      </div>

      <div className="tier-state">
        <span className={`badge badge-${circuit.state}`} data-testid={`circuit-${tier.name}`}>
          {t(`circuit.${circuit.state}`)}
        </span>
        {circuit.failures > 0 && (
          <span className="muted">{t('tiers.failures', { n: circuit.failures })}</span>
        )}
        {circuit.state === 'open' && circuit.retryAt !== undefined && (
          <span className="countdown" data-testid={`countdown-${tier.name}`}>
            {circuit.retryAt > now
              ? t('tiers.backIn', { time: formatCountdown(circuit.retryAt - now) })
              : t('tiers.probing')}
          </span>
        )}
        <button
          type="button"
          className="button small ghost push-right"
          data-testid={`reset-${tier.name}`}
          onClick={() => void resetTier(tier.name)}
        >
          {t('tiers.reset')}
        </button>
      </div>

      {tier.signInNeeded && (
        <div className="tier-alert">
          <strong>{t('tiers.signIn')}</strong> {tier.signInNeeded}
        </div>
      )}

      <div className="tier-quotas">
        {tier.quota.length === 0 ? (
          <span className="muted small">{t('tiers.noQuota')}</span>
        ) : (
          tier.quota.map((quota) => <QuotaBar key={quota.windowHours} quota={quota} now={now} />)
        )}
      </div>

      {tier.lastError && (
        <div className="tier-error" title={tier.lastError.message}>
          <span className="muted">
            {t('tiers.lastError')} · {formatClock(tier.lastError.at, now)}
          </span>
          <span className="tier-error-message">{tier.lastError.message}</span>
        </div>
      )}
    </li>
  );
}
