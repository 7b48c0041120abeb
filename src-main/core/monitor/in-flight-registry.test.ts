import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CoreEvent } from '../../../src-shared/contract.ts';
import { TypedEmitter } from '../events.ts';
import { createInFlightRegistry } from './in-flight-registry.ts';

describe('in-flight registry', () => {
  it('follows a request from start through a failover and its content to its end, pushing each step', () => {
    const events = new TypedEmitter<CoreEvent>();
    const pushed: CoreEvent[] = [];
    events.on((event) => pushed.push(event));
    let now = 1000;
    const registry = createInFlightRegistry(events, () => now);
    registry.started({ requestKey: 'r', modelRequested: 'm', stream: true, sessionKey: 's' });
    registry.attempt('r', 'a', 0);
    now = 1500;
    registry.attempt('r', 'b', 1);
    registry.contentStarted('r');
    registry.contentStarted('r');
    assert.deepEqual(registry.list(), [
      {
        requestKey: 'r',
        modelRequested: 'm',
        stream: true,
        sessionKey: 's',
        startedAt: 1000,
        tier: 'b',
        attempt: 1,
        retries: 0,
        attemptStartedAt: 1500,
        contentStarted: true,
        failedTiers: ['a'],
      },
    ]);
    registry.finished('r');
    registry.finished('r');
    assert.deepEqual(registry.list(), []);
    assert.deepEqual(
      pushed.map((event) => event.type),
      ['request-progress', 'request-progress', 'request-progress', 'request-progress', 'request-ended'],
    );
  });

  it('counts retries of the last tier without listing it as failed before itself', () => {
    const events = new TypedEmitter<CoreEvent>();
    let now = 1000;
    const registry = createInFlightRegistry(events, () => now);
    registry.started({ requestKey: 'r', modelRequested: 'm', stream: false, sessionKey: '' });
    registry.attempt('r', 'a', 0);
    registry.attempt('r', 'b', 1);
    now = 2000;
    registry.attempt('r', 'b', 2);
    now = 3000;
    registry.attempt('r', 'b', 3);
    const [entry] = registry.list();
    assert.deepEqual(
      {
        tier: entry?.tier,
        attempt: entry?.attempt,
        retries: entry?.retries,
        failedTiers: entry?.failedTiers,
        attemptStartedAt: entry?.attemptStartedAt,
      },
      { tier: 'b', attempt: 3, retries: 2, failedTiers: ['a'], attemptStartedAt: 3000 },
    );
  });

  it('ignores steps of a request it never saw start', () => {
    const events = new TypedEmitter<CoreEvent>();
    const registry = createInFlightRegistry(events);
    registry.attempt('ghost', 'a', 0);
    registry.contentStarted('ghost');
    registry.finished('ghost');
    assert.deepEqual(registry.list(), []);
  });
});
