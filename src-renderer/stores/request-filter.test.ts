import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestQuery } from './request-filter.ts';

describe('requestQuery', () => {
  it('sends only the filters that are set', () => {
    assert.deepEqual(requestQuery({ vendor: null, onlyFailovers: false }), { limit: 100 });
    assert.deepEqual(requestQuery({ vendor: 'backup', onlyFailovers: true }, 20), {
      limit: 20,
      vendor: 'backup',
      onlyFailovers: true,
    });
  });
});
