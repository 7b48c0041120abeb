import { create } from 'zustand';
import type { UsageRange, UsageSummaryResponse } from '../../src-shared/contract.ts';
import { transport } from '../transport/current-transport.ts';
import { throttledRefresh } from './refresh-throttle.ts';

type Range = UsageRange['range'];

interface UsageStore {
  range: Range;
  summary: UsageSummaryResponse | null;
  loading: boolean;
  error: string | null;
  setRange(range: Range): void;
  load(): Promise<void>;
}

export const useUsage = create<UsageStore>((set, get) => ({
  range: '7d',
  summary: null,
  loading: false,
  error: null,
  setRange(range) {
    set({ range });
    void get().load();
  },
  async load() {
    const range = get().range;
    set({ loading: true });
    try {
      const summary = await transport().call('usageSummary', { range });
      // A slower answer for a range the user already left is dropped.
      if (get().range === range) set({ summary, error: null, loading: false });
    } catch (error) {
      if (get().range === range) set({ error: (error as Error).message, loading: false });
    }
  },
}));

/** Reloads the summary after requests finish (coalesced), while the Spend view is open. */
export function followUsage(): () => void {
  void useUsage.getState().load();
  const refresh = throttledRefresh(() => void useUsage.getState().load(), 1500);
  return transport().subscribe((event) => {
    if (event.type === 'request-finished') refresh();
  });
}
