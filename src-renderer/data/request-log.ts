// The request list: the newest page refreshed live through the query layer, older pages loaded on demand by
// cursor and kept below it (see mergePages), one filter for the view (kept while the user looks elsewhere).
import { useCallback, useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { RequestPage, RequestView } from '../../src-shared/contract.ts';
import { mergePages, NO_FILTER, type RequestFilter, requestQuery } from '../stores/request-filter.ts';
import { transport } from '../transport/current-transport.ts';
import { useQuery } from './query.ts';

export const PAGE_SIZE = 100;

interface FilterStore {
  filter: RequestFilter;
  setFilter(change: Partial<RequestFilter>): void;
}

export const useRequestFilter = create<FilterStore>((set, get) => ({
  filter: NO_FILTER,
  setFilter: (change) => set({ filter: { ...get().filter, ...change } }),
}));

export interface RequestLog {
  status: 'loading' | 'error' | 'ready';
  error: string | null;
  requests: RequestView[];
  total: number;
  totalCapped: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loadMore(): void;
  reload(): void;
}

export function useRequestLog(filter: RequestFilter): RequestLog {
  const key = `listRequests:${JSON.stringify(filter)}`;
  const first = useQuery<RequestPage>(
    key,
    () => transport().call('listRequests', { ...requestQuery(filter, Date.now()), limit: PAGE_SIZE }),
    { refreshOn: (event) => event.type === 'request-finished' },
  );
  const [extra, setExtra] = useState<{ key: string; requests: RequestView[]; cursor: string | null }>({
    key,
    requests: [],
    cursor: null,
  });
  const [more, setMore] = useState<{ loading: boolean; error: string | null }>({
    loading: false,
    error: null,
  });
  const shownFirst = useRef<RequestView[]>([]);
  const page = first.status === 'ready' ? first.data : null;
  const current = extra.key === key ? extra : { key, requests: [], cursor: null };

  useEffect(() => {
    if (!page) return;
    const previous = shownFirst.current;
    shownFirst.current = page.requests;
    setExtra((state) => {
      if (state.key !== key || state.requests.length === 0) return state;
      const merged = mergePages(page.requests, [...previous, ...state.requests]);
      if (!merged.keptOlder) return { key, requests: [], cursor: null };
      return { key, requests: merged.requests.slice(page.requests.length), cursor: state.cursor };
    });
  }, [page, key]);

  const cursor = current.requests.length ? current.cursor : (page?.nextCursor ?? null);
  const loadMore = useCallback(() => {
    if (!cursor || more.loading) return;
    setMore({ loading: true, error: null });
    transport()
      .call('listRequests', { ...requestQuery(filter, Date.now()), limit: PAGE_SIZE, cursor })
      .then(
        (older) => {
          setExtra((state) => {
            const base = state.key === key ? state.requests : [];
            const seen = new Set(base.map((request) => request.requestKey));
            return {
              key,
              requests: [...base, ...older.requests.filter((request) => !seen.has(request.requestKey))],
              cursor: older.nextCursor,
            };
          });
          setMore({ loading: false, error: null });
        },
        (error: unknown) => setMore({ loading: false, error: (error as Error).message }),
      );
  }, [cursor, more.loading, filter, key]);

  const firstKeys = new Set(page?.requests.map((request) => request.requestKey) ?? []);
  return {
    status: first.status,
    error:
      first.status === 'error' ? first.error : first.status === 'ready' ? (first.staleError ?? null) : null,
    requests: page
      ? [...page.requests, ...current.requests.filter((request) => !firstKeys.has(request.requestKey))]
      : [],
    total: page?.total ?? 0,
    totalCapped: page?.totalCapped ?? false,
    hasMore: cursor !== null,
    loadingMore: more.loading,
    moreError: more.error,
    loadMore,
    reload: first.reload,
  };
}
