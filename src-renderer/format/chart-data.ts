// Turns the contract's long-format usage points into the wide rows recharts stacks (one row per bucket,
// one column per vendor or model), plus the headline figures of the Spend view.
import type { UsageSeriesPoint, UsageSummaryResponse } from '../../src-shared/contract.ts';

export interface StackedRows {
  /** Series names, largest total first, so the biggest band sits at the bottom of each bar. */
  keys: string[];
  rows: Array<{ bucket: string } & Record<string, number | string>>;
}

export const tokensOf = (point: UsageSeriesPoint): number =>
  point.inputTokens + point.outputTokens + point.cacheCreationTokens + point.cacheReadTokens;

export function stackTokens(points: readonly UsageSeriesPoint[]): StackedRows {
  const totals = new Map<string, number>();
  const rows = new Map<string, { bucket: string } & Record<string, number | string>>();
  for (const point of points) {
    const tokens = tokensOf(point);
    totals.set(point.key, (totals.get(point.key) ?? 0) + tokens);
    let row = rows.get(point.bucket);
    if (!row) {
      row = { bucket: point.bucket };
      rows.set(point.bucket, row);
    }
    const before = row[point.key];
    row[point.key] = (typeof before === 'number' ? before : 0) + tokens;
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
