// The ledger's read side in the shapes of the control contract: the Spend view's summary (here) and the request
// list, detail and export (request-reader.ts).
import type {
  TodayUsage,
  TrafficPoint,
  UsageSeriesPoint,
  UsageSummaryResponse,
} from '../../../src-shared/contract.ts';
import { addCost, type CostTotals } from '../../../src-shared/format.ts';
import type { UsageReader } from '../core-context.ts';
import type { Ledger } from './ledger-writer.ts';
import { hourBuckets, localDaysSpanned, type PeriodBucket, periodBuckets } from './period-buckets.ts';
import { createPricingTable, type PricingTable } from './pricing.ts';
import { createRequestReader, toCostArray } from './request-reader.ts';
import { queryTraffic } from './request-log-queries.ts';
import { createSessionReader } from './session-reader.ts';
import type { Db } from './usage-database.ts';
import { summarise, type PricedUsageRow } from './usage-report.ts';
import { queryCategories, queryFirstTimestamp, queryUsageInBuckets, type UsageRow } from './usage-queries.ts';

export interface UsageReaderOptions {
  /** Current prices (shipped + the config's `pricing:`); read on every call so config edits apply. */
  pricing?: () => PricingTable;
  /** Vendor name → kind, for pricing vendors whose name is not their kind. */
  vendorKind?: (vendor: string) => string | undefined;
  now?: () => number;
}

type Range = UsageSummaryResponse['range'];

const tokensOf = (row: UsageRow): number =>
  row.inputTokens + row.outputTokens + row.cacheCreationTokens + row.cacheReadTokens;

function fold<T extends PricedUsageRow>(
  rows: ReadonlyArray<T>,
  keyOf: (row: T) => string,
): UsageSeriesPoint[] {
  const points = new Map<string, UsageSeriesPoint & { totals: CostTotals }>();
  for (const row of rows) {
    const key = keyOf(row);
    const id = `${row.date}\u0000${key}`;
    let point = points.get(id);
    if (!point) {
      point = {
        bucket: row.date,
        key,
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        failovers: 0,
        failedAttempts: 0,
        cost: [],
        totals: {},
      };
      points.set(id, point);
    }
    point.requests += row.requests;
    point.inputTokens += row.inputTokens;
    point.outputTokens += row.outputTokens;
    point.cacheCreationTokens += row.cacheCreationTokens;
    point.cacheReadTokens += row.cacheReadTokens;
    point.failovers += row.failovers;
    point.failedAttempts += row.failedAttempts;
    if (row.cost && !row.cost.included) addCost(point.totals, row.cost);
  }
  return [...points.values()]
    .map(({ totals, ...point }) => ({ ...point, cost: toCostArray(totals) }))
    .sort((a, b) => (a.bucket === b.bucket ? a.key.localeCompare(b.key) : a.bucket < b.bucket ? -1 : 1));
}

/** Tokens without a price, per vendor, largest first (zero-token rows, e.g. failed attempts, are not "missing"). */
function unpricedByVendor(rows: ReadonlyArray<PricedUsageRow>): Array<{ vendor: string; tokens: number }> {
  const byVendor = new Map<string, number>();
  for (const row of rows) {
    if (row.cost !== null) continue;
    const tokens = tokensOf(row);
    if (tokens > 0) byVendor.set(row.vendor, (byVendor.get(row.vendor) ?? 0) + tokens);
  }
  return [...byVendor.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([vendor, tokens]) => ({ vendor, tokens }));
}

function fillTraffic(keys: ReadonlyArray<string>, rows: ReturnType<typeof queryTraffic>): TrafficPoint[] {
  const byKey = new Map(rows.map((row) => [row.date, row]));
  return keys.map((bucket) => {
    const row = byKey.get(bucket);
    return {
      bucket,
      requests: row?.requests ?? 0,
      errors: row?.errors ?? 0,
      aborted: row?.aborted ?? 0,
      noTier: row?.no_tier ?? 0,
    };
  });
}

export function createLedgerUsageReader(ledger: Ledger, options: UsageReaderOptions = {}): UsageReader {
  const now = options.now ?? Date.now;
  const defaultPricing = createPricingTable();
  const pricing = options.pricing ?? (() => defaultPricing);
  const price = <T extends UsageRow>(table: PricingTable, rows: T[]): Array<T & PricedUsageRow> =>
    rows.map((row) => ({
      ...row,
      cost: table.cost(row.vendor, row.modelServed, row, options.vendorKind?.(row.vendor)),
    }));

  const buckets = (range: Range, first: string | null, at: number): PeriodBucket[] => {
    if (range === '24h') return hourBuckets(24, at);
    if (range === '7d') return periodBuckets('day', 7, at);
    if (range === '30d') return periodBuckets('day', 30, at);
    return first ? periodBuckets('day', localDaysSpanned(Date.parse(first), at), at) : [];
  };

  const todayOf = (db: Db, table: PricingTable, at: number): TodayUsage => {
    const today = periodBuckets('day', 1, at);
    const priced = price(table, queryUsageInBuckets(db, today));
    const total = summarise(priced);
    const traffic = queryTraffic(db, today)[0];
    return {
      requests: traffic?.requests ?? 0,
      errors: traffic?.errors ?? 0,
      tokens: priced.reduce((sum, row) => sum + tokensOf(row), 0),
      cost: toCostArray(total.cost),
      unpricedTokens: unpricedByVendor(priced).reduce((sum, entry) => sum + entry.tokens, 0),
    };
  };

  const emptyToday: TodayUsage = { requests: 0, errors: 0, tokens: 0, cost: [], unpricedTokens: 0 };

  return {
    sessions: createSessionReader(ledger, now),
    summary(range) {
      const at = now();
      const table = pricing();
      const read = ledger.read(
        (db) => {
          const list = buckets(range, range === 'all' ? queryFirstTimestamp(db) : null, at);
          return {
            list,
            // Grouped by client category too (read from the covering index), so the split costs no extra pass.
            rows: queryUsageInBuckets(db, list),
            traffic: queryTraffic(db, list),
            categories: queryCategories(db, list),
            today: todayOf(db, table, at),
          };
        },
        { list: [], rows: [], traffic: [], categories: [], today: emptyToday },
      );
      const priced = price(table, read.rows);
      const total = summarise(priced);
      const keys = read.list.map((bucket) => bucket.key);
      const traffic = fillTraffic(keys, read.traffic);
      return {
        range,
        buckets: keys,
        byVendor: fold(priced, (row) => row.vendor),
        byModel: fold(priced, (row) => row.modelServed),
        // Worth drawing only when there is something to split.
        byCategory: read.categories.length > 1 ? fold(priced, (row) => row.clientCategory) : [],
        categories: read.categories,
        traffic,
        unpriced: unpricedByVendor(priced),
        today: read.today,
        totals: {
          requests: traffic.reduce((sum, point) => sum + point.requests, 0),
          errors: traffic.reduce((sum, point) => sum + point.errors, 0),
          inputTokens: total.inputTokens,
          outputTokens: total.outputTokens,
          cacheCreationTokens: total.cacheCreationTokens,
          cacheReadTokens: total.cacheReadTokens,
          failovers: total.failovers,
          avgDurationMs: total.avgDurationMs,
          avgTtfbMs: total.avgTtfbMs,
          cost: toCostArray(total.cost),
        },
      };
    },
    ...createRequestReader(ledger, {
      pricing,
      ...(options.vendorKind ? { vendorKind: options.vendorKind } : {}),
      now,
    }),
  };
}
