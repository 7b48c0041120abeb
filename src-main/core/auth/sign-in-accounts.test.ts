// accounts.json: one record per provider, bound to the token it was asked for, never holding that token.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSignInAccounts, tokenFingerprint } from './sign-in-accounts.ts';

describe('sign-in accounts file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sign-in-accounts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records an account for its token only, private to the user, without the token', async () => {
    const path = join(dir, 'one', 'accounts.json');
    const accounts = createSignInAccounts(path, () => 42);
    await accounts.remember('github', 'gho_first', { account: 'octocat', name: 'The Octocat' });
    assert.deepEqual(await accounts.get('github', 'gho_first'), { account: 'octocat', name: 'The Octocat' });
    assert.equal(await accounts.get('github', 'gho_second'), undefined);
    assert.equal(await accounts.get('google', 'gho_first'), undefined);
    const text = readFileSync(path, 'utf8');
    assert.doesNotMatch(text, /gho_first/);
    assert.deepEqual(JSON.parse(text).github, {
      account: 'octocat',
      name: 'The Octocat',
      token: tokenFingerprint('gho_first'),
      at: 42,
    });
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('forgets one provider and keeps the other', async () => {
    const path = join(dir, 'two.json');
    const accounts = createSignInAccounts(path);
    await Promise.all([
      accounts.remember('github', 'gho_a', { account: 'octocat' }),
      accounts.remember('google', '1//b', { account: 'ada@example.com' }),
    ]);
    await accounts.forget('github');
    assert.equal(await accounts.get('github', 'gho_a'), undefined);
    assert.deepEqual(await accounts.get('google', '1//b'), { account: 'ada@example.com' });
  });

  it('asks the provider once per token, and treats a damaged file as empty', async () => {
    const path = join(dir, 'three.json');
    writeFileSync(path, '{not json');
    const accounts = createSignInAccounts(path);
    let asked = 0;
    const lookup = async () => {
      asked++;
      return { ok: true as const, identity: { account: 'octocat' } };
    };
    const [first, second] = await Promise.all([
      accounts.lookUpOnce('github', 'gho_x', lookup),
      accounts.lookUpOnce('github', 'gho_x', lookup),
    ]);
    assert.deepEqual([first, second, asked], [{ account: 'octocat' }, { account: 'octocat' }, 1]);
    assert.deepEqual(await accounts.get('github', 'gho_x'), { account: 'octocat' });
    const failing = async () => {
      asked++;
      return { ok: false as const, message: 'HTTP 401' };
    };
    assert.equal(await accounts.lookUpOnce('github', 'gho_y', failing), undefined);
    assert.equal(await accounts.lookUpOnce('github', 'gho_y', failing), undefined);
    assert.equal(asked, 2);
  });
});
