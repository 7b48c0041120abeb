import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignInState } from '../../src-shared/contract.ts';
import { canRetry, INITIAL_SIGN_IN, phaseOf, reduceSignIn } from './sign-in-reducer.ts';

const state = (id: string, phase: SignInState['state']): SignInState => ({
  id,
  provider: 'github',
  state: phase,
});

describe('sign-in reducer', () => {
  it('starts, waits and finishes with the pushed outcome of its own session only', () => {
    let flow = reduceSignIn(INITIAL_SIGN_IN, { type: 'started', session: state('s1', 'waiting') });
    assert.equal(phaseOf(flow), 'waiting');
    flow = reduceSignIn(flow, { type: 'pushed', session: state('other', 'done') });
    assert.equal(phaseOf(flow), 'waiting');
    flow = reduceSignIn(flow, { type: 'pushed', session: state('s1', 'done') });
    assert.equal(phaseOf(flow), 'done');
    assert.equal(canRetry(flow), false);
  });

  it('keeps an outcome pushed before the start answer arrived', () => {
    let flow = reduceSignIn(INITIAL_SIGN_IN, { type: 'pushed', session: state('s1', 'expired') });
    assert.equal(phaseOf(flow), 'starting');
    flow = reduceSignIn(flow, { type: 'started', session: state('s1', 'waiting') });
    assert.equal(phaseOf(flow), 'expired');
    assert.equal(canRetry(flow), true);
  });

  it('takes the status asked after a reconnection, for its own session', () => {
    let flow = reduceSignIn(INITIAL_SIGN_IN, { type: 'started', session: state('s1', 'waiting') });
    flow = reduceSignIn(flow, { type: 'status', session: state('s2', 'done') });
    assert.equal(phaseOf(flow), 'waiting');
    flow = reduceSignIn(flow, { type: 'status', session: state('s1', 'cancelled') });
    assert.equal(phaseOf(flow), 'cancelled');
  });

  it('fails when the start itself fails, and a retry starts over with a new attempt', () => {
    let flow = reduceSignIn(INITIAL_SIGN_IN, { type: 'start-failed', message: 'no such vendor' });
    assert.equal(phaseOf(flow), 'failed');
    assert.equal(canRetry(flow), true);
    flow = reduceSignIn(flow, { type: 'retry' });
    assert.deepEqual(flow, { ...INITIAL_SIGN_IN, attempt: 1 });
    assert.equal(phaseOf(flow), 'starting');
  });
});
