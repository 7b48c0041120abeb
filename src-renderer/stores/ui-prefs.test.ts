import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPrefs, resolveTheme } from './ui-prefs.ts';

describe('ui preferences', () => {
  it('follows the OS theme and the browser language until the user picks', () => {
    assert.deepEqual(readPrefs(null, ['zh-CN']), { theme: 'system', language: 'zh-CN' });
    assert.equal(resolveTheme('system', true), 'dark');
    assert.equal(resolveTheme('system', false), 'light');
  });

  it('keeps an explicit choice over the OS setting', () => {
    const prefs = readPrefs('{"theme":"light","language":"en"}', ['zh-CN']);
    assert.deepEqual(prefs, { theme: 'light', language: 'en' });
    assert.equal(resolveTheme(prefs.theme, true), 'light');
  });

  it('falls back to defaults on a corrupt or foreign stored value', () => {
    assert.deepEqual(readPrefs('{not json', ['en']), { theme: 'system', language: 'en' });
    assert.deepEqual(readPrefs('{"theme":"neon","language":"fr"}', ['en']), {
      theme: 'system',
      language: 'en',
    });
  });
});
