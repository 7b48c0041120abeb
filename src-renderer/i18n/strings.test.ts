import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickLanguage, translate } from './strings.ts';

describe('translate', () => {
  it('fills placeholders in the chosen language', () => {
    assert.equal(translate('en', 'tiers.backIn', { time: '4m 12s' }), 'back in 4m 12s');
    assert.equal(translate('zh-CN', 'tiers.backIn', { time: '4m 12s' }), '4m 12s 后恢复');
  });

  it('leaves an unknown placeholder visible rather than printing undefined', () => {
    assert.equal(translate('en', 'tiers.failures'), '{n} failures');
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
