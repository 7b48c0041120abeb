import { create } from 'zustand';
import type { RequestView } from '../../src-shared/contract.ts';
import { transport } from '../transport/current-transport.ts';
import { throttledRefresh } from './refresh-throttle.ts';
import { type RequestFilter, requestQuery } from './request-filter.ts';

interface RequestsStore {
  filter: RequestFilter;
  requests: RequestView[];
  loading: boolean;
  error: string | null;
  setFilter(filter: Partial<RequestFilter>): void;
  load(): Promise<void>;
}

export const useRequests = create<RequestsStore>((set, get) => ({
  filter: { vendor: null, onlyFailovers: false },
  requests: [],
  loading: false,
  error: null,
  setFilter(change) {
    set({ filter: { ...get().filter, ...change } });
    void get().load();
  },
  async load() {
    const filter = get().filter;
    set({ loading: true });
    try {
      const { requests } = await transport().call('recentRequests', requestQuery(filter));
      if (get().filter === filter) set({ requests, error: null, loading: false });
    } catch (error) {
      if (get().filter === filter) set({ error: (error as Error).message, loading: false });
    }
  },
}));

export function followRequests(): () => void {
  void useRequests.getState().load();
  const refresh = throttledRefresh(() => void useRequests.getState().load(), 1000);
  return transport().subscribe((event) => {
    if (event.type === 'request-finished') refresh();
  });
}
