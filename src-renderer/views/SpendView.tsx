import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageRange, UsageSeriesPoint } from '../../src-shared/contract.ts';
import {
  CURRENCY_SYMBOLS,
  type CurrencyCode,
  formatCostTotals,
  formatCount,
  formatDuration,
  formatMoney,
  formatTokens,
} from '../../src-shared/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { MessageKey } from '../i18n/strings.ts';
import {
  bucketLabel,
  cacheReadShare,
  currenciesIn,
  failoversPerBucket,
  type StackedRows,
  stackCost,
  stackTokens,
} from '../format/chart-data.ts';
import type { SpendMetric } from '../stores/ui-prefs.ts';
import { useT, useUi } from '../stores/ui-store.ts';
import { followUsage, useUsage } from '../stores/usage-store.ts';

const RANGES: ReadonlyArray<UsageRange['range']> = ['24h', '7d', '30d', 'all'];
const METRICS: ReadonlyArray<SpendMetric> = ['tokens', 'cost'];
const PALETTE = ['#3b6ef5', '#1f9d55', '#c27c0e', '#d83a3a', '#8b5cf6', '#0ea5e9', '#db2777', '#65a30d'];
const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: 8 };
// The default hover band is a fixed light grey that glares on the dark theme.
const TOOLTIP_CURSOR = { fill: 'var(--panel-2)' };

type Translate = ReturnType<typeof useT>;

function Stat(props: { label: string; value: string; testId: string }) {
  return (
    <div className="stat" data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
    </div>
  );
}

