import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DASHBOARD_CSP, isSafeExternalUrl, withContentSecurityPolicy } from './navigation-policy.ts';

describe('dashboard navigation policy', () => {
  it('opens only plain web links externally', () => {
    assert.equal(isSafeExternalUrl('https://docs.anthropic.com/en/docs/claude-code'), true);
    assert.equal(isSafeExternalUrl('http://127.0.0.1:8046/'), true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://u:p@x.example/',
      'nope',
    ]) {
      assert.equal(isSafeExternalUrl(url), false, url);
    }
  });

  it('adds the CSP header without replacing one the server sent', () => {
    assert.deepEqual(withContentSecurityPolicy({ 'Content-Type': ['text/html'] }), {
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [DASHBOARD_CSP],
    });
    const own = { 'content-security-policy': ["default-src 'none'"] };
    assert.deepEqual(withContentSecurityPolicy(own), own);
    assert.deepEqual(withContentSecurityPolicy(undefined), { 'Content-Security-Policy': [DASHBOARD_CSP] });
    assert.doesNotMatch(DASHBOARD_CSP, /script-src[^;]*unsafe-inline/);
  });
});
