// The ledger's read side in the shapes of the control contract (dashboard charts, totals, request list).
import type { RequestView, UsageSeriesPoint, UsageSummaryResponse } from '../../../src-shared/contract.ts';
import { addCost, type CostTotals, costList } from '../../../src-shared/format.ts';
import type { UsageReader } from '../core-context.ts';
import type { Ledger } from './ledger-writer.ts';
import { hourBuckets, localDaysSpanned, type PeriodBucket, periodBuckets } from './period-buckets.ts';
import { createPricingTable, type PricingTable } from './pricing.ts';
import { queryRecentRequests, type RecentRequest } from './request-timeline.ts';
import { createSessionReader } from './session-reader.ts';
import { summarise, type PricedUsageRow } from './usage-report.ts';
import { queryFirstTimestamp, queryUsageInBuckets } from './usage-queries.ts';

export interface UsageReaderOptions {
  /** Current prices (shipped + the config's `pricing:`); read on every call so config edits apply. */
  pricing?: () => PricingTable;
  /** Vendor name → kind, for pricing vendors whose name is not their kind. */
  vendorKind?: (vendor: string) => string | undefined;
  now?: () => number;
}

type Range = UsageSummaryResponse['range'];

const toCostArray = (totals: CostTotals): Array<{ amount: number; currency: string }> =>
  costList(totals).map(({ amount, currency }) => ({ amount: Math.round(amount * 1e6) / 1e6, currency }));

function fold(
  rows: ReadonlyArray<PricedUsageRow>,
  keyOf: (row: PricedUsageRow) => string,
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
    if (row.cost && !row.cost.included) addCost(point.totals, row.cost);
  }
  return [...points.values()]
    .map(({ totals, ...point }) => ({ ...point, cost: toCostArray(totals) }))
    .sort((a, b) => (a.bucket === b.bucket ? a.key.localeCompare(b.key) : a.bucket < b.bucket ? -1 : 1));
}

function toRequestView(request: RecentRequest): RequestView {
  const sum = (pick: (attempt: RecentRequest['attempts'][number]) => number): number =>
    request.attempts.reduce((total, attempt) => total + pick(attempt), 0);
  return {
    requestKey: request.requestKey,
    ts: request.endedAt,
    modelRequested: request.modelRequested,
    stream: request.stream,
    success: request.success,
    servedBy: request.servedBy,
    inputTokens: sum((attempt) => attempt.inputTokens),
    outputTokens: sum((attempt) => attempt.outputTokens),
    cacheReadTokens: sum((attempt) => attempt.cacheReadTokens),
    cacheCreationTokens: sum((attempt) => attempt.cacheCreationTokens),
    durationMs: request.durationMs,
    attempts: request.attempts.map((attempt) => ({
      vendor: attempt.vendor,
      attempt: attempt.attempt,
      success: attempt.success,
      status: attempt.status,
      errorClass: attempt.errorClass,
      errorMessage: attempt.errorMessage,
      durationMs: attempt.durationMs,
      ttfbMs: attempt.ttfbMs,
      modelServed: attempt.modelServed,
    })),
    skipped: request.attempts.flatMap((attempt) => attempt.skipped),
  };
}

export function createLedgerUsageReader(ledger: Ledger, options: UsageReaderOptions = {}): UsageReader {
  const now = options.now ?? Date.now;
  const defaultPricing = createPricingTable();
  const pricing = options.pricing ?? (() => defaultPricing);

  const buckets = (range: Range, first: string | null, at: number): PeriodBucket[] => {
    if (range === '24h') return hourBuckets(24, at);
    if (range === '7d') return periodBuckets('day', 7, at);
    if (range === '30d') return periodBuckets('day', 30, at);
    return first ? periodBuckets('day', localDaysSpanned(Date.parse(first), at), at) : [];
  };

  return {
    sessions: createSessionReader(ledger, now, toRequestView),
    summary(range) {
      const at = now();
      const table = pricing();
      const rows = ledger.read((db) => {
        const first = range === 'all' ? queryFirstTimestamp(db) : null;
        return queryUsageInBuckets(db, buckets(range, first, at));
      }, []);
      const priced: PricedUsageRow[] = rows.map((row) => ({
        ...row,
        cost: table.cost(row.vendor, row.modelServed, row, options.vendorKind?.(row.vendor)),
      }));
      const total = summarise(priced);
      return {
        range,
        byVendor: fold(priced, (row) => row.vendor),
        byModel: fold(priced, (row) => row.modelServed),
        totals: {
          requests: total.requests,
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
    recent(query) {
      const requests = ledger.read(
        (db) =>
          queryRecentRequests(db, {
            limit: query.limit ?? 50,
            ...(query.vendor !== undefined ? { vendor: query.vendor } : {}),
            ...(query.onlyFailovers !== undefined ? { onlyFailovers: query.onlyFailovers } : {}),
          }),
        [],
      );
      return requests.map(toRequestView);
    },
  };
}
