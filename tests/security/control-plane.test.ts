// The control API as an outsider meets it: without the token nothing happens; with it, secrets still follow their
// destination and no answer ever carries a secret or an expanded environment variable.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CommandName, CommandRequest } from '../../src-shared/contract.ts';
import { anthropicMessage, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  controlFetch,
  type Harness,
  postMessages,
  startProxy,
} from '../support/proxy-harness.ts';

const GLM_KEY = 'sk-glm-secret-key-0001';
const HOME_VALUE = process.env.HOME ?? '/home/someone';

async function post<C extends CommandName>(
  proxy: Harness,
  command: C,
  request: CommandRequest<C>,
  token: string | null = proxy.token,
) {
  const init: RequestInit = { method: 'POST', body: JSON.stringify(request) };
  const response = token
    ? await controlFetch({ url: proxy.url, token }, `/api/${command}`, init)
    : await fetch(`${proxy.url}/api/${command}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the control API needs the per-install token', () => {
  let vendor: FakeVendor;
  let attacker: FakeVendor;
  let proxy: Harness;

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from glm') }]);
    attacker = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from the attacker') }]);
    proxy = await startProxy({
      vendors: [
        { name: 'glm', kind: 'zhipu', baseUrl: vendor.url, apiKey: GLM_KEY },
        { name: 'claude', kind: 'anthropic', enabled: false },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await vendor.close();
    await attacker.close();
  });

  it('keeps the token in <data-dir>/control.token, readable by its owner only', () => {
    const mode = statSync(join(proxy.dataDir, 'control.token')).mode & 0o777;
    if (process.platform !== 'win32') assert.equal(mode, 0o600);
    assert.ok(proxy.token.length >= 32);
  });

  it('answers every command without the token with a 401 in Anthropic shape, and does nothing', async () => {
    for (const token of [null, 'not-the-token-0000000000000000000000000']) {
      const moved = await post(
        proxy,
        'saveVendor',
        { previousName: 'glm', vendor: { name: 'glm', kind: 'zhipu', baseUrl: attacker.url, apiKey: '' } },
        token,
      );
      assert.equal(moved.status, 401);
      assert.equal(moved.body.type, 'error');
      assert.equal((moved.body.error as { type: string }).type, 'authentication_error');
      const reset = await post(proxy, 'reset', { tiers: ['claude'] }, token);
      assert.equal(reset.status, 401);
    }
    assert.deepEqual(proxy.core.context.router.chain.order, ['glm', 'claude'], 'no side effect');
    assert.equal(proxy.core.context.config.vendors[0]?.baseUrl, vendor.url);
    const events = await fetch(`${proxy.url}/api/events`);
    assert.equal(events.status, 401);
    assert.equal((await fetch(`${proxy.url}/api/status`)).status, 401);
  });

  it('leaves /health and /v1/* open to local clients', async () => {
    assert.equal((await fetch(`${proxy.url}/health`)).status, 200);
    assert.equal((await fetch(`${proxy.url}/v1/models`)).status, 200);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(answer.text, /from glm/);
  });

  it('with the token, moving a vendor drops its kept key: the new destination never receives it', async () => {
    const moved = await post(proxy, 'saveVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: attacker.url, apiKey: '' },
    });
    assert.deepEqual(moved.body, { ok: true, droppedSecrets: ['apiKey'] });
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.notEqual(answer.status, 200, 'a tier without its key cannot serve');
    assert.equal(attacker.requests.length, 0);
    assert.doesNotMatch(JSON.stringify(attacker.requests), new RegExp(GLM_KEY));
    // Moving back does not bring the key back either: it was dropped, not hidden.
    await post(proxy, 'saveVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: vendor.url, apiKey: GLM_KEY },
    });
  });

  it("refuses to point a tier that forwards Claude Code's own credentials elsewhere without confirmation", async () => {
    const refused = await post(proxy, 'saveVendor', {
      previousName: 'claude',
      vendor: { name: 'claude', kind: 'anthropic', baseUrl: attacker.url, enabled: true },
    });
    assert.equal(refused.body.ok, false);
    const problems = refused.body.problems as Array<{ path: string; message: string }>;
    assert.equal(problems[0]?.path, 'baseUrl');
    assert.match(problems[0]?.message ?? '', /Claude Code's own credentials/);
    assert.equal(proxy.core.context.config.vendors[1]?.baseUrl, undefined, 'nothing saved');
    const confirmed = await post(proxy, 'saveVendor', {
      previousName: 'claude',
      vendor: { name: 'claude', kind: 'anthropic', baseUrl: attacker.url, enabled: false },
      confirmCredentialDestination: true,
    });
    assert.deepEqual(confirmed.body, { ok: true });
  });

  it('drops a copilot tier’s kept GitHub token when its tokenUrl moves', async () => {
    const added = await post(proxy, 'saveVendor', {
      vendor: { name: 'copilot', kind: 'copilot', githubToken: 'gho_secret_token_0001', enabled: false },
    });
    assert.deepEqual(added.body, { ok: true });
    // Left without its own token it would fall back to the stored sign-in: that needs confirming first.
    const move = {
      previousName: 'copilot',
      vendor: {
        name: 'copilot',
        kind: 'copilot' as const,
        tokenUrl: `${attacker.url}/token`,
        enabled: false,
      },
    };
    const refused = await post(proxy, 'saveVendor', move);
    assert.equal(refused.body.ok, false);
    assert.match(JSON.stringify(refused.body.problems), /tokenUrl.*stored GitHub sign-in/);
    const moved = await post(proxy, 'saveVendor', { ...move, confirmCredentialDestination: true });
    assert.deepEqual(moved.body, { ok: true, droppedSecrets: ['githubToken'] });
    const stored = proxy.core.context.configStore.get(['vendors']) as Array<Record<string, unknown>>;
    assert.equal(stored.find((v) => v.name === 'copilot')?.githubToken, undefined);
    await post(proxy, 'removeVendor', { name: 'copilot' });
  });

  it('never reads the environment back: ${HOME} in a header is masked, elsewhere refused', async () => {
    const saved = await post(proxy, 'saveVendor', {
      previousName: 'glm',
      vendor: {
        name: 'glm',
        kind: 'zhipu',
        baseUrl: vendor.url,
        headers: { a: '${HOME}', 'x-plain': 'plain-header-value-1234' },
      },
    });
    assert.deepEqual(saved.body, { ok: true });
    const listed = await post(proxy, 'listVendors', {});
    const text = JSON.stringify(listed.body);
    assert.doesNotMatch(text, new RegExp(HOME_VALUE.replace(/[/\\]/g, '\\$&')));
    assert.doesNotMatch(text, new RegExp(GLM_KEY));
    assert.doesNotMatch(text, /plain-header-value-1234/);
    const glm = (listed.body.vendors as Array<Record<string, unknown>>)[0];
    assert.deepEqual(glm?.headers, { a: { set: true, env: 'HOME' }, 'x-plain': { set: true, hint: '1234' } });
    assert.deepEqual(glm?.apiKey, { set: true, hint: '0001' }, 'the key was kept: same destination');
    // The forwarder does expand it, for the vendor the user configured.
    vendor.requests.length = 0;
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(vendor.requests[0]?.headers.a, HOME_VALUE);

    const elsewhere = await post(proxy, 'saveVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: vendor.url, modelMap: [{ match: 'x', to: '${HOME}' }] },
    });
    assert.equal(elsewhere.body.ok, false);
    assert.match(JSON.stringify(elsewhere.body.problems), /modelMap\[0\]\.to.*read only in/);
  });

  it('refuses a keychain reference given through the API (it would aim a field at another secret)', async () => {
    const aimed = await post(proxy, 'saveVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: vendor.url, headers: { a: 'keychain:vendor/x/apiKey' } },
    });
    assert.equal(aimed.body.ok, false);
    assert.match(JSON.stringify(aimed.body.problems), /headers\.a.*keychain references are made by the app/);
  });
});
