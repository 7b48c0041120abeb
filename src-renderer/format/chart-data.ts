// Turns the contract's long-format usage points into the wide rows recharts stacks (one row per bucket,
// one column per vendor or model; tokens, or money in one currency), plus the headline figures of the Spend view.
import type { UsageSeriesPoint, UsageSummaryResponse } from '../../src-shared/contract.ts';
import { CURRENCY_SYMBOLS, type CurrencyCode } from '../../src-shared/format.ts';

export interface StackedRows {
  /** Series names, largest total first, so the biggest band sits at the bottom of each bar. */
  keys: string[];
  rows: Array<{ bucket: string } & Record<string, number | string>>;
}

export const tokensOf = (point: UsageSeriesPoint): number =>
  point.inputTokens + point.outputTokens + point.cacheCreationTokens + point.cacheReadTokens;

export function stackTokens(points: readonly UsageSeriesPoint[]): StackedRows {
  return stackBy(points, tokensOf);
}

/** Amount of one currency in a point; 0 when the point was priced in another currency or not at all. */
export function costIn(point: UsageSeriesPoint, currency: CurrencyCode): number {
  let amount = 0;
  for (const cost of point.cost) if (cost.currency === currency) amount += cost.amount;
  return amount;
}

/**
 * One stack per currency: amounts are never added across currencies. Every bucket of the range keeps its row
 * (so the cost charts line up with the token charts), but a series that spent nothing in this currency is left
 * out of it, or a CNY-priced vendor would sit as an empty legend entry on the USD chart.
 */
export function stackCost(points: readonly UsageSeriesPoint[], currency: CurrencyCode): StackedRows {
  const stacked = stackBy(points, (point) => costIn(point, currency));
  const spent = stacked.keys.filter((key) => stacked.rows.some((row) => row[key] !== 0));
  const dropped = stacked.keys.filter((key) => !spent.includes(key));
  for (const row of stacked.rows) for (const key of dropped) delete row[key];
  return { keys: spent, rows: stacked.rows };
}

/** The currencies the points spent money in, USD before CNY; one cost chart is drawn per entry. */
export function currenciesIn(points: readonly UsageSeriesPoint[]): CurrencyCode[] {
  const present = new Set<string>();
  for (const point of points)
    for (const cost of point.cost) if (cost.amount !== 0) present.add(cost.currency);
  return (Object.keys(CURRENCY_SYMBOLS) as CurrencyCode[]).filter((currency) => present.has(currency));
}

/**
 * Failovers per bucket, in time order. Each failed-over request is counted once, on the row of the tier that
 * finally served it, so summing the by-vendor points gives the bucket's count without double counting.
 */
export function failoversPerBucket(
  points: readonly UsageSeriesPoint[],
): Array<{ bucket: string; failovers: number }> {
  const perBucket = new Map<string, number>();
  for (const point of points)
    perBucket.set(point.bucket, (perBucket.get(point.bucket) ?? 0) + point.failovers);
  return [...perBucket.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([bucket, failovers]) => ({ bucket, failovers }));
}

function stackBy(
  points: readonly UsageSeriesPoint[],
  measure: (point: UsageSeriesPoint) => number,
): StackedRows {
  const totals = new Map<string, number>();
  const rows = new Map<string, { bucket: string } & Record<string, number | string>>();
  for (const point of points) {
    const value = measure(point);
    totals.set(point.key, (totals.get(point.key) ?? 0) + value);
    let row = rows.get(point.bucket);
    if (!row) {
      row = { bucket: point.bucket };
      rows.set(point.bucket, row);
    }
    const before = row[point.key];
    row[point.key] = (typeof before === 'number' ? before : 0) + value;
  }
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const sorted = [...rows.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
  // Missing series in a bucket are zeros, not gaps, so the stacks line up.
  for (const row of sorted) for (const key of keys) row[key] ??= 0;
  return { keys, rows: sorted };
}

/** Share of input-side tokens that were cache reads (0‥1), or null when nothing was read. */
export function cacheReadShare(totals: UsageSummaryResponse['totals']): number | null {
  const inputSide = totals.inputTokens + totals.cacheCreationTokens + totals.cacheReadTokens;
  return inputSide > 0 ? totals.cacheReadTokens / inputSide : null;
}

/** "HH" hour buckets read as "14:00"; day buckets as "11-26". */
export function bucketLabel(bucket: string): string {
  const hour = /T(\d{2})$/.exec(bucket);
  if (hour) return `${hour[1]}:00`;
  return bucket.length >= 10 ? bucket.slice(5, 10) : bucket;
}
