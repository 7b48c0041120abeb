import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimalEdit } from './minimal-edit.ts';

const effective = {
  name: 'glm',
  kind: 'zhipu',
  enabled: true,
  apiKey: 'zk-123',
  baseUrl: 'https://open.example/api',
  timeoutMs: 300_000,
  headers: {},
  circuitBreaker: {
    failureThreshold: 5,
    recoveryTimeoutSeconds: 300,
    successThreshold: 2,
    maxRecoveryTimeoutSeconds: 3600,
  },
  quotaGuards: [],
  modelMap: [],
};
const raw = {
  name: 'glm',
  kind: 'zhipu',
  apiKey: '${ZHIPU_API_KEY}',
  baseUrl: '${GLM_URL}',
  circuitBreaker: { failureThreshold: 5 },
};

describe('minimal vendor edits', () => {
  it('writes nothing new when the form sends back what it was shown', () => {
    assert.deepEqual(minimalEdit(raw, effective, { ...effective }), raw);
  });

  it('keeps references and partial objects, writes only the changed field', () => {
    const edited = {
      ...effective,
      timeoutMs: 60_000,
      circuitBreaker: { ...effective.circuitBreaker, successThreshold: 3 },
    };
    assert.deepEqual(minimalEdit(raw, effective, edited), {
      ...raw,
      circuitBreaker: { failureThreshold: 5, successThreshold: 3 },
      timeoutMs: 60_000,
    });
  });

  it('drops a field the user cleared and takes a field they replaced', () => {
    const { baseUrl: _gone, ...withoutUrl } = effective;
    assert.deepEqual(minimalEdit(raw, effective, { ...withoutUrl, apiKey: 'new-key' }), {
      name: 'glm',
      kind: 'zhipu',
      apiKey: 'new-key',
      circuitBreaker: { failureThreshold: 5 },
    });
  });

  it('keeps a new entry as sent', () => {
    assert.deepEqual(minimalEdit(undefined, undefined, { name: 'd', kind: 'kimi' }), {
      name: 'd',
      kind: 'kimi',
    });
  });
});
