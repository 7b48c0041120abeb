// A usage report = the usage rows for a period, each priced, plus per-vendor subtotals, a total and the
// failover transitions of the same period. The `usage` CLI renders it; the dashboard can show the same data.
import { addCost, type CostTotals } from '../../../src-shared/format.ts';
import { periodBuckets, type UsagePeriod } from './period-buckets.ts';
import type { Cost, PricingTable } from './pricing.ts';
import type { Db } from './usage-database.ts';
import { type FailoverCount, queryFailovers, queryUsage, type UsageRow } from './usage-queries.ts';

export interface PricedUsageRow extends UsageRow {
  /** null when no price is known for the served model. */
  cost: Cost | null;
}

export interface UsageSummary {
  requests: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  failovers: number;
  /** Request-weighted average over the summarised rows. */
  avgDurationMs: number | null;
  avgTtfbMs: number | null;
  cost: CostTotals;
  /** Rows whose model has no price (their cost is missing from `cost`). */
  unpricedRows: number;
  /** Rows covered by a subscription (cost 0, not missing). */
  includedRows: number;
}

export interface UsageReport {
  period: UsagePeriod;
  count: number;
  /** First instant covered (ISO), null for `total`. */
  since: string | null;
  /** End of the covered range (ISO, exclusive), null for `total`. */
  until: string | null;
  rows: PricedUsageRow[];
  vendorSubtotals: Array<UsageSummary & { vendor: string }>;
  total: UsageSummary;
  failovers: FailoverCount[];
}

export interface UsageReportOptions {
  period: UsagePeriod;
  count: number;
  vendors?: ReadonlyArray<string>;
  models?: ReadonlyArray<string>;
  now: number;
  pricing: PricingTable;
  /** Vendor name → kind, from the config when one is loaded (helps pricing named vendors). */
  vendorKinds?: Readonly<Record<string, string>>;
}

export function summarise(rows: ReadonlyArray<PricedUsageRow>): UsageSummary {
  const summary: UsageSummary = {
    requests: 0,
    failedAttempts: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    failovers: 0,
    avgDurationMs: null,
    avgTtfbMs: null,
    cost: {},
    unpricedRows: 0,
    includedRows: 0,
  };
  let durationWeight = 0;
  let durationSum = 0;
  let ttfbWeight = 0;
  let ttfbSum = 0;
  for (const row of rows) {
    summary.requests += row.requests;
    summary.failedAttempts += row.failedAttempts;
    summary.inputTokens += row.inputTokens;
    summary.outputTokens += row.outputTokens;
    summary.cacheCreationTokens += row.cacheCreationTokens;
    summary.cacheReadTokens += row.cacheReadTokens;
    summary.failovers += row.failovers;
    if (row.avgDurationMs !== null && row.requests > 0) {
      durationSum += row.avgDurationMs * row.requests;
      durationWeight += row.requests;
    }
    if (row.avgTtfbMs !== null && row.requests > 0) {
      ttfbSum += row.avgTtfbMs * row.requests;
      ttfbWeight += row.requests;
    }
    if (row.cost === null) summary.unpricedRows++;
    else if (row.cost.included) summary.includedRows++;
    else addCost(summary.cost, row.cost);
  }
  summary.avgDurationMs = durationWeight ? Math.round(durationSum / durationWeight) : null;
  summary.avgTtfbMs = ttfbWeight ? Math.round(ttfbSum / ttfbWeight) : null;
  return summary;
}

export function buildUsageReport(db: Db, options: UsageReportOptions): UsageReport {
  const buckets = periodBuckets(options.period, options.count, options.now);
  const since = buckets[0]?.start ?? null;
  const until = buckets[buckets.length - 1]?.end ?? null;
  const rows = queryUsage(db, options).map(
    (row): PricedUsageRow => ({
      ...row,
      cost: options.pricing.cost(row.vendor, row.modelServed, row, options.vendorKinds?.[row.vendor]),
    }),
  );
  const vendors = [...new Set(rows.map((row) => row.vendor))].sort();
  const vendorSubtotals = vendors.map((vendor) => ({
    vendor,
    ...summarise(rows.filter((row) => row.vendor === vendor)),
  }));
  const failovers = queryFailovers(db, { since: since ?? undefined, vendors: options.vendors });
  return {
    period: options.period,
    count: options.period === 'total' ? 1 : Math.max(1, Math.floor(options.count)),
    since,
    until,
    rows,
    vendorSubtotals,
    total: summarise(rows),
    failovers,
  };
}
