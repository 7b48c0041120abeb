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
  it('moves plain-text secrets of an imported config into the keychain on open, and reads them back resolved', async () => {
    const file = createMemoryConfigStore({
      vendors: [
        { name: 'glm', kind: 'zhipu', apiKey: 'sk-glm-plain' },
        { name: 'env', kind: 'kimi', apiKey: '${KIMI_API_KEY}' },
      ],
    });
    const vault = memoryVault();
    const store = await openSecretKeepingConfigStore(file, vault);
    assert.equal(store.migrated, 1);
    assert.doesNotMatch(JSON.stringify(file.data), /sk-glm-plain/);
    assert.equal(vault.data.get('vendor/glm/apiKey'), 'sk-glm-plain');
    assert.equal((store.get(['vendors']) as Array<{ apiKey: string }>)[0]?.apiKey, 'sk-glm-plain');
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
      githubToken: 'gho_secret',
      enabled: false,
    });
  });

  it('resolves a secret the keychain lost to an empty value (the vendor then reports its missing key)', async () => {
    const file = createMemoryConfigStore({
      vendors: [{ name: 'glm', kind: 'zhipu', apiKey: 'keychain:vendor/glm/apiKey' }],
    });
    const store = await openSecretKeepingConfigStore(file, memoryVault());
    assert.equal(store.get(['vendors', 0, 'apiKey']), '');
  });
});
