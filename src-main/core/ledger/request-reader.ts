// Client requests as the dashboard shows them: request_log rows with their attempts, priced, in the contract's
// `RequestView` shape; paged newest first, filtered, one by key, or as CSV.
import type { RequestPage, RequestQuery, RequestView } from '../../../src-shared/contract.ts';
import { addCost, type CostTotals, costList } from '../../../src-shared/format.ts';
import type { UsageReader } from '../core-context.ts';
import type { Ledger } from './ledger-writer.ts';
import type { PricingTable } from './pricing.ts';
import { requestsCsv } from './request-csv.ts';
import {
  countRequestLog,
  queryFacets,
  queryRequestByKey,
  queryRequestLog,
  type RequestCursor,
  type RequestLogFilter,
  type RequestLogRow,
} from './request-log-queries.ts';
import { type AttemptSummary, buildTimeline, parseSkipped, queryAttempts } from './request-timeline.ts';

export interface RequestReaderOptions {
  pricing: () => PricingTable;
  vendorKind?: (vendor: string) => string | undefined;
  now: () => number;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;
export const MAX_EXPORT = 10_000;
const FACET_DAYS = 30;

/** Money per currency, rounded to a millionth (beyond any price's precision), USD first. */
export const toCostArray = (totals: CostTotals): Array<{ amount: number; currency: string }> =>
  costList(totals).map(({ amount, currency }) => ({ amount: Math.round(amount * 1e6) / 1e6, currency }));

export type RequestReader = Pick<UsageReader, 'recent' | 'requests' | 'request' | 'exportCsv' | 'facets'>;

/** Opaque to clients; `ts|id` of the last row of the page. */
export function encodeCursor(cursor: RequestCursor): string {
  return `${cursor.ts}|${cursor.id}`;
}

export function decodeCursor(text: string): RequestCursor {
  const bar = text.lastIndexOf('|');
  const id = Number(text.slice(bar + 1));
  const ts = text.slice(0, bar);
  if (bar < 0 || !Number.isInteger(id) || Number.isNaN(Date.parse(ts)))
    throw new RangeError(`not a request cursor: "${text}"`);
  return { ts, id };
}

function filterOf(query: RequestQuery): RequestLogFilter {
  const filter: RequestLogFilter = {};
  if (query.vendor) filter.vendor = query.vendor;
  if (query.model) filter.model = query.model;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.status !== undefined) filter.status = query.status;
  if (query.since !== undefined) filter.since = new Date(query.since).toISOString();
  if (query.until !== undefined) filter.until = new Date(query.until).toISOString();
  if (query.sessionKey !== undefined) filter.sessionKey = query.sessionKey;
  return filter;
}

/**
 * The status the client got. Rows from before it was kept: a request no tier tried always got the router's
 * 503 ("no tier is available"), a served one a 200; otherwise it is unknown.
 */
function clientStatus(row: RequestLogRow): number | null {
  if (row.status !== null) return row.status;
  if (row.success === 1) return 200;
  if (row.attempts === 0 && row.ended === 1) return 503;
  return null;
}

