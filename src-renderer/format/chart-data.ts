// Turns the contract's long-format usage points into the wide rows recharts stacks: one row for EVERY bucket of
// the range (empty hours and days included, so the time axis is continuous), one column per vendor or model
// that has something to show (all-zero series are left out of the chart and its legend), plus nice axis ticks
// and one stable colour per name.
import type { TrafficPoint, UsageSeriesPoint, UsageSummaryResponse } from '../../src-shared/contract.ts';
import { CURRENCY_SYMBOLS, type CurrencyCode } from '../../src-shared/format.ts';

export type ChartRow = { bucket: string } & Record<string, number | string>;

export interface StackedRows {
  /** Series names, largest total first, so the biggest band sits at the bottom of each bar. */
  keys: string[];
  rows: ChartRow[];
}

export const tokensOf = (point: UsageSeriesPoint): number =>
  point.inputTokens + point.outputTokens + point.cacheCreationTokens + point.cacheReadTokens;

/** Amount of one currency in a point; 0 when the point was priced in another currency or not at all. */
export function costIn(point: UsageSeriesPoint, currency: CurrencyCode): number {
  let amount = 0;
  for (const cost of point.cost) if (cost.currency === currency) amount += cost.amount;
  return amount;
}

export function stackBy(
  buckets: readonly string[],
  points: readonly UsageSeriesPoint[],
  measure: (point: UsageSeriesPoint) => number,
): StackedRows {
  const totals = new Map<string, number>();
  const values = new Map<string, Map<string, number>>();
  for (const point of points) {
    const value = measure(point);
    totals.set(point.key, (totals.get(point.key) ?? 0) + value);
    const row = values.get(point.bucket) ?? new Map<string, number>();
    row.set(point.key, (row.get(point.key) ?? 0) + value);
    values.set(point.bucket, row);
  }
  const keys = [...totals.entries()]
    .filter(([, total]) => total !== 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  // Buckets the server did not list (should not happen) still get their row, in time order.
  const allBuckets = [...new Set([...buckets, ...values.keys()])].sort();
  const rows = allBuckets.map((bucket) => {
    const row: ChartRow = { bucket };
    for (const key of keys) row[key] = values.get(bucket)?.get(key) ?? 0;
    return row;
  });
  return { keys, rows };
}

export function stackTokens(buckets: readonly string[], points: readonly UsageSeriesPoint[]): StackedRows {
  return stackBy(buckets, points, tokensOf);
}

/** One stack per currency: amounts are never added across currencies. */
export function stackCost(
  buckets: readonly string[],
  points: readonly UsageSeriesPoint[],
  currency: CurrencyCode,
): StackedRows {
  return stackBy(buckets, points, (point) => costIn(point, currency));
}

/** The currencies the points spent money in, USD before CNY; one cost chart is drawn per entry. */
export function currenciesIn(points: readonly UsageSeriesPoint[]): CurrencyCode[] {
  const present = new Set<string>();
  for (const point of points)
    for (const cost of point.cost) if (cost.amount !== 0) present.add(cost.currency);
  return (Object.keys(CURRENCY_SYMBOLS) as CurrencyCode[]).filter((currency) => present.has(currency));
}

/** Served, failed and abandoned requests per bucket, for the stacked traffic chart. */
export function trafficRows(traffic: readonly TrafficPoint[]): ChartRow[] {
  return traffic.map((point) => ({
    bucket: point.bucket,
    served: point.requests - point.errors - point.aborted,
    errors: point.errors,
    aborted: point.aborted,
  }));
}

/** Failovers per bucket: each failed-over request counts once, on the row of the tier that served it. */
export function failoversPerBucket(
  buckets: readonly string[],
  points: readonly UsageSeriesPoint[],
): ChartRow[] {
  const perBucket = new Map<string, number>();
  for (const point of points)
    perBucket.set(point.bucket, (perBucket.get(point.bucket) ?? 0) + point.failovers);
  return buckets.map((bucket) => ({ bucket, failovers: perBucket.get(bucket) ?? 0 }));
}

/** Share of input-side tokens that were cache reads (0‥1), or null when nothing was read. */
export function cacheReadShare(totals: UsageSummaryResponse['totals']): number | null {
  const inputSide = totals.inputTokens + totals.cacheCreationTokens + totals.cacheReadTokens;
  return inputSide > 0 ? totals.cacheReadTokens / inputSide : null;
}

export interface NiceScale {
  ticks: number[];
  /** Top of the axis: the last tick. */
  max: number;
  /** Decimals that tell every tick apart (0 for whole steps). */
  decimals: number;
}

/**
 * Axis ticks at round steps (1, 2, 2.5 or 5 × 10ⁿ) from 0 to at least `max`, so every label is different:
 * the default ticks of an axis over $0.023 read "$0.02, $0.02, $0.01" once rounded to cents.
 */
export function niceScale(max: number, { count = 4, integer = false } = {}): NiceScale {
  if (!(max > 0)) return { ticks: [0, 1], max: 1, decimals: 0 };
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const factor = [1, 2, 2.5, 5, 10].find((candidate) => candidate >= residual - 1e-9) ?? 10;
  let step = factor * magnitude;
  if (integer) step = Math.max(1, Math.ceil(step));
  const decimals = integer ? 0 : Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (factor === 2.5 ? 1 : 0));
  const steps = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toFixed(decimals + 2)));
  return { ticks, max: ticks[ticks.length - 1] ?? step, decimals };
}

/**
 * Distinct colours that read on both themes (Tableau 10: chosen to be told apart, also by most colour-blind
 * readers); assigned to names by `assignColors`.
 */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

function hashOf(name: string): number {
  // FNV-1a: tiny and well spread for short names.
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * One colour per name, the same in every chart and legend: each name starts at the slot its hash picks, and
 * moves to the next free slot on a collision, names taken in sorted order. A name keeps its colour as long as
 * the set of names is the same, whatever order the charts list them in.
 */
export function assignColors(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort();
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const name of sorted) {
    let slot = hashOf(name) % PALETTE.length;
    for (let probe = 0; probe < PALETTE.length && taken.has(slot); probe++)
      slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    colors.set(name, PALETTE[slot] ?? PALETTE[0]!);
  }
  return colors;
}
