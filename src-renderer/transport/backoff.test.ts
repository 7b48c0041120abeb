import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconnectDelayMs } from './backoff.ts';

describe('reconnectDelayMs', () => {
  it('doubles from half a second and stops growing at fifteen seconds', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => reconnectDelayMs(attempt)),
      [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000],
    );
  });
});
