import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftFromView, emptyHeader, emptyQuota, emptyRule, type VendorDraft } from './draft.ts';
import { placeServerProblem, validateDraft } from './validate.ts';

const base = (patch: Partial<VendorDraft> = {}): VendorDraft => ({
  ...draftFromView(null),
  name: 'ok',
  kind: 'zhipu',
  ...patch,
});
const keys = (draft: VendorDraft, others: string[] = []) =>
  validateDraft(draft, others).map((problem) => `${problem.field.replace(/:\d+$/, '')}:${problem.key}`);

describe('vendor form validation', () => {
  it('accepts a minimal preset vendor', () => {
    assert.deepEqual(keys(base()), []);
  });

  it('names each problem on its field, in message keys the UI translates', () => {
    assert.deepEqual(keys(base({ name: '' })), ['name:vform.err.required']);
    assert.deepEqual(keys(base({ name: 'my vendor' })), ['name:vform.err.nameChars']);
    assert.deepEqual(keys(base({ name: 'glm' }), ['glm']), ['name:vform.err.nameTaken']);
    assert.deepEqual(keys(base({ baseUrl: 'api.z.ai' })), ['baseUrl:vform.err.url']);
    assert.deepEqual(keys(base({ kind: 'openai-compatible' })), ['baseUrl:vform.err.urlRequired']);
    assert.deepEqual(keys(base({ region: 'mars' })), ['region:vform.err.choice']);
    assert.deepEqual(keys(base({ kind: 'kimi', plan: 'coding', region: 'china' })), [
      'region:vform.err.choice',
    ]);
  });

  it('checks every row of the editors and the numbers', () => {
    const draft = base({
      modelMap: [
        { ...emptyRule(), match: '*opus*' },
        { ...emptyRule(), match: '*', to: 'x', contextWindow: '0' },
      ],
      quotaGuards: [
        { ...emptyQuota(), tokenBudget: '' },
        { ...emptyQuota(), tokenBudget: '5', thresholdPercent: '150' },
      ],
      headers: [
        { ...emptyHeader(), name: 'bad name', value: 'v' },
        { ...emptyHeader(), name: 'x-a' },
      ],
      breaker: {
        failureThreshold: '1.5',
        recoveryTimeoutSeconds: '',
        successThreshold: '',
        maxRecoveryTimeoutSeconds: '',
      },
      retry: { maxAttempts: '11', maxWaitSeconds: '' },
      contextWindow: 'lots',
    });
    assert.deepEqual(keys(draft), [
      'rule:vform.err.ruleHalf',
      'rule:vform.err.positiveInt',
      'quota:vform.err.required',
      'quota:vform.err.percent',
      'breaker:vform.err.positiveInt',
      'header:vform.err.headerName',
      'header:vform.err.headerValue',
      'contextWindow:vform.err.number',
      'retry:vform.err.retries',
    ]);
  });

  it('places the core’s problems on the row or field they are about', () => {
    const draft = base({
      modelMap: [emptyRule(), { ...emptyRule(), match: 'a', to: 'b' }],
      quotaGuards: [emptyQuota()],
      headers: [{ ...emptyHeader(), name: 'x-team' }],
    });
    const [, rule] = draft.modelMap;
    assert.equal(placeServerProblem('modelMap[0].to', draft), `rule:${rule?.id}`);
    assert.equal(
      placeServerProblem('quotaGuards[0].tokenBudget', draft),
      `quota:${draft.quotaGuards[0]?.id}`,
    );
    assert.equal(placeServerProblem('headers.x-team', draft), `header:${draft.headers[0]?.id}`);
    assert.equal(placeServerProblem('circuitBreaker.failureThreshold', draft), 'breaker');
    assert.equal(placeServerProblem('retry.maxAttempts', draft), 'retry');
    assert.equal(placeServerProblem('baseUrl', draft), 'baseUrl');
    assert.equal(placeServerProblem('vendor', draft), 'form');
  });
});