export function toRequestView(
  row: RequestLogRow,
  attempts: ReadonlyArray<AttemptSummary>,
  price: (attempt: AttemptSummary) => ReturnType<PricingTable['cost']>,
): RequestView {
  const sum = (pick: (attempt: AttemptSummary) => number): number =>
    attempts.reduce((total, attempt) => total + pick(attempt), 0);
  const cost: CostTotals = {};
  let unpricedTokens = 0;
  for (const attempt of attempts) {
    const tokens =
      attempt.inputTokens + attempt.outputTokens + attempt.cacheCreationTokens + attempt.cacheReadTokens;
    if (tokens === 0) continue;
    const priced = price(attempt);
    if (priced === null) unpricedTokens += tokens;
    else if (!priced.included) addCost(cost, priced);
  }
  const { timeline, skipped } = buildTimeline(attempts, parseSkipped(row.skipped_json));
  return {
    requestKey: row.request_key,
    ts: row.ts,
    startedAt: row.started_at,
    modelRequested: row.model_requested,
    modelServed: row.model_served,
    stream: row.stream === 1,
    success: row.success === 1,
    status: clientStatus(row),
    errorType: row.error_type,
    errorMessage: row.error_message,
    servedBy: row.served_by,
    failedOver: row.failed_over === 1,
    sessionKey: row.session_key,
    clientCategory: row.client_category,
    inputTokens: sum((attempt) => attempt.inputTokens),
    outputTokens: sum((attempt) => attempt.outputTokens),
    cacheReadTokens: sum((attempt) => attempt.cacheReadTokens),
    cacheCreationTokens: sum((attempt) => attempt.cacheCreationTokens),
    cost: Object.keys(cost).length ? toCostArray(cost) : [],
    unpricedTokens,
    durationMs: row.duration_ms,
    ttfbMs: row.ttfb_ms,
    attempts: attempts.map((attempt) => ({
      vendor: attempt.vendor,
      attempt: attempt.attempt,
      success: attempt.success,
      status: attempt.status,
      errorClass: attempt.errorClass,
      errorMessage: attempt.errorMessage,
      durationMs: attempt.durationMs,
      ttfbMs: attempt.ttfbMs,
      modelServed: attempt.modelServed,
      inputTokens: attempt.inputTokens,
      outputTokens: attempt.outputTokens,
      cacheCreationTokens: attempt.cacheCreationTokens,
      cacheReadTokens: attempt.cacheReadTokens,
    })),
    skipped,
    timeline,
  };
}

const clampLimit = (limit: number | undefined, fallback: number, max: number): number =>
  Math.max(1, Math.min(max, Math.floor(limit ?? fallback)));

export function createRequestReader(ledger: Ledger, options: RequestReaderOptions): RequestReader {
  const views = (rows: RequestLogRow[]): RequestView[] => {
    if (rows.length === 0) return [];
    const table = options.pricing();
    const price = (attempt: AttemptSummary) =>
      table.cost(attempt.vendor, attempt.modelServed, attempt, options.vendorKind?.(attempt.vendor));
    const attempts = ledger.read(
      (db) =>
        queryAttempts(
          db,
          rows.map((row) => row.request_key),
        ),
      new Map(),
    );
    return rows.map((row) => toRequestView(row, attempts.get(row.request_key) ?? [], price));
  };

  const page = (query: RequestQuery & { limit?: number; cursor?: string }): RequestPage => {
    const filter = filterOf(query);
    const limit = clampLimit(query.limit, DEFAULT_PAGE, MAX_PAGE);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const empty = { rows: [] as RequestLogRow[], next: null, total: 0, capped: false };
    const found = ledger.read(
      (db) => ({ ...queryRequestLog(db, filter, limit, cursor), ...countRequestLog(db, filter) }),
      empty,
    );
    return {
      requests: views(found.rows),
      nextCursor: found.next ? encodeCursor(found.next) : null,
      total: found.total,
      totalCapped: found.capped,
    };
  };

  return {
    requests: page,
    recent(query) {
      return page({
        limit: query.limit ?? 50,
        ...(query.vendor !== undefined ? { vendor: query.vendor } : {}),
        ...(query.onlyFailovers ? { outcome: 'failover' as const } : {}),
      }).requests;
    },
    request(requestKey) {
      const row = ledger.read((db) => queryRequestByKey(db, requestKey), undefined);
      return row ? views([row])[0] : undefined;
    },
    exportCsv(query) {
      const limit = clampLimit(query.limit, MAX_EXPORT, MAX_EXPORT);
      const found = ledger.read((db) => queryRequestLog(db, filterOf(query), limit), {
        rows: [],
        next: null,
      });
      const requests = views(found.rows);
      return { csv: requestsCsv(requests), rows: requests.length, truncated: found.next !== null };
    },
    facets() {
      const since = new Date(options.now() - FACET_DAYS * 24 * 60 * 60 * 1000).toISOString();
      return ledger.read((db) => queryFacets(db, since), { vendors: [], models: [] });
    },
  };
}