function StackedChart(props: {
  title: string;
  stacked: StackedRows;
  format: (value: number) => string;
  testId: string;
}) {
  const { keys, rows } = props.stacked;
  return (
    <div className="panel chart-panel" data-testid={props.testId}>
      <h3>{props.title}</h3>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={bucketLabel} stroke="var(--muted)" fontSize={12} />
            <YAxis
              tickFormatter={(value: number) => props.format(value)}
              stroke="var(--muted)"
              fontSize={12}
              width={64}
            />
            <Tooltip
              formatter={(value) => props.format(Number(value))}
              labelFormatter={(label) => bucketLabel(String(label))}
              contentStyle={TOOLTIP_STYLE}
              cursor={TOOLTIP_CURSOR}
            />
            <Legend />
            {keys.map((key, index) => (
              <Bar
                key={key}
                dataKey={key}
                stackId="stack"
                maxBarSize={56}
                fill={PALETTE[index % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

/** One chart per currency the range spent money in: dollars and yuan are never stacked together. */
function CostCharts(props: {
  points: UsageSeriesPoint[];
  titleKey: MessageKey;
  testId: string;
  t: Translate;
}) {
  const currencies = currenciesIn(props.points);
  if (currencies.length === 0)
    return (
      <div className="panel chart-panel" data-testid={`${props.testId}-none`}>
        <h3>{props.t(props.titleKey)}</h3>
        <p className="muted">{props.t('spend.noCost')}</p>
      </div>
    );
  return currencies.map((currency: CurrencyCode) => (
    <StackedChart
      key={currency}
      testId={`${props.testId}-${currency}`}
      title={`${props.t(props.titleKey)} · ${currency} ${CURRENCY_SYMBOLS[currency]}`}
      stacked={stackCost(props.points, currency)}
      format={(value) => formatMoney(value, currency)}
    />
  ));
}

function FailoverChart(props: { title: string; points: UsageSeriesPoint[] }) {
  return (
    <div className="panel chart-panel" data-testid="chart-failovers">
      <h3>{props.title}</h3>
      <div className="chart-box compact">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={failoversPerBucket(props.points)} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={bucketLabel} stroke="var(--muted)" fontSize={12} />
            <YAxis
              allowDecimals={false}
              tickCount={3}
              tickFormatter={(value: number) => formatCount(value)}
              stroke="var(--muted)"
              fontSize={12}
              width={64}
            />
            <Tooltip
              formatter={(value) => formatCount(Number(value))}
              labelFormatter={(label) => bucketLabel(String(label))}
              contentStyle={TOOLTIP_STYLE}
              cursor={TOOLTIP_CURSOR}
            />
            <Bar
              dataKey="failovers"
              name={props.title}
              maxBarSize={56}
              fill="var(--warn)"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

export function SpendView() {
  const t = useT();
  const { range, summary, error, setRange, load } = useUsage();
  const metric = useUi((state) => state.spendMetric);
  const setMetric = useUi((state) => state.setSpendMetric);
  useEffect(() => followUsage(), []);
  const totals = summary?.totals;
  const share = totals ? cacheReadShare(totals) : null;
  const costs: Partial<Record<CurrencyCode, number>> = {};
  for (const cost of totals?.cost ?? [])
    if (cost.currency === 'USD' || cost.currency === 'CNY') costs[cost.currency] = cost.amount;

  return (
    <section className="view">
      <header className="view-head">
        <h2>{t('spend.heading')}</h2>
        <div className="spend-controls">
          <fieldset className="segmented" aria-label={t('spend.metric')}>
            {METRICS.map((candidate) => (
              <button
                key={candidate}
                type="button"
                className={candidate === metric ? 'active' : ''}
                aria-pressed={candidate === metric}
                data-testid={`metric-${candidate}`}
                onClick={() => setMetric(candidate)}
              >
                {t(`spend.metric.${candidate}`)}
              </button>
            ))}
          </fieldset>
          <fieldset className="segmented" aria-label="range">
            {RANGES.map((candidate) => (
              <button
                key={candidate}
                type="button"
                className={candidate === range ? 'active' : ''}
                aria-pressed={candidate === range}
                data-testid={`range-${candidate}`}
                onClick={() => setRange(candidate)}
              >
                {t(`spend.range.${candidate}`)}
              </button>
            ))}
          </fieldset>
        </div>
      </header>
      {error && <ErrorNote title={t('spend.unavailable')} message={error} onRetry={() => void load()} />}
      {totals && summary && (
        <>
          <div className="stats">
            <Stat testId="stat-requests" label={t('spend.requests')} value={formatCount(totals.requests)} />
            <Stat
              testId="stat-tokens"
              label={t('spend.tokens')}
              value={formatTokens(
                totals.inputTokens +
                  totals.outputTokens +
                  totals.cacheCreationTokens +
                  totals.cacheReadTokens,
              )}
            />
            <Stat testId="stat-cost" label={t('spend.cost')} value={formatCostTotals(costs)} />
            <Stat
              testId="stat-cache"
              label={t('spend.cacheRead')}
              value={share === null ? '-' : `${Math.round(share * 100)}%`}
            />
            <Stat
              testId="stat-failovers"
              label={t('spend.failovers')}
              value={formatCount(totals.failovers)}
            />
            <Stat
              testId="stat-latency"
              label={t('spend.latency')}
              value={formatDuration(totals.avgDurationMs)}
            />
            <Stat testId="stat-ttfb" label={t('spend.ttfb')} value={formatDuration(totals.avgTtfbMs)} />
          </div>
          {totals.requests === 0 ? (
            <p className="muted">{t('spend.empty')}</p>
          ) : (
            <>
              {metric === 'tokens' ? (
                <>
                  <StackedChart
                    testId="chart-by-vendor"
                    title={t('spend.byVendor')}
                    stacked={stackTokens(summary.byVendor)}
                    format={formatTokens}
                  />
                  <StackedChart
                    testId="chart-by-model"
                    title={t('spend.byModel')}
                    stacked={stackTokens(summary.byModel)}
                    format={formatTokens}
                  />
                </>
              ) : (
                <>
                  <CostCharts
                    testId="chart-cost-by-vendor"
                    titleKey="spend.costByVendor"
                    points={summary.byVendor}
                    t={t}
                  />
                  <CostCharts
                    testId="chart-cost-by-model"
                    titleKey="spend.costByModel"
                    points={summary.byModel}
                    t={t}
                  />
                </>
              )}
              <FailoverChart
                title={t(range === '24h' ? 'spend.failoversPerHour' : 'spend.failoversPerDay')}
                points={summary.byVendor}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
