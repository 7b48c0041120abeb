import type { QuotaStatus } from '../../src-shared/contract.ts';
import { useFormats, useT } from '../stores/ui-store.ts';

/**
 * One quota window of a tier. `exhausted` only ever comes from the vendor (a usage-cap answer), never from the tokens
 * counted here: then the bar is full and the head says who exhausted it and until when the tier waits, instead of a
 * percentage of our own count that may read "0 %".
 */
export function QuotaBar(props: { quota: QuotaStatus; vendor: string; now: number }) {
  const t = useT();
  const f = useFormats();
  const { quota, now } = props;
  const byVendor = quota.state === 'exhausted';
  const percent = byVendor ? 100 : Math.max(0, Math.min(100, quota.percent));
  const counted =
    quota.tokenBudget > 0
      ? `${f.tokens(quota.usedTokens)} / ${f.tokens(quota.tokenBudget)}`
      : t('quota.usedOnly', { used: f.tokens(quota.usedTokens) });
  const until = quota.nextProbeAt !== undefined && quota.nextProbeAt > now ? quota.nextProbeAt : undefined;
  let figures = quota.tokenBudget > 0 ? `${counted} · ${f.percent(quota.percent / 100)}` : counted;
  if (byVendor)
    figures =
      until === undefined
        ? t('quota.exhaustedBy', { vendor: props.vendor })
        : t('quota.exhaustedByUntil', { vendor: props.vendor, clock: f.clock(until, now) });
  return (
    <div className={`quota quota-${quota.state}`} data-testid={`quota-${props.vendor}-${quota.windowHours}h`}>
      <div className="quota-head">
        <span>{t('tiers.quotaWindow', { hours: quota.windowHours })}</span>
        <span className="quota-figures" data-testid="quota-figures">
          {figures}
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
        {quota.tokenBudget > 0 && (
          <div className="quota-threshold" style={{ left: `${quota.thresholdPercent}%` }} />
        )}
      </div>
      <div className="quota-foot">
        <span>
          {byVendor
            ? quota.tokenBudget > 0
              ? t('quota.counted', { used: f.tokens(quota.usedTokens), budget: f.tokens(quota.tokenBudget) })
              : counted
            : t(`quota.${quota.state}`)}
        </span>
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
