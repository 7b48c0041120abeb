import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preparationFailed } from './attempt.ts';

describe('preparationFailed', () => {
  it('answers a request we cannot serialise with a 400, blaming neither the tier nor failing over', () => {
    const depth = 20_000;
    const deep: unknown = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    let thrown: unknown;
    try {
      JSON.stringify(deep);
    } catch (error) {
      thrown = error;
    }
    const outcome = preparationFailed(thrown, 'zhipu', null);
    assert.equal(outcome.kind, 'unprepared');
    if (outcome.kind !== 'unprepared') return;
    assert.equal(outcome.answer.status, 400);
    assert.equal(outcome.errorClass, 'proxy:invalid_request_error');
    assert.equal(JSON.parse(outcome.answer.body).error.type, 'invalid_request_error');
  });

  it('answers a bug of ours with a 500 api_error', (t) => {
    t.mock.method(console, 'error', () => undefined);
    const outcome = preparationFailed(
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      'a',
      null,
    );
    assert.equal(outcome.kind === 'unprepared' && outcome.answer.status, 500);
    assert.equal(outcome.kind === 'unprepared' && outcome.errorClass, 'proxy:api_error');
  });

  it("keeps the vendor's own failures (thrown error data, network codes of a token fetch) as tier failures", () => {
    const auth = { kind: 'auth', message: 'no apiKey', signInNeeded: false } as const;
    assert.deepEqual(preparationFailed(auth, 'a', null), { kind: 'failed', error: auth, ttfbMs: null });
    const fetchFailed = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    });
    const outcome = preparationFailed(fetchFailed, 'a', null);
    assert.equal(outcome.kind === 'failed' && outcome.error.kind, 'network');
  });
});
