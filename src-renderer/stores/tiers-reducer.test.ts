import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TierStatus } from '../../src-shared/contract.ts';
import { INITIAL_TIERS_STATE, moveTier, orderedTiers, reduceTiers } from './tiers-reducer.ts';

const tier = (name: string, state: TierStatus['circuit']['state'] = 'closed'): TierStatus => ({
  name,
  kind: 'anthropic',
  enabled: true,
  circuit: { state, failures: state === 'open' ? 3 : 0, recoveryMs: 60_000 },
  quota: [],
});

const hello = {
  type: 'hello' as const,
  tiers: [tier('primary'), tier('backup')],
  activeTier: null,
  order: ['primary', 'backup'],
};

describe('tiers reducer', () => {
  it('takes the whole board from a hello snapshot and marks it loaded', () => {
    const state = reduceTiers(INITIAL_TIERS_STATE, hello, 0);
    assert.equal(state.loaded, true);
    assert.deepEqual(
      orderedTiers(state).map((t) => t.name),
      ['primary', 'backup'],
    );
  });

  it('replaces one card when its tier changes and keeps the others untouched', () => {
    const loaded = reduceTiers(INITIAL_TIERS_STATE, hello, 0);
    const state = reduceTiers(loaded, { type: 'tier-changed', tier: tier('primary', 'open') }, 0);
    assert.equal(state.byName.primary?.circuit.state, 'open');
    assert.equal(state.byName.backup, loaded.byName.backup);
  });

  it('re-syncs from a later hello after a reconnection, dropping stale state', () => {
    let state = reduceTiers(INITIAL_TIERS_STATE, hello, 0);
    state = reduceTiers(state, { type: 'tier-changed', tier: tier('primary', 'open') }, 0);
    state = reduceTiers(state, { ...hello, order: ['backup', 'primary'] }, 0);
    assert.equal(state.byName.primary?.circuit.state, 'closed');
    assert.deepEqual(state.order, ['backup', 'primary']);
  });

  it('follows order changes pushed by the core', () => {
    const state = reduceTiers(
      reduceTiers(INITIAL_TIERS_STATE, hello, 0),
      { type: 'order-changed', order: ['backup', 'primary'] },
      0,
    );
    assert.deepEqual(
      orderedTiers(state).map((t) => t.name),
      ['backup', 'primary'],
    );
  });

  it('remembers the last failover with the time it was seen', () => {
    const state = reduceTiers(
      INITIAL_TIERS_STATE,
      { type: 'failover', from: 'primary', to: 'backup', reason: 'overloaded' },
      1234,
    );
    assert.deepEqual(state.lastFailover, { from: 'primary', to: 'backup', reason: 'overloaded', at: 1234 });
  });
});

describe('moveTier', () => {
  it('moves a tier down and up like a drop at that index', () => {
    assert.deepEqual(moveTier(['a', 'b', 'c'], 'a', 1), ['b', 'a', 'c']);
    assert.deepEqual(moveTier(['a', 'b', 'c'], 'c', 0), ['c', 'a', 'b']);
    assert.deepEqual(moveTier(['a', 'b', 'c'], 'b', 9), ['a', 'c', 'b']);
  });

  it('leaves the order unchanged for an unknown tier', () => {
    assert.deepEqual(moveTier(['a', 'b'], 'x', 0), ['a', 'b']);
  });
});
