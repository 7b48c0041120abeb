// The ledger's read side for the Sessions view and `coding-proxy session list` (issue 15). A session's requests
// are the request log's, filtered by session (request-reader.ts), so both views show a request the same way.
import type { ClientCategoryTotals } from '../../../src-shared/contract.ts';
import type { Ledger } from './ledger-writer.ts';
import { queryClientCategories, querySessions, type SessionRow } from './session-queries.ts';

export interface SessionReader {
  list(options: { hours: number; limit: number }): SessionRow[];
  categories(hours: number): ClientCategoryTotals[];
}

export function createSessionReader(ledger: Ledger, now: () => number): SessionReader {
  const since = (hours: number) => new Date(now() - hours * 3_600_000).toISOString();
  return {
    list: ({ hours, limit }) => ledger.read((db) => querySessions(db, { since: since(hours), limit }), []),
    categories: (hours) => ledger.read((db) => queryClientCategories(db, since(hours)), []),
  };
}
