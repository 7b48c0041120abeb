import type { QuotaStatus } from '../../src-shared/contract.ts';
import { useFormats, useT } from '../stores/ui-store.ts';

export function QuotaBar(props: { quota: QuotaStatus; now: number }) {
  const t = useT();
  const f = useFormats();
  const { quota, now } = props;
  const percent = Math.max(0, Math.min(100, quota.percent));
  return (
    <div className={`quota quota-${quota.state}`}>
      <div className="quota-head">
        <span>{t('tiers.quotaWindow', { hours: quota.windowHours })}</span>
        <span className="quota-figures">
          {f.tokens(quota.usedTokens)} / {f.tokens(quota.tokenBudget)} · {f.percent(quota.percent / 100)}
        </span>
      </div>
      <div
        className="quota-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
      >
        <div className="quota-fill" style={{ width: `${percent}%` }} />
        <div className="quota-threshold" style={{ left: `${quota.thresholdPercent}%` }} />
      </div>
      <div className="quota-foot">
        <span>{t(`quota.${quota.state}`)}</span>
        {quota.resetAt !== undefined && (
          <span title={f.dateTime(quota.resetAt)}>
            {t('tiers.quotaResets', {
              time:
                quota.resetAt - now < 3_600_000
                  ? f.countdown(quota.resetAt - now)
                  : f.clock(quota.resetAt, now),
            })}
          </span>
        )}
      </div>
    </div>
  );
}
