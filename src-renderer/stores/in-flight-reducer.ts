// The requests running now, kept from pushed events: a snapshot (`inFlightRequests`) on every (re)connection,
// then `request-progress` for each step and `request-ended` when a request leaves.
import type { InFlightRequest } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';

export type InFlightState = Readonly<Record<string, InFlightRequest>>;

export type InFlightAction = PushedEvent | { type: 'snapshot'; requests: InFlightRequest[] };

export function reduceInFlight(state: InFlightState, action: InFlightAction): InFlightState {
  switch (action.type) {
    case 'snapshot':
      return Object.fromEntries(action.requests.map((request) => [request.requestKey, request]));
    case 'request-progress':
      return { ...state, [action.request.requestKey]: action.request };
    case 'request-ended':
    case 'request-finished': {
      const key = action.type === 'request-ended' ? action.requestKey : action.request.requestKey;
      if (!(key in state)) return state;
      const { [key]: _gone, ...rest } = state;
      return rest;
    }
    default:
      return state;
  }
}

/** Oldest first, grouped by the tier each is on now (null: not yet on a tier), tiers in chain order. */
export function inFlightByTier(
  state: InFlightState,
  order: readonly string[],
): Array<{ tier: string | null; requests: InFlightRequest[] }> {
  const groups = new Map<string | null, InFlightRequest[]>();
  for (const request of Object.values(state).sort((a, b) => a.startedAt - b.startedAt)) {
    const list = groups.get(request.tier) ?? [];
    list.push(request);
    groups.set(request.tier, list);
  }
  const rank = (tier: string | null) =>
    tier === null ? -1 : order.indexOf(tier) + (order.includes(tier) ? 0 : 1e6);
  return [...groups.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([tier, requests]) => ({ tier, requests }));
}
