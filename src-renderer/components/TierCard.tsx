import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { TierStatus } from '../../src-shared/contract.ts';
import { canTakeRequests, tierAvailability } from '../../src-shared/health.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useFormats, usePlural, useT } from '../stores/ui-store.ts';
import { useAvailabilityText } from './availability-text.ts';
import { QuotaBar } from './QuotaBar.tsx';
import { SignInAlert } from './SignInAlert.tsx';

export interface TierCardProps {
  tier: TierStatus;
  position: number;
  /** The health summary's serving tier: where the next request goes (not who served last). */
  serving: boolean;
  now: number;
  onSignIn(tier: TierStatus): void;
  onEditVendor(tier: TierStatus): void;
  /** What the core told the user about this vendor (`vendor-notice`), e.g. a mapped model that is not offered. */
  notices?: readonly string[];
  /** The account of the tier's stored sign-in (GitHub login, Google email), when known. */
  account?: string | undefined;
}

export function TierCard(props: TierCardProps) {
  const t = useT();
  const tn = usePlural();
  const f = useFormats();
  const describe = useAvailabilityText();
  const { tier, position, serving, now } = props;
  const setEnabled = useTiers((state) => state.setEnabled);
  const resetTier = useTiers((state) => state.resetTier);
  const sortable = useSortable({ id: tier.name });
  const availability = tierAvailability(tier, now);
  const blocked = !canTakeRequests(availability);
  const style = {
    transform: CSS.Transform.toString(sortable.transform),
    transition: sortable.transition,
  };
  const classes = ['tier-card', `avail-${availability.state}`];
  if (serving) classes.push('serving');
  if (sortable.isDragging) classes.push('dragging');
  return (
    <li
      ref={sortable.setNodeRef}
      style={style}
      className={classes.join(' ')}
      data-testid={`tier-card-${tier.name}`}
      data-circuit={tier.circuit.state}
      data-availability={availability.state}
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
        {serving && (
          <span className="pill pill-serving" data-testid={`serving-${tier.name}`}>
            {t('tiers.servingNext')}
          </span>
        )}
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
        <span
          className={`badge ${blocked ? 'badge-blocked' : `badge-${availability.state}`}`}
          data-testid={`availability-${tier.name}`}
        >
          {describe(availability, now)}
        </span>
        {tier.circuit.failures > 0 && (
          <span className="muted small">{tn('tiers.failures', tier.circuit.failures)}</span>
        )}
        {props.account && availability.state !== 'sign-in-needed' && (
          <span
            className="muted small"
            style={{ overflowWrap: 'anywhere' }}
            data-testid={`tier-account-${tier.name}`}
          >
            {t('account.signedInAs', { account: props.account })}
          </span>
        )}
        <span className="muted small" data-testid={`circuit-${tier.name}`}>
          {t('tiers.breaker', { state: t(`circuit.${tier.circuit.state}`) })}
        </span>
        <button
          type="button"
          className="button small ghost push-right"
          data-testid={`reset-${tier.name}`}
          onClick={() => void resetTier(tier.name)}
        >
          {t('tiers.reset')}
        </button>
      </div>

      {availability.state === 'sign-in-needed' && (
        <SignInAlert
          tier={tier}
          message={availability.message}
          onSignIn={() => props.onSignIn(tier)}
          onEditVendor={() => props.onEditVendor(tier)}
        />
      )}

      {props.notices?.map((notice) => (
        <div key={notice} className="tier-alert tier-notice" data-testid={`tier-notice-${tier.name}`}>
          <span className="tier-alert-text">{notice}</span>
          <button type="button" className="button small" onClick={() => props.onEditVendor(tier)}>
            {t('vform.openVendor')}
          </button>
        </div>
      ))}

      {tier.quota.length > 0 && (
        <div className="tier-quotas">
          {tier.quota.map((quota) => (
            <QuotaBar key={quota.windowHours} quota={quota} vendor={tier.name} now={now} />
          ))}
        </div>
      )}

      {tier.lastError && (
        <div className="tier-error" title={tier.lastError.message}>
          <span className="muted">
            {t('tiers.lastError')} · {f.clock(tier.lastError.at, now)}
          </span>
          <span className="tier-error-message">{tier.lastError.message}</span>
        </div>
      )}
    </li>
  );
}
