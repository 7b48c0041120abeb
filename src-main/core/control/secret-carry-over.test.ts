import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryOverSecrets } from './secret-carry-over.ts';

const stored = {
  name: 'glm',
  kind: 'zhipu',
  apiKey: 'keychain:vendor/glm/apiKey',
  headers: { authorization: 'Bearer hdr', 'x-team': 'core' },
};

describe('secrets follow their destination', () => {
  it('keeps empty or masked secrets while the destination stays (the default base URL written out is the same)', () => {
    const result = carryOverSecrets(
      stored,
      {
        name: 'glm2',
        kind: 'zhipu',
        baseUrl: 'https://open.bigmodel.cn/api/anthropic',
        apiKey: '',
        headers: { authorization: { set: true }, 'x-team': 'platform' },
      },
      false,
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.dropped, []);
    assert.equal(result.vendor.apiKey, 'keychain:vendor/glm/apiKey');
    assert.deepEqual(result.vendor.headers, { authorization: 'Bearer hdr', 'x-team': 'platform' });
  });

  it('drops kept secrets and headers on a new kind or base URL, and lists them', () => {
    for (const change of [{ kind: 'kimi' }, { baseUrl: 'https://elsewhere.example' }]) {
      const result = carryOverSecrets(stored, { name: 'glm', kind: 'zhipu', ...change }, false);
      assert.deepEqual(result.dropped, ['apiKey', 'headers.authorization', 'headers.x-team']);
      assert.equal(result.vendor.apiKey, undefined);
      assert.equal(result.vendor.headers, undefined);
    }
  });

  it('keeps the key when the base URL is only spelled differently (trailing slash, host case, default port)', () => {
    const saved = {
      name: 'or',
      kind: 'openai-compatible',
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: 'sk-or',
    };
    for (const baseUrl of [
      'https://openrouter.ai/api/v1/',
      'https://OpenRouter.ai/api/v1',
      'https://openrouter.ai:443/api/v1',
    ]) {
      const result = carryOverSecrets(saved, { ...saved, baseUrl, apiKey: '' }, false);
      assert.deepEqual(result.dropped, [], baseUrl);
      assert.equal(result.vendor.apiKey, 'sk-or');
      assert.equal(result.vendor.baseUrl, baseUrl, 'the address is saved as the user wrote it');
    }
    for (const baseUrl of [
      'http://openrouter.ai/api/v1',
      'https://openrouter.ai/api/v2',
      'https://openrouter.ai:8443/api/v1',
    ]) {
      const result = carryOverSecrets(saved, { ...saved, baseUrl, apiKey: '' }, false);
      assert.deepEqual(result.dropped, ['apiKey'], baseUrl);
    }
    // Claude Code's own credentials follow the same rule: a trailing slash needs no confirmation.
    const claude = { name: 'claude', kind: 'anthropic', baseUrl: 'https://api.anthropic.com' };
    assert.deepEqual(
      carryOverSecrets(claude, { ...claude, baseUrl: 'https://api.anthropic.com/' }, false).problems,
      [],
    );
  });

  it('treats a new region or plan as a new destination (its preset host), and the default one as the same', () => {
    const moved = carryOverSecrets(stored, { name: 'glm', kind: 'zhipu', region: 'global' }, false);
    assert.deepEqual(moved.dropped, ['apiKey', 'headers.authorization', 'headers.x-team']);
    const same = carryOverSecrets(stored, { name: 'glm', kind: 'zhipu', region: 'china' }, false);
    assert.deepEqual(same.dropped, []);
    assert.equal(same.vendor.apiKey, 'keychain:vendor/glm/apiKey');
    const plan = carryOverSecrets(
      { name: 'qwen', kind: 'alibaba', apiKey: 'sk-coding-plan-key' },
      { name: 'qwen', kind: 'alibaba', plan: 'pay-as-you-go' },
      false,
    );
    assert.deepEqual(plan.dropped, ['apiKey']);
  });

  it('takes new secrets given with the move', () => {
    const result = carryOverSecrets(
      stored,
      { name: 'glm', kind: 'zhipu', baseUrl: 'https://elsewhere.example', apiKey: 'sk-new', headers: {} },
      false,
    );
    assert.deepEqual(
      result.dropped,
      ['apiKey'].filter(() => false),
    );
    assert.equal(result.vendor.apiKey, 'sk-new');
  });

  it('needs confirmation to aim implicit credentials elsewhere, not to add a default Anthropic tier', () => {
    assert.deepEqual(carryOverSecrets(undefined, { name: 'a', kind: 'anthropic' }, false).problems, []);
    const moved = carryOverSecrets(
      undefined,
      { name: 'a', kind: 'anthropic', baseUrl: 'https://relay.example' },
      false,
    );
    assert.equal(moved.problems[0]?.path, 'baseUrl');
    assert.match(moved.problems[0]?.message ?? '', /relay\.example/);
    assert.deepEqual(
      carryOverSecrets(undefined, { name: 'a', kind: 'anthropic', baseUrl: 'https://relay.example' }, true)
        .problems,
      [],
    );
    const google = carryOverSecrets(
      { name: 'g', kind: 'antigravity' },
      { name: 'g', kind: 'antigravity', oauthTokenUrl: 'https://token.example' },
      false,
    );
    assert.match(google.problems[0]?.message ?? '', /stored Google sign-in/);
    // The userinfo endpoint receives an access token of that sign-in (to learn its email): a destination too.
    const userinfo = carryOverSecrets(
      { name: 'g', kind: 'antigravity' },
      { name: 'g', kind: 'antigravity', userinfoUrl: 'https://userinfo.example' },
      false,
    );
    assert.equal(userinfo.problems[0]?.path, 'userinfoUrl');
  });
});
