// Pure state transitions of the tier board, fed only by pushed events (no polling): a `hello` snapshot on every
// (re)connection, then `tier-changed`, `order-changed` and `failover` as they happen. Which tier serves is not
// kept here: it is derived from the statuses (src-shared/health.ts), never from who served last.
import type { TierStatus } from '../../src-shared/contract.ts';
import type { PushedEvent } from '../../src-shared/preload-api.ts';

export interface LastFailover {
  from: string;
  to: string | null;
  reason: string;
  at: number;
}

export interface TiersState {
  /** False until the first `hello`: the board shows a loading state rather than "no tiers". */
  loaded: boolean;
  /** Tier statuses keyed by name. */
  byName: Record<string, TierStatus>;
  /** Failover order: the board renders cards in this order. */
  order: string[];
  lastFailover: LastFailover | null;
}

export const INITIAL_TIERS_STATE: TiersState = {
  loaded: false,
  byName: {},
  order: [],
  lastFailover: null,
};

export function reduceTiers(state: TiersState, event: PushedEvent, now: number): TiersState {
  switch (event.type) {
    case 'hello':
      return {
        ...state,
        loaded: true,
        byName: Object.fromEntries(event.tiers.map((tier) => [tier.name, tier])),
        order: [...event.order],
      };
    case 'tier-changed': {
      const known = state.order.includes(event.tier.name);
      return {
        ...state,
        byName: { ...state.byName, [event.tier.name]: event.tier },
        order: known ? state.order : [...state.order, event.tier.name],
      };
    }
    case 'order-changed':
      return { ...state, order: [...event.order] };
    case 'failover':
      return { ...state, lastFailover: { from: event.from, to: event.to, reason: event.reason, at: now } };
    default:
      return state;
  }
}

/** Moves `name` to the index `to` (the shape of a drag-and-drop result); unknown names leave the order as is. */
export function moveTier(order: readonly string[], name: string, to: number): string[] {
  const from = order.indexOf(name);
  if (from < 0) return [...order];
  const next = order.filter((candidate) => candidate !== name);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, name);
  return next;
}

/** The statuses in failover order (names without a status yet are left out). */
export function orderedTiers(state: TiersState): TierStatus[] {
  return state.order.flatMap((name) => {
    const tier = state.byName[name];
    return tier ? [tier] : [];
  });
}
