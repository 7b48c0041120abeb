import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttemptView } from '../../src-shared/contract.ts';
import { translate } from '../i18n/strings.ts';
import { endingKey, requestEnding } from './request-outcome.ts';

const failedAttempt: AttemptView = {
  vendor: 'glm',
  attempt: 0,
  success: false,
  status: 529,
  errorClass: 'http_529:overloaded_error',
  errorMessage: 'Overloaded',
  durationMs: 12,
  ttfbMs: null,
  modelServed: 'glm-4.6',
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
};

describe('requestEnding', () => {
  it('tells "every tier was skipped" from "the tiers it tried all failed"', () => {
    const skippedOnly = requestEnding({ success: false, servedBy: null, status: 503, attempts: [] });
    const triedAll = requestEnding({
      success: false,
      servedBy: null,
      status: 529,
      attempts: [failedAttempt, { ...failedAttempt, vendor: 'kimi', attempt: 1 }],
    });
    assert.deepEqual(skippedOnly, { kind: 'no-tier' });
    assert.deepEqual(triedAll, { kind: 'all-failed' });
    assert.equal(translate('en', endingKey(skippedOnly)!), 'no tier available');
    assert.equal(translate('en', endingKey(triedAll)!), 'all tiers failed');
    assert.equal(translate('zh-CN', endingKey(triedAll)!), '所有层级均失败');
  });

  it('names the serving tier, and a client that left as such', () => {
    assert.deepEqual(requestEnding({ success: true, servedBy: 'glm', status: 200, attempts: [] }), {
      kind: 'served',
      tier: 'glm',
    });
    const left = requestEnding({ success: false, servedBy: null, status: 499, attempts: [failedAttempt] });
    assert.deepEqual(left, { kind: 'aborted' });
    assert.equal(translate('en', endingKey(left)!), 'client left');
  });
});
