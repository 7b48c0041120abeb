import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { throttledRefresh } from './refresh-throttle.ts';

describe('throttledRefresh', () => {
  it('reloads once for a burst of events and again for the next burst', () => {
    const scheduled: Array<() => void> = [];
    let reloads = 0;
    const refresh = throttledRefresh(
      () => reloads++,
      1000,
      (run) => scheduled.push(run),
    );
    refresh();
    refresh();
    refresh();
    assert.equal(scheduled.length, 1);
    scheduled[0]?.();
    assert.equal(reloads, 1);
    refresh();
    assert.equal(scheduled.length, 2);
  });
});
