import type { UsageRange, UsageSeriesPoint, UsageSummaryResponse } from '../../src-shared/contract.ts';
import { QueryStatus } from '../components/QueryStatus.tsx';
import { type Series, StackedChart } from '../components/StackedChart.tsx';
import { useUsageSummary } from '../data/usage-query.ts';
import {
  assignColors,
  cacheReadShare,
  currenciesIn,
  failoversPerBucket,
  type StackedRows,
  stackCost,
  stackTokens,
  trafficRows,
} from '../format/chart-data.ts';
import type { MessageKey } from '../i18n/strings.ts';
import type { SpendMetric } from '../stores/ui-prefs.ts';
import { useTiers } from '../stores/tiers-store.ts';
import { useFormats, useT, useUi } from '../stores/ui-store.ts';

const RANGES: ReadonlyArray<UsageRange['range']> = ['24h', '7d', '30d', 'all'];
const METRICS: ReadonlyArray<SpendMetric> = ['tokens', 'cost'];

function Stat(props: { label: string; value: string; note?: string; testId: string; tone?: 'bad' }) {
  return (
    <div className="stat" data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className={`stat-value${props.tone === 'bad' ? ' error-text' : ''}`}>{props.value}</div>
      {props.note && <div className="stat-note">{props.note}</div>}
    </div>
  );
}

const seriesOf = (
  stacked: StackedRows,
  colors: Map<string, string>,
  label?: (key: string) => string,
): Series[] =>
  stacked.keys.map((key) => ({
    key,
    color: colors.get(key) ?? 'var(--accent)',
    ...(label ? { label: label(key) } : {}),
  }));

function UsageCharts(props: {
  summary: UsageSummaryResponse;
  metric: SpendMetric;
  points: UsageSeriesPoint[];
  colors: Map<string, string>;
  tokensTitle: MessageKey;
  costTitle: MessageKey;
  testId: string;
  /** The series' names when their keys are not for people (client categories). */
  label?: (key: string) => string;
}) {
  const t = useT();
  const f = useFormats();
  const { summary, points, colors } = props;
  if (props.metric === 'tokens') {
    const stacked = stackTokens(summary.buckets, points);
    return (
      <StackedChart
        testId={props.testId}
        title={t(props.tokensTitle)}
        rows={stacked.rows}
        series={seriesOf(stacked, colors, props.label)}
        format={(value) => f.tokens(value)}
        integer
      />
    );
  }
  const currencies = currenciesIn(points);
  if (currencies.length === 0)
    return (
      <div className="panel chart-panel" data-testid={`${props.testId}-cost-none`}>
        <h3>{t(props.costTitle)}</h3>
        <p className="muted">{t('spend.noCost')}</p>
      </div>
    );
  return currencies.map((currency) => {
    const stacked = stackCost(summary.buckets, points, currency);
    return (
      <StackedChart
        key={currency}
        testId={`${props.testId}-cost-${currency}`}
        title={`${t(props.costTitle)} · ${currency}`}
        rows={stacked.rows}
        series={seriesOf(stacked, colors, props.label)}
        format={(value, decimals) => f.money(value, currency, decimals)}
      />
    );
  });
}

