import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionPolicy } from '../../../src-shared/config-schema.ts';
import { effectiveOrder, matchPolicy, policyWarnings } from './session-policy.ts';

const POLICIES: SessionPolicy[] = [
  { name: 'everything-cc', match: { clientCategory: 'cc' }, tiers: ['c'] },
  { name: 'docs', match: { titlePrefix: 'Docs:' }, tiers: ['b'] },
  { name: 'vip', match: { sessionKeys: ['s-vip'] }, tiers: ['b', 'a'] },
  { name: 'docs-again', match: { titlePrefix: 'docs' }, tiers: ['a'] },
];

describe('session policies', () => {
  it('prefers an exact session key, then a title prefix (case-insensitive, first listed), then the category', () => {
    assert.equal(
      matchPolicy(POLICIES, { sessionKey: 's-vip', title: 'docs: x', clientCategory: 'cc' })?.name,
      'vip',
    );
    assert.equal(
      matchPolicy(POLICIES, { sessionKey: 's-1', title: 'DOCS: readme', clientCategory: 'cc' })?.name,
      'docs',
    );
    assert.equal(
      matchPolicy(POLICIES, { sessionKey: 's-1', title: 'fix bug', clientCategory: 'cc' })?.name,
      'everything-cc',
    );
    assert.equal(matchPolicy(POLICIES, { sessionKey: '', title: '', clientCategory: 'api' }), undefined);
  });

  it('puts the preferred tiers first and keeps every other tier in the global order', () => {
    assert.deepEqual(effectiveOrder(['a', 'b', 'c', 'd'], ['c', 'a']), ['c', 'a', 'b', 'd']);
    // Unknown and repeated names are ignored: a policy never removes or invents a tier.
    assert.deepEqual(effectiveOrder(['a', 'b', 'c'], ['ghost', 'b', 'b']), ['b', 'a', 'c']);
  });

  it('warns about tier names no vendor has', () => {
    assert.deepEqual(policyWarnings(POLICIES, ['a', 'b']), [
      'session policy "everything-cc" names unknown tier(s) c (ignored; known: a, b)',
    ]);
  });

  it('warns that a clientCategory api policy can never apply (passthrough does not walk the tiers)', () => {
    const warnings = policyWarnings([{ name: 'sdk', match: { clientCategory: 'api' }, tiers: ['a'] }], ['a']);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      /session policy "sdk" matches clientCategory api: .*never walk the tiers/,
    );
  });
});
