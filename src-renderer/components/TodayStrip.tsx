// Today's requests, errors, tokens and cost, at the top of the board (the same figures the tray shows).
import { useUsageSummary } from '../data/usage-query.ts';
import { usePlural, useFormats, useT } from '../stores/ui-store.ts';

export function TodayStrip() {
  const t = useT();
  const tn = usePlural();
  const f = useFormats();
  const query = useUsageSummary('24h');
  if (query.status !== 'ready') return null;
  const today = query.data.today;
  const cost = today.cost.filter((entry) => entry.amount > 0);
  return (
    <div className="today" data-testid="today">
      <span className="today-label">{t('today.label')}</span>
      <span>{tn('today.requests', today.requests)}</span>
      {today.errors > 0 && <span className="error-text">{tn('today.errors', today.errors)}</span>}
      <span>{t('today.tokens', { tokens: f.tokens(today.tokens) })}</span>
      <span data-testid="today-cost">
        {cost.length
          ? cost.map((entry) => f.money(entry.amount, entry.currency)).join(' + ')
          : t('today.noCost')}
      </span>
      {today.unpricedTokens > 0 && (
        <span className="muted" title={t('spend.unpricedHint')}>
          {t('today.unpriced', { tokens: f.tokens(today.unpricedTokens) })}
        </span>
      )}
    </div>
  );
}
