import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickLanguage, translate, translatePlural } from './strings.ts';

describe('translate', () => {
  it('fills placeholders in the chosen language', () => {
    assert.equal(translate('en', 'tiers.quotaResets', { time: '4m 12s' }), 'resets 4m 12s');
    assert.equal(translate('zh-CN', 'tiers.quotaResets', { time: '4m 12s' }), '4m 12s 重置');
  });

  it('leaves an unknown placeholder visible rather than printing undefined', () => {
    assert.equal(translate('en', 'tiers.position'), '#{n}');
  });

  it('picks the plural form by the language\'s rules, never "1 failures"', () => {
    assert.equal(translatePlural('en', 'tiers.failures', 1), '1 failure');
    assert.equal(translatePlural('en', 'tiers.failures', 2), '2 failures');
    assert.equal(translatePlural('en', 'today.requests', 1234), '1,234 requests');
    assert.equal(translatePlural('zh-CN', 'tiers.failures', 1), '失败 1 次');
  });
});

describe('pickLanguage', () => {
  it('picks Simplified Chinese for zh, zh-CN and zh-Hans, English otherwise', () => {
    assert.equal(pickLanguage(['zh-CN', 'en']), 'zh-CN');
    assert.equal(pickLanguage(['zh-Hans-CN']), 'zh-CN');
    assert.equal(pickLanguage(['fr', 'en-GB']), 'en');
    assert.equal(pickLanguage(['de']), 'en');
  });
});
