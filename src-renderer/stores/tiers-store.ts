import { create } from 'zustand';
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { transport } from '../transport/current-transport.ts';
import type { ConnectionState } from '../transport/transport.ts';
import { INITIAL_TIERS_STATE, moveTier, reduceTiers, type TiersState } from './tiers-reducer.ts';

interface TiersStore extends TiersState {
  connection: ConnectionState;
  /** A failed action (reorder, reset, switch) shown above the board until the next action. */
  actionError: string | null;
  apply(event: PushedEvent): void;
  reorder(name: string, toIndex: number): Promise<void>;
  setEnabled(name: string, enabled: boolean): Promise<void>;
  resetTier(name: string): Promise<void>;
  resetAll(): Promise<void>;
}

export const useTiers = create<TiersStore>((set, get) => {
  const run = async (action: () => Promise<unknown>) => {
    set({ actionError: null });
    try {
      await action();
    } catch (error) {
      set({ actionError: (error as Error).message });
    }
  };
  return {
    ...INITIAL_TIERS_STATE,
    connection: 'connecting',
    actionError: null,
    apply: (event) => set((state) => reduceTiers(state, event, Date.now())),
    async reorder(name, toIndex) {
      const before = get().order;
      const order = moveTier(before, name, toIndex);
      // Optimistic: the card moves at once; the core's `order-changed` confirms, an error puts it back.
      set({ order });
      await run(async () => {
        try {
          const result = await transport().call('reorderTiers', { order });
          set({ order: result.order });
        } catch (error) {
          set({ order: before });
          throw error;
        }
      });
    },
    setEnabled: (name, enabled) => run(() => transport().call('setVendorEnabled', { name, enabled })),
    resetTier: (name) => run(() => transport().call('resetTier', { name })),
    resetAll: () => run(() => transport().call('reset', {})),
  };
});

/** Wires the store to pushed events; returns the unsubscribe function (called once at start). */
export function connectTiers(): () => void {
  const offEvents = transport().subscribe((event) => useTiers.getState().apply(event));
  const offConnection = transport().onConnection((connection) => useTiers.setState({ connection }));
  return () => {
    offEvents();
    offConnection();
  };
}
