// Sign-in state and notices per vendor (`vendorStates`), shared by the vendor list and the tier board. Refreshed
// when a sign-in ends, a notice arrives, the chain changes, or a tier's state moves (a sign-in became needed).
import { useMemo } from 'react';
import type { VendorState } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { transport } from '../transport/current-transport.ts';
import { useQuery } from './query.ts';

const STALE_ON: ReadonlySet<string> = new Set(['sign-in-changed', 'vendor-notice', 'order-changed']);

function isStale(event: PushedEvent): boolean {
  if (STALE_ON.has(event.type)) return true;
  // Every request moves some tier; only a tier whose sign-in state may have changed matters here.
  return (
    event.type === 'tier-changed' && (event.tier.kind === 'copilot' || event.tier.kind === 'antigravity')
  );
}

export function useVendorStates(): { byName: ReadonlyMap<string, VendorState>; reload(): void } {
  const query = useQuery('vendorStates', () => transport().call('vendorStates', {}), {
    refreshOn: isStale,
    throttleMs: 300,
  });
  const data = query.status === 'ready' ? query.data : undefined;
  const byName = useMemo(
    () => new Map((data?.vendors ?? []).map((state) => [state.name, state] as const)),
    [data],
  );
  return { byName, reload: query.reload };
}