function Summary(props: { summary: UsageSummaryResponse; metric: SpendMetric; range: UsageRange['range'] }) {
  const t = useT();
  const f = useFormats();
  const tiers = useTiers((state) => state.order);
  const { summary, metric, range } = props;
  const { totals } = summary;
  const share = cacheReadShare(totals);
  const cost = totals.cost.filter((entry) => entry.amount !== 0);
  const unpricedTokens = summary.unpriced.reduce((sum, entry) => sum + entry.tokens, 0);
  // One colour per vendor for every chart and legend; configured tiers first so they keep theirs.
  const vendorColors = assignColors([...tiers, ...summary.byVendor.map((point) => point.key)]);
  const modelColors = assignColors(summary.byModel.map((point) => point.key));
  const categoryColors = assignColors(summary.categories);
  const perHour = range === '24h';
  return (
    <>
      <div className="stats">
        <Stat testId="stat-requests" label={t('spend.requests')} value={f.count(totals.requests)} />
        <Stat
          testId="stat-errors"
          label={t('spend.errors')}
          value={f.count(totals.errors)}
          {...(totals.requests > 0
            ? { note: t('spend.errorRate', { rate: f.percent(totals.errors / totals.requests) }) }
            : {})}
          {...(totals.errors > 0 ? { tone: 'bad' as const } : {})}
        />
        <Stat
          testId="stat-tokens"
          label={t('spend.tokens')}
          value={f.tokens(
            totals.inputTokens + totals.outputTokens + totals.cacheCreationTokens + totals.cacheReadTokens,
          )}
        />
        <Stat
          testId="stat-cost"
          label={t('spend.cost')}
          value={cost.length ? cost.map((entry) => f.money(entry.amount, entry.currency)).join(' + ') : '-'}
          {...(unpricedTokens > 0 ? { note: t('today.unpriced', { tokens: f.tokens(unpricedTokens) }) } : {})}
        />
        <Stat
          testId="stat-cache"
          label={t('spend.cacheRead')}
          value={share === null ? '-' : f.percent(share)}
        />
        <Stat testId="stat-failovers" label={t('spend.failovers')} value={f.count(totals.failovers)} />
        <Stat testId="stat-latency" label={t('spend.latency')} value={f.duration(totals.avgDurationMs)} />
        <Stat testId="stat-ttfb" label={t('spend.ttfb')} value={f.duration(totals.avgTtfbMs)} />
      </div>
      {unpricedTokens > 0 && (
        <p className="warn-note" data-testid="unpriced-note">
          {t('spend.unpriced', {
            tokens: f.tokens(unpricedTokens),
            vendors: summary.unpriced.map((entry) => entry.vendor).join(', '),
          })}
        </p>
      )}
      {totals.requests === 0 ? (
        <p className="muted" data-testid="spend-empty">
          {t('spend.empty')}
        </p>
      ) : (
        <>
          <UsageCharts
            summary={summary}
            metric={metric}
            points={summary.byVendor}
            colors={vendorColors}
            tokensTitle="spend.byVendor"
            costTitle="spend.costByVendor"
            testId="chart-by-vendor"
          />
          <UsageCharts
            summary={summary}
            metric={metric}
            points={summary.byModel}
            colors={modelColors}
            tokensTitle="spend.byModel"
            costTitle="spend.costByModel"
            testId="chart-by-model"
          />
          {summary.categories.length > 1 && (
            <UsageCharts
              summary={summary}
              metric={metric}
              points={summary.byCategory}
              colors={categoryColors}
              tokensTitle="spend.byCategory"
              costTitle="spend.costByCategory"
              testId="chart-by-category"
              label={(key) => (key === 'api' ? t('client.api') : key === 'cc' ? t('client.cc') : key)}
            />
          )}
          <StackedChart
            testId="chart-traffic"
            title={t(perHour ? 'spend.trafficPerHour' : 'spend.trafficPerDay')}
            rows={trafficRows(summary.traffic)}
            series={[
              { key: 'served', label: t('spend.served'), color: 'var(--ok)' },
              { key: 'errors', label: t('spend.errors'), color: 'var(--bad)' },
              { key: 'aborted', label: t('spend.aborted'), color: 'var(--muted)' },
            ]}
            format={(value) => f.count(value)}
            integer
            small
          />
          <StackedChart
            testId="chart-failovers"
            title={t(perHour ? 'spend.failoversPerHour' : 'spend.failoversPerDay')}
            rows={failoversPerBucket(summary.buckets, summary.byVendor)}
            series={[{ key: 'failovers', label: t('spend.failovers'), color: 'var(--warn)' }]}
            format={(value) => f.count(value)}
            integer
            small
            legend={false}
          />
        </>
      )}
    </>
  );
}

export function SpendView() {
  const t = useT();
  const range = useUi((state) => state.spendRange);
  const setRange = useUi((state) => state.setSpendRange);
  const metric = useUi((state) => state.spendMetric);
  const setMetric = useUi((state) => state.setSpendMetric);
  const query = useUsageSummary(range);
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
      <QueryStatus query={query} errorTitle={t('spend.unavailable')}>
        {(summary) => <Summary summary={summary} metric={metric} range={range} />}
      </QueryStatus>
    </section>
  );
}
