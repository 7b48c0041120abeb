import type { RequestOutcome, RequestQuery, RequestView } from '../../src-shared/contract.ts';

export type RequestPeriod = 'all' | '1h' | '24h' | '7d' | '30d';

export interface RequestFilter {
  vendor: string | null;
  model: string | null;
  outcome: RequestOutcome | null;
  period: RequestPeriod;
  /** Only one Claude Code session's requests (the Sessions view's detail). */
  sessionKey?: string;
}

export const NO_FILTER: RequestFilter = { vendor: null, model: null, outcome: null, period: 'all' };

const PERIOD_MS: Record<Exclude<RequestPeriod, 'all'>, number> = {
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

/** The contract's query for a filter: unset fields are left out (the command's schema is strict). */
export function requestQuery(filter: RequestFilter, now: number): RequestQuery {
  return {
    ...(filter.vendor ? { vendor: filter.vendor } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.period !== 'all' ? { since: now - PERIOD_MS[filter.period] } : {}),
    ...(filter.sessionKey ? { sessionKey: filter.sessionKey } : {}),
  };
}

/**
 * A refreshed first page merged with everything shown before it (the previous first page and the older pages
 * the user loaded). When the new first page shares no request with what was shown, more requests arrived than a
 * page holds and the old list would follow a gap: it is dropped. A request in both shows once, newest state.
 */
export function mergePages(
  first: readonly RequestView[],
  shown: readonly RequestView[],
): { requests: RequestView[]; keptOlder: boolean } {
  const firstKeys = new Set(first.map((request) => request.requestKey));
  if (shown.length > 0 && !shown.some((request) => firstKeys.has(request.requestKey)))
    return { requests: [...first], keptOlder: false };
  return {
    requests: [...first, ...shown.filter((request) => !firstKeys.has(request.requestKey))],
    keptOlder: true,
  };
}
