import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InFlightRequest } from '../../src-shared/contract.ts';
import { inFlightByTier, reduceInFlight } from './in-flight-reducer.ts';

const request = (requestKey: string, tier: string | null, startedAt = 0): InFlightRequest => ({
  requestKey,
  startedAt,
  modelRequested: 'claude-sonnet-4-5',
  stream: true,
  sessionKey: 's',
  tier,
  retries: 0,
  attempt: 0,
  attemptStartedAt: null,
  contentStarted: false,
  failedTiers: [],
});

describe('in-flight reducer', () => {
  it('takes a snapshot, follows progress and drops ended requests', () => {
    let state = reduceInFlight({}, { type: 'snapshot', requests: [request('a', 'x')] });
    state = reduceInFlight(state, {
      type: 'request-progress',
      request: { ...request('a', 'y'), attempt: 1 },
    });
    state = reduceInFlight(state, { type: 'request-progress', request: request('b', null) });
    assert.deepEqual(Object.keys(state), ['a', 'b']);
    assert.equal(state.a?.tier, 'y');
    state = reduceInFlight(state, { type: 'request-ended', requestKey: 'a' });
    assert.deepEqual(Object.keys(state), ['b']);
    const unchanged = reduceInFlight(state, { type: 'request-ended', requestKey: 'zzz' });
    assert.equal(unchanged, state);
  });

  it('groups by tier in chain order, oldest request first', () => {
    const state = reduceInFlight(
      {},
      {
        type: 'snapshot',
        requests: [request('late', 'b', 5), request('early', 'b', 1), request('p', 'a', 3)],
      },
    );
    assert.deepEqual(
      inFlightByTier(state, ['a', 'b']).map((group) => [group.tier, group.requests.map((r) => r.requestKey)]),
      [
        ['a', ['p']],
        ['b', ['early', 'late']],
      ],
    );
  });
});
