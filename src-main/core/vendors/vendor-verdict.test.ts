import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verdictFromWords } from './vendor-verdict.ts';

describe('vendor error words', () => {
  const kind = (status: number, words: string) => verdictFromWords(status, words)?.kind;

  it('tells a tier that cannot serve this request from a genuinely invalid one', () => {
    assert.equal(
      kind(
        400,
        'model gpt-5.3-codex is not accessible via the /chat/completions endpoint unsupported_api_for_model',
      ),
      'cannot-serve',
    );
    assert.equal(kind(400, 'model_not_supported The requested model is not supported.'), 'cannot-serve');
    assert.equal(kind(400, 'prompt token count of 967636 exceeds the limit of 922000'), 'cannot-serve');
    assert.equal(
      kind(400, 'invalid_request_error prompt is too long: 250000 tokens > 200000 maximum'),
      'cannot-serve',
    );
    assert.equal(kind(400, '1211 模型不存在，请检查模型代码。'), 'cannot-serve');
    assert.equal(kind(404, 'anything'), 'cannot-serve');
    assert.equal(
      kind(400, 'invalid_request_error messages: text content blocks must be non-empty'),
      undefined,
    );
    assert.equal(
      kind(400, 'max_tokens: 128001 > 64000, which is the maximum allowed for this model'),
      undefined,
    );
  });

  it('tells an exhausted quota from a throttle', () => {
    assert.equal(kind(429, 'insufficient_quota You exceeded your current quota'), 'quota');
    assert.equal(kind(402, 'quota_exceeded You have no quota'), 'quota');
    assert.equal(kind(429, '1113 余额不足或无可用资源包,请充值。'), 'quota');
    assert.equal(kind(429, 'rate_limit_exceeded Rate limit reached for requests'), 'rate-limit');
    assert.equal(kind(429, 'Resource has been exhausted (e.g. check quota).'), 'rate-limit');
  });

  it('recognises a refused client version', () => {
    assert.equal(
      kind(466, 'bad request: the specified API version is no longer supported.'),
      'outdated-client',
    );
    assert.equal(
      kind(
        400,
        'model gpt-5-codex is not supported in this VS Code version. Please update it to version 1.104.1 or newer',
      ),
      'outdated-client',
    );
  });
});
