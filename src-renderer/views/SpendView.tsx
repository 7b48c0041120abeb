import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageRange, UsageSeriesPoint } from '../../src-shared/contract.ts';
import {
  type CurrencyCode,
  formatCostTotals,
  formatCount,
  formatDuration,
  formatTokens,
} from '../../src-shared/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { bucketLabel, cacheReadShare, stackTokens } from '../format/chart-data.ts';
import { followUsage, useUsage } from '../stores/usage-store.ts';
import { useT } from '../stores/ui-store.ts';

const RANGES: ReadonlyArray<UsageRange['range']> = ['24h', '7d', '30d', 'all'];
const PALETTE = ['#3b6ef5', '#1f9d55', '#c27c0e', '#d83a3a', '#8b5cf6', '#0ea5e9', '#db2777', '#65a30d'];

function Stat(props: { label: string; value: string; testId: string }) {
  return (
    <div className="stat" data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
    </div>
  );
}

function TokenChart(props: { title: string; points: UsageSeriesPoint[]; testId: string }) {
  const { keys, rows } = stackTokens(props.points);
  return (
    <div className="panel chart-panel" data-testid={props.testId}>
      <h3>{props.title}</h3>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={bucketLabel} stroke="var(--muted)" fontSize={12} />
            <YAxis
              tickFormatter={(value: number) => formatTokens(value)}
              stroke="var(--muted)"
              fontSize={12}
              width={56}
            />
            <Tooltip
              formatter={(value) => formatTokens(Number(value))}
              labelFormatter={(label) => bucketLabel(String(label))}
              contentStyle={{
                background: 'var(--panel)',
                border: '1px solid var(--border)',
                borderRadius: 8,
              }}
            />
            <Legend />
            {keys.map((key, index) => (
              <Bar
                key={key}
                dataKey={key}
                stackId="tokens"
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

export function SpendView() {
  const t = useT();
  const { range, summary, error, setRange, load } = useUsage();
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
              <TokenChart testId="chart-by-vendor" title={t('spend.byVendor')} points={summary.byVendor} />
              <TokenChart testId="chart-by-model" title={t('spend.byModel')} points={summary.byModel} />
            </>
          )}
        </>
      )}
    </section>
  );
}
