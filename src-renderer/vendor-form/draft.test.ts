import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src-shared/config-schema.ts';
import type { VendorView } from '../../src-shared/contract.ts';
import { draftFromView, draftToVendor, emptyHeader, emptyQuota, emptyRule, isUnchanged } from './draft.ts';

/** A vendor as `listVendors` shows it: parsed (defaults filled in), secrets masked. */
function listed(input: Record<string, unknown>): VendorView {
  const parsed = parseConfig({ vendors: [input] });
  assert.ok(parsed.ok);
  const { apiKey, headers, ...rest } = parsed.config.vendors[0]!;
  return {
    ...rest,
    apiKey: apiKey ? { set: true, hint: apiKey.slice(-4) } : { set: false },
    githubToken: { set: false },
    headers: Object.fromEntries(Object.keys(headers).map((name) => [name, { set: true, hint: 'xxxx' }])),
  };
}

describe('vendor form draft', () => {
  it('sends a new vendor with only what the user set, defaults left out', () => {
    const draft = { ...draftFromView(null), name: 'glm', kind: 'zhipu' as const };
    assert.deepEqual(draftToVendor(draft, null), { name: 'glm', kind: 'zhipu' });

    draft.breaker = { ...draft.breaker, failureThreshold: '5', recoveryTimeoutSeconds: '300' };
    draft.retry = { maxAttempts: '', maxWaitSeconds: '30' };
    draft.quotaGuards = [{ ...emptyQuota(), tokenBudget: '1,000,000', thresholdPercent: '99' }];
    draft.modelMap = [
      { ...emptyRule(), match: '*opus*', to: 'glm-5.2', contextWindow: '200000' },
      emptyRule(),
    ];
    draft.headers = [{ ...emptyHeader(), name: 'x-team', value: 'secret' }, emptyHeader()];
    draft.region = 'global';
    draft.contextWindow = '128000';
    assert.deepEqual(draftToVendor(draft, null), {
      name: 'glm',
      kind: 'zhipu',
      region: 'global',
      modelMap: [{ match: '*opus*', to: 'glm-5.2', contextWindow: 200_000 }],
      quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000 }],
      circuitBreaker: { failureThreshold: 5 },
      headers: { 'x-team': 'secret' },
      contextWindow: 128_000,
      retry: { maxWaitMs: 30_000 },
    });
  });

  it('sends an untouched vendor back exactly as listed (so the core writes nothing)', () => {
    const view = listed({
      name: 'main',
      kind: 'zhipu',
      region: 'global',
      apiKey: 'sk-main-0000-1234',
      headers: { 'x-team': 'v' },
      modelMap: [{ match: '*', to: 'glm-5.2', contextWindow: 1000 }],
      quotaGuards: [{ windowHours: 5, tokenBudget: 10 }],
      retry: { maxAttempts: 1 },
    });
    const initial = draftFromView(view);
    const { apiKey: _key, githubToken: _token, ...expected } = view;
    assert.deepEqual(draftToVendor(initial, view), expected);
    assert.equal(isUnchanged({ ...initial }, view, initial), true);
    assert.equal(isUnchanged({ ...initial, contextWindow: '9000' }, view, initial), false);
  });

  it('drops what the user cleared, keeps stored secrets as their masks, takes typed ones', () => {
    const view = listed({
      name: 'main',
      kind: 'zhipu',
      region: 'global',
      baseUrl: 'https://gw.example',
      headers: { keep: 'a', replace: 'b', drop: 'c' },
    });
    const draft = draftFromView(view);
    draft.region = '';
    draft.baseUrl = ' ';
    draft.apiKey = 'sk-typed';
    draft.headers = draft.headers
      .filter((header) => header.name !== 'drop')
      .map((header) => (header.name === 'replace' ? { ...header, value: 'new' } : header));
    const vendor = draftToVendor(draft, view) as Record<string, unknown>;
    assert.equal('region' in vendor, false);
    assert.equal('baseUrl' in vendor, false);
    assert.equal(vendor.apiKey, 'sk-typed');
    assert.deepEqual(vendor.headers, { keep: { set: true, hint: 'xxxx' }, replace: 'new' });
  });

  it('shows the retry wait in seconds and stores milliseconds', () => {
    const view = listed({ name: 'r', kind: 'kimi', retry: { maxWaitMs: 2500 } });
    const draft = draftFromView(view);
    assert.equal(draft.retry.maxWaitSeconds, '2.5');
    draft.retry.maxWaitSeconds = '4';
    assert.deepEqual((draftToVendor(draft, view) as { retry: unknown }).retry, {
      maxAttempts: 3,
      maxWaitMs: 4000,
    });
  });
});
