import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextSkipReason, contextWindowOf, promptTooLongBody } from './context-window.ts';

const adapter = (
  config: { modelMap?: Array<{ match: string; to: string; contextWindow?: number }>; contextWindow?: number },
  fromAdapter?: number,
) => ({
  config: {
    modelMap: config.modelMap ?? [],
    ...(config.contextWindow !== undefined ? { contextWindow: config.contextWindow } : {}),
  },
  mapModel: (model: string) => (model.startsWith('claude') ? 'glm-5.1' : model),
  ...(fromAdapter !== undefined
    ? { contextWindow: (model: string) => (model === 'glm-5.1' ? fromAdapter : undefined) }
    : {}),
});

describe('context window resolution', () => {
  it('takes the modelMap rule first, then the vendor, then the adapter, else unknown', () => {
    const rules = [
      { match: 'claude-opus-*', to: 'glm-5.1', contextWindow: 64_000 },
      { match: 'claude-*', to: 'glm-5.1' },
    ];
    assert.equal(
      contextWindowOf(adapter({ modelMap: rules, contextWindow: 128_000 }, 200_000), 'claude-opus-4-7'),
      64_000,
    );
    assert.equal(
      contextWindowOf(adapter({ modelMap: rules, contextWindow: 128_000 }, 200_000), 'claude-sonnet-4-5'),
      128_000,
    );
    assert.equal(contextWindowOf(adapter({ modelMap: rules }, 200_000), 'claude-sonnet-4-5'), 200_000);
    assert.equal(contextWindowOf(adapter({ modelMap: rules }), 'claude-sonnet-4-5'), undefined);
  });

  it('words the skip and the all-too-small answer like Anthropic', () => {
    assert.equal(contextSkipReason(150_000, 128_000), 'context window (150000 > 128000)');
    assert.deepEqual(JSON.parse(promptTooLongBody(250_000, 200_000)), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens > 200000 maximum' },
    });
  });
});
