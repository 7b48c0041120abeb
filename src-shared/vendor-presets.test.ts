import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './config-schema.ts';
import { presetChoiceProblem, presetEndpoint, VENDOR_PRESETS } from './vendor-presets.ts';

describe('vendor presets', () => {
  it('picks the host of a region (Zhipu, MiniMax) and the default one without a choice', () => {
    assert.equal(presetEndpoint('zhipu')?.baseUrl, 'https://open.bigmodel.cn/api/anthropic');
    assert.equal(presetEndpoint('zhipu', { region: 'global' })?.baseUrl, 'https://api.z.ai/api/anthropic');
    assert.equal(
      presetEndpoint('minimax', { region: 'global' })?.baseUrl,
      'https://api.minimax.io/anthropic',
    );
    assert.equal(
      presetEndpoint('minimax', { region: 'china' })?.baseUrl,
      'https://api.minimaxi.com/anthropic',
    );
  });

  it('picks host and models by plan and region (Alibaba Coding Plan vs pay-as-you-go, MiMo, Kimi)', () => {
    assert.equal(
      presetEndpoint('alibaba')?.baseUrl,
      'https://coding-intl.dashscope.aliyuncs.com/apps/anthropic',
    );
    assert.equal(presetEndpoint('alibaba')?.models?.sonnet, 'qwen3.5-plus');
    assert.equal(
      presetEndpoint('alibaba', { plan: 'coding', region: 'china' })?.baseUrl,
      'https://coding.dashscope.aliyuncs.com/apps/anthropic',
    );
    assert.equal(
      presetEndpoint('alibaba', { plan: 'pay-as-you-go' })?.baseUrl,
      'https://dashscope-intl.aliyuncs.com/apps/anthropic',
    );
    assert.equal(
      presetEndpoint('alibaba', { plan: 'pay-as-you-go', region: 'us' })?.baseUrl,
      'https://dashscope-us.aliyuncs.com/apps/anthropic',
    );
    assert.equal(
      presetEndpoint('xiaomi', { region: 'europe' })?.baseUrl,
      'https://token-plan-ams.xiaomimimo.com/anthropic',
    );
    assert.equal(
      presetEndpoint('xiaomi', { plan: 'pay-as-you-go' })?.baseUrl,
      'https://api.xiaomimimo.com/anthropic',
    );
    assert.equal(presetEndpoint('kimi')?.baseUrl, 'https://api.kimi.com/coding');
    assert.equal(presetEndpoint('kimi', { plan: 'pay-as-you-go', region: 'china' })?.authStyle, 'bearer');
  });

  it('names the valid choices when a plan or region does not exist for the kind', () => {
    assert.deepEqual(presetChoiceProblem('minimax', { region: 'eu' }), {
      field: 'region',
      message: 'kind minimax has no region "eu" (valid: china, global)',
    });
    assert.equal(
      presetChoiceProblem('alibaba', { plan: 'token', region: 'global' })?.message,
      'kind alibaba has no region "global" on plan token (valid: china)',
    );
    assert.equal(
      presetChoiceProblem('gemini', { plan: 'pro' })?.message,
      'kind gemini has no plans; remove "plan"',
    );
    assert.equal(presetChoiceProblem('zhipu', { region: 'global' }), undefined);
  });

  it('is a config error with the vendor’s path, whatever front end validates', () => {
    const result = parseConfig({ vendors: [{ name: 'mm', kind: 'minimax', region: 'europe', apiKey: 'k' }] });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      { path: 'vendors[0].region', message: 'kind minimax has no region "europe" (valid: china, global)' },
    ]);
  });

  it('cites a source for every host and every documented context window', () => {
    for (const [kind, preset] of Object.entries(VENDOR_PRESETS)) {
      for (const endpoint of preset.endpoints)
        assert.ok(endpoint.source.length > 10, `${kind} ${endpoint.baseUrl}`);
      for (const [model, window] of Object.entries(preset.contextWindows ?? {})) {
        assert.ok(window.tokens > 0 && window.source.length > 10, `${kind} ${model}`);
      }
    }
  });
});
