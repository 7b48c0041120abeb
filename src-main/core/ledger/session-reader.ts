// The ledger's read side for the Sessions view and `coding-proxy session list` (issue 15).
import type { ClientCategoryTotals, RequestView } from '../../../src-shared/contract.ts';
import type { Ledger } from './ledger-writer.ts';
import { queryRecentRequests, type RecentRequest } from './request-timeline.ts';
import { queryClientCategories, querySessions, type SessionRow } from './session-queries.ts';

export interface SessionReader {
  list(options: { hours: number; limit: number }): SessionRow[];
  categories(hours: number): ClientCategoryTotals[];
  requests(sessionKey: string, limit: number): RequestView[];
}

/** `toView` is the request list's own conversion (usage-reader.ts), so both views read the same. */
export function createSessionReader(
  ledger: Ledger,
  now: () => number,
  toView: (request: RecentRequest) => RequestView,
): SessionReader {
  const since = (hours: number) => new Date(now() - hours * 3_600_000).toISOString();
  return {
    list: ({ hours, limit }) => ledger.read((db) => querySessions(db, { since: since(hours), limit }), []),
    categories: (hours) => ledger.read((db) => queryClientCategories(db, since(hours)), []),
    requests: (sessionKey, limit) =>
      ledger.read((db) => queryRecentRequests(db, { limit, sessionKey }), []).map(toView),
  };
}
