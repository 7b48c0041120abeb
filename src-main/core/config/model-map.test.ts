import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModelMapper } from './model-map.ts';

describe('createModelMapper', () => {
  it('prefers exact rules over patterns, then the first matching glob or /regex/', () => {
    const map = createModelMapper([
      { match: 'claude-*', to: 'fallback' },
      { match: '/claude-(opus|sonnet)-4-6/', to: 'big' },
      { match: 'claude-haiku-4-5', to: 'small' },
    ]);
    assert.equal(map('claude-haiku-4-5'), 'small');
    assert.equal(map('claude-sonnet-4-5'), 'fallback');
    assert.equal(map('claude-opus-4-6'), 'fallback', 'first pattern in list order wins');
  });

  it('passes an unmapped model through unchanged instead of inventing another vendor model', () => {
    assert.equal(createModelMapper([{ match: 'claude-*', to: 'glm-5.1' }])('kimi-k2.5'), 'kimi-k2.5');
  });
});
