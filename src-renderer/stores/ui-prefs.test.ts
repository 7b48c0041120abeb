import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPrefs, resolveTheme } from './ui-prefs.ts';

describe('ui preferences', () => {
  it('follows the OS theme and the browser language until the user picks', () => {
    assert.deepEqual(readPrefs(null, ['zh-CN']), {
      theme: 'system',
      language: 'zh-CN',
      spendMetric: 'tokens',
    });
    assert.equal(resolveTheme('system', true), 'dark');
    assert.equal(resolveTheme('system', false), 'light');
  });

  it('keeps an explicit choice over the OS setting', () => {
    const prefs = readPrefs('{"theme":"light","language":"en"}', ['zh-CN']);
    assert.deepEqual(prefs, { theme: 'light', language: 'en', spendMetric: 'tokens' });
    assert.equal(resolveTheme(prefs.theme, true), 'light');
  });

  it('falls back to defaults on a corrupt or foreign stored value', () => {
    const defaults = { theme: 'system', language: 'en', spendMetric: 'tokens' };
    assert.deepEqual(readPrefs('{not json', ['en']), defaults);
    assert.deepEqual(readPrefs('null', ['en']), defaults);
    assert.deepEqual(readPrefs('{"theme":"neon","language":"fr","spendMetric":"euros"}', ['en']), defaults);
  });

  it('remembers that the Spend charts show cost', () => {
    assert.equal(readPrefs('{"spendMetric":"cost"}', ['en']).spendMetric, 'cost');
  });
});
