import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryConfigStore } from '../core/config/config-store.ts';
import type { SecretStore } from '../core/common/secret-store.ts';
import { openSecretKeepingConfigStore } from './secret-keeping-config-store.ts';

function memoryVault(): SecretStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
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

describe('the desktop config store keeps secrets out of the settings file', () => {
  it('moves plain-text secrets of an imported config into the keychain on open; reads give references only', async () => {
    const file = createMemoryConfigStore({
      vendors: [
        {
          name: 'glm',
          kind: 'zhipu',
          apiKey: 'sk-glm-plain',
          headers: { authorization: 'Bearer hdr-secret' },
        },
        { name: 'env', kind: 'kimi', apiKey: '${KIMI_API_KEY}' },
      ],
    });
    const vault = memoryVault();
    const store = await openSecretKeepingConfigStore(file, vault);
    assert.equal(store.migrated, 2);
    assert.doesNotMatch(JSON.stringify(file.data), /sk-glm-plain|hdr-secret/);
    assert.equal(vault.data.get('vendor/glm/apiKey'), 'sk-glm-plain');
    assert.equal(vault.data.get('vendor/glm/headers/authorization'), 'Bearer hdr-secret');
    const read = (store.get(['vendors']) as Array<{ apiKey: string; headers?: Record<string, string> }>)[0];
    assert.equal(read?.apiKey, 'keychain:vendor/glm/apiKey', 'never resolved by a read');
    assert.equal(read?.headers?.authorization, 'keychain:vendor/glm/headers/authorization');
    assert.equal(store.lookup('vendor/glm/apiKey'), 'sk-glm-plain', 'the forwarders resolve through lookup');
    assert.equal(
      (store.get(['vendors']) as Array<{ apiKey: string }>)[1]?.apiKey,
      '${KIMI_API_KEY}',
      'env references stay',
    );
  });

  it('takes secrets out of every later write (dashboard vendor edits) and keeps them across a reopen', async () => {
    const file = createMemoryConfigStore({ vendors: [] });
    const vault = memoryVault();
    const store = await openSecretKeepingConfigStore(file, vault);
    store.set(['vendors'], [{ name: 'copilot', kind: 'copilot', githubToken: 'gho_secret' }]);
    store.set(['vendors', 0, 'enabled'], false);
    assert.doesNotMatch(JSON.stringify(file.data), /gho_secret/);
    const reopened = await openSecretKeepingConfigStore(file, vault);
    assert.deepEqual(reopened.get(['vendors', 0]), {
      name: 'copilot',
      kind: 'copilot',
      githubToken: 'keychain:vendor/copilot/githubToken',
      enabled: false,
    });
    assert.equal(reopened.lookup('vendor/copilot/githubToken'), 'gho_secret');
  });

  it('looks up nothing for a secret the keychain lost (the forwarder then reports its missing key)', async () => {
    const file = createMemoryConfigStore({
      vendors: [{ name: 'glm', kind: 'zhipu', apiKey: 'keychain:vendor/glm/apiKey' }],
    });
    const store = await openSecretKeepingConfigStore(file, memoryVault());
    assert.equal(store.lookup('vendor/glm/apiKey'), undefined);
  });
});
