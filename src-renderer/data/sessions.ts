// The Sessions view's data through the one query layer: sessions over a chosen range (kept while the user looks
// elsewhere), refreshed when requests finish or a binding changes anywhere (CLI, another window).
import { create } from 'zustand';
import type { CommandResponse } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';
import { transport } from '../transport/current-transport.ts';
import { type QueryState, useQuery } from './query.ts';

export const SESSION_RANGES = [1, 24, 24 * 7, 24 * 30] as const;
export type SessionRange = (typeof SESSION_RANGES)[number];

export const useSessionRange = create<{ hours: SessionRange; setHours(hours: SessionRange): void }>(
  (set) => ({ hours: 24, setHours: (hours) => set({ hours }) }),
);

export type SessionList = CommandResponse<'listSessions'>;

const staleAfter = (event: PushedEvent) =>
  event.type === 'request-finished' || event.type === 'session-binding-changed';

export function useSessionList(hours: SessionRange): QueryState<SessionList> & { reload(): void } {
  return useQuery(`listSessions:${hours}`, () => transport().call('listSessions', { hours, limit: 200 }), {
    refreshOn: staleAfter,
    throttleMs: 1000,
  });
}

/** Puts `tiers` first for the session, or back to the default order (`null`). */
export async function bindSession(sessionKey: string, tiers: string[] | null): Promise<void> {
  if (tiers) await transport().call('bindSession', { sessionKey, tiers });
  else await transport().call('unbindSession', { sessionKey });
}
