// The vendor form's commands over the real control API (HTTP + token) of a real core, with fake vendors on
// 127.0.0.1: the Test call and what it must not touch, the base URL check, sign-in state and sign-out, notices,
// and remove with undo — secrets included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ProxyConfigInput, parseConfig } from '../../../src-shared/config-schema.ts';
import type { CoreEvent, VendorState } from '../../../src-shared/contract.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  type FakeVendor,
  startFakeVendor,
} from '../../../tests/support/fake-vendor.ts';
import { BASIC_REQUEST, controlFetch, postMessages } from '../../../tests/support/proxy-harness.ts';
import type { SecretStore } from '../common/secret-store.ts';
import { createMemoryConfigStore } from '../config/config-store.ts';
import { type RunningCore, startCore } from '../start-core.ts';
import { GITHUB_TOKEN_KEY } from '../vendors/copilot/adapter.ts';

const STORED_KEY = 'sk-stored-key-0000-4321';

function memorySecrets(initial: Record<string, string>): SecretStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => {
      data.set(key, value);
    },
    delete: async (key) => {
      data.delete(key);
    },
  };
}

describe('vendor form commands', () => {
  let vendor: FakeVendor;
  let other: FakeVendor;
  let core: RunningCore;
  let dataDir: string;
  let store: ReturnType<typeof createMemoryConfigStore>;
  let secrets: ReturnType<typeof memorySecrets>;
  const events: CoreEvent[] = [];

  const call = async <T>(command: string, body: unknown = {}): Promise<T> => {
    const response = await controlFetch({ url: core.url, token: core.controlToken }, `/api/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`${command}: HTTP ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('OK', { model: 'glm-5.2' }) }]);
    other = await startFakeVendor([{ kind: 'json', body: anthropicMessage('OK') }]);
    const input: ProxyConfigInput = {
      vendors: [
        { name: 'first', kind: 'anthropic-compatible', baseUrl: other.url, apiKey: 'sk-first-0000-1111' },
        {
          name: 'glm',
          kind: 'zhipu',
          baseUrl: vendor.url,
          apiKey: 'keychain:vendor/glm/apiKey',
          headers: { 'x-team': 'keychain:vendor/glm/headers/x-team' },
          circuitBreaker: { failureThreshold: 1, recoveryTimeoutSeconds: 60 },
        },
        { name: 'last', kind: 'anthropic-compatible', baseUrl: other.url, apiKey: 'sk-last-0000-2222' },
        {
          name: 'pilot',
          kind: 'copilot',
          // Unreachable on purpose: the start-up model check must not need GitHub.
          tokenUrl: 'http://127.0.0.1:9/token',
          enabled: false,
        },
      ],
      tiers: ['first', 'glm', 'last', 'pilot'],
    };
    const parsed = parseConfig(input);
    assert.ok(parsed.ok);
    dataDir = mkdtempSync(join(tmpdir(), 'vendor-form-'));
    store = createMemoryConfigStore(input as Record<string, unknown>);
    secrets = memorySecrets({
      'vendor/glm/apiKey': STORED_KEY,
      'vendor/glm/headers/x-team': 'team-secret-value',
      [GITHUB_TOKEN_KEY]: 'gho_stored_github_token',
    });
    const keychain = (key: string) => secrets.data.get(key);
    core = await startCore({
      config: parsed.config,
      configStore: store,
      dataDir,
      port: 0,
      host: '127.0.0.1',
      secrets,
      secretResolver: { env: {}, keychain },
      sink: { record: () => undefined },
    });
    core.context.events.on((event) => events.push(event));
  });

  after(async () => {
    await core?.close();
    await vendor?.close();
    await other?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tests a saved vendor with one small non-streaming call, touching nothing of its tier', async () => {
    events.length = 0;
    const result = await call<{ ok: boolean; latencyMs: number; model: string }>('testVendor', {
      name: 'glm',
    });
    assert.equal(result.ok, true);
    assert.equal(result.model, 'glm-5.2');
    assert.equal(typeof result.latencyMs, 'number');
    const sent = vendor.requests.at(-1);
    assert.equal(sent?.url, '/v1/messages');
    const body = sent?.json as { model: string; max_tokens: number; stream?: boolean };
    // Zhipu's preset maps Sonnet to its default model; the key is the stored one, the header too.
    assert.equal(body.model, 'glm-5.2');
    assert.equal(body.max_tokens, 16);
    assert.notEqual(body.stream, true);
    assert.equal(sent?.headers.authorization, `Bearer ${STORED_KEY}`);
    assert.equal(sent?.headers['x-team'], 'team-secret-value');
    assert.deepEqual(
      events.filter((event) => event.type !== 'tier-changed' || event.tier.name === 'glm').map((e) => e.type),
      [],
    );
  });

  it('shows the vendor error redacted, without opening the breaker or recording anything', async () => {
    vendor.script([
      {
        kind: 'json',
        status: 401,
        body: anthropicErrorBody('authentication_error', `invalid api key ${STORED_KEY}`),
      },
    ]);
    const result = await call<{ ok: boolean; reason: string; status: number; message: string }>(
      'testVendor',
      {
        name: 'glm',
      },
    );
    assert.equal(result.ok, false);
    assert.equal(result.reason, 'credentials');
    assert.equal(result.status, 401);
    assert.match(result.message, /invalid api key …4321/);
    assert.doesNotMatch(result.message, new RegExp(STORED_KEY));
    const status = core.context.router.chain.status('glm');
    assert.equal(status.circuit.state, 'closed');
    assert.equal(status.circuit.failures, 0);
    assert.equal(status.lastError, undefined);
    assert.equal(status.signInNeeded, undefined);
    vendor.script([{ kind: 'json', body: anthropicMessage('OK', { model: 'glm-5.2' }) }]);
  });

  it('tests unsaved values: a typed key goes to the form’s destination, a stored one never to a new one', async () => {
    const before = other.requests.length;
    const moved = await call<{ ok: boolean; reason: string; message: string }>('testVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: other.url, apiKey: '' },
    });
    // The stored key stays behind: the tier has no key for the new host, so nothing is sent at all.
    assert.deepEqual([moved.ok, moved.reason], [false, 'credentials']);
    assert.doesNotMatch(moved.message, /4321/);
    assert.equal(other.requests.length, before);

    const typed = await call<{ ok: boolean }>('testVendor', {
      previousName: 'glm',
      vendor: { name: 'glm', kind: 'zhipu', baseUrl: other.url, apiKey: 'sk-typed-in-form-7777' },
    });
    assert.equal(typed.ok, true);
    assert.equal(other.requests.at(-1)?.headers.authorization, 'Bearer sk-typed-in-form-7777');
    // Nothing was saved.
    assert.equal(core.context.config.vendors.find((v) => v.name === 'glm')?.baseUrl, vendor.url);
  });

  it('says in words when nothing answers, and when the form’s values are not a vendor', async () => {
    const refused = await call<{ ok: boolean; reason: string; message: string }>('testVendor', {
      vendor: {
        name: 'nowhere',
        kind: 'anthropic-compatible',
        baseUrl: 'http://127.0.0.1:1',
        apiKey: 'sk-x-123456',
      },
    });
    assert.deepEqual([refused.ok, refused.reason], [false, 'unreachable']);
    assert.match(refused.message, /ECONNREFUSED/);
    const invalid = await call<{ ok: boolean; reason: string; message: string }>('testVendor', {
      vendor: { name: 'bad name!', kind: 'zhipu' },
    });
    assert.deepEqual([invalid.ok, invalid.reason], [false, 'invalid']);
    assert.match(invalid.message, /^name: /);
  });

  it('checks whether anything listens at a base URL without sending it a request', async () => {
    const before = vendor.requests.length;
    assert.deepEqual(await call('checkBaseUrl', { url: vendor.url }), { reachable: true });
    assert.equal(vendor.requests.length, before);
    const refused = await call<{ reachable: boolean; reason: string }>('checkBaseUrl', {
      url: 'http://127.0.0.1:1',
    });
    assert.deepEqual([refused.reachable, refused.reason], [false, 'refused']);
    const invalid = await call<{ reachable: boolean; reason: string }>('checkBaseUrl', { url: 'ftp://x' });
    assert.deepEqual([invalid.reachable, invalid.reason], [false, 'invalid']);
  });

  it('reports a stored sign-in (never the token) and signs out: the tier needs a sign-in at once', async () => {
    const state = async () =>
      (await call<{ vendors: VendorState[] }>('vendorStates')).vendors.find((v) => v.name === 'pilot');
    const signedIn = await state();
    assert.deepEqual(signedIn?.signIn?.source, 'sign-in');
    assert.doesNotMatch(JSON.stringify(signedIn), /gho_stored/);
    const result = await call<{ ok: boolean; provider: string; tiers: string[] }>('signOut', {
      vendor: 'pilot',
    });
    assert.deepEqual(result, { ok: true, provider: 'github', tiers: ['pilot'] });
    assert.equal(secrets.data.has(GITHUB_TOKEN_KEY), false);
    const after = await state();
    assert.equal(after?.signIn?.source, 'none');
    assert.match(after?.signIn?.problem ?? '', /sign-in needed/i);
    assert.match(core.context.router.chain.status('pilot').signInNeeded ?? '', /sign-in needed/i);
    const pushed = events.filter((e) => e.type === 'tier-changed' && e.tier.name === 'pilot').at(-1);
    assert.ok(pushed?.type === 'tier-changed' && pushed.tier.signInNeeded);
    // Beside the CLI's sentence, what a front end needs to say it in its own language.
    assert.deepEqual(pushed.tier.signIn, { provider: 'github', reason: 'missing' });
    const refused = await controlFetch({ url: core.url, token: core.controlToken }, '/api/signOut', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'glm' }),
    });
    assert.equal(refused.status, 400);
  });

  it('lists a vendor notice until the vendor is rebuilt by an edit', async () => {
    core.context.events.emit({ type: 'vendor-notice', tier: 'last', message: 'last: glm-9 is not offered' });
    const notices = async () =>
      (await call<{ vendors: VendorState[] }>('vendorStates')).vendors.find((v) => v.name === 'last')
        ?.notices;
    assert.deepEqual(await notices(), ['last: glm-9 is not offered']);
    const saved = await call<{ ok: boolean }>('saveVendor', {
      previousName: 'last',
      vendor: {
        name: 'last',
        kind: 'anthropic-compatible',
        baseUrl: other.url,
        apiKey: '',
        timeoutMs: 90_000,
      },
    });
    assert.equal(saved.ok, true);
    assert.deepEqual(await notices(), []);
  });

  it('removes a vendor with its keychain secrets, and undo puts both back at the same place', async () => {
    const removed = await call<{ ok: boolean; undoToken: string; position: number; name: string }>(
      'removeVendorWithUndo',
      { name: 'glm' },
    );
    assert.equal(removed.position, 1);
    assert.deepEqual(core.context.router.chain.order, ['first', 'last', 'pilot']);
    assert.equal(secrets.data.has('vendor/glm/apiKey'), false);
    assert.equal(secrets.data.has('vendor/glm/headers/x-team'), false);
    assert.deepEqual(store.data.tiers, ['first', 'last', 'pilot']);

    const undone = await call<{ ok: boolean; name: string; position: number }>('undoRemoveVendor', {
      undoToken: removed.undoToken,
    });
    assert.deepEqual(undone, { ok: true, name: 'glm', position: 1 });
    assert.deepEqual(core.context.router.chain.order, ['first', 'glm', 'last', 'pilot']);
    assert.equal(secrets.data.get('vendor/glm/apiKey'), STORED_KEY);
    const entry = (store.data.vendors as Array<Record<string, unknown>>)[1];
    assert.equal(entry?.apiKey, 'keychain:vendor/glm/apiKey');
    // The restored tier serves, with its key.
    await call('setVendorEnabled', { name: 'first', enabled: false });
    assert.equal((await postMessages(core.url, BASIC_REQUEST)).status, 200);
    assert.equal(vendor.requests.at(-1)?.headers.authorization, `Bearer ${STORED_KEY}`);
    await call('setVendorEnabled', { name: 'first', enabled: true });

    // A second undo of the same removal, or one the page let go of, is refused.
    const again = await controlFetch({ url: core.url, token: core.controlToken }, '/api/undoRemoveVendor', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ undoToken: removed.undoToken }),
    });
    assert.equal(again.status, 404);
    const second = await call<{ undoToken: string }>('removeVendorWithUndo', { name: 'glm' });
    await call('forgetRemovedVendor', { undoToken: second.undoToken });
    const forgotten = await controlFetch(
      { url: core.url, token: core.controlToken },
      '/api/undoRemoveVendor',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ undoToken: second.undoToken }),
      },
    );
    assert.equal(forgotten.status, 404);
    assert.equal(secrets.data.has('vendor/glm/apiKey'), false);
  });
});
