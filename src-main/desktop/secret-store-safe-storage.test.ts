import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyValueStore } from './key-value-store.ts';
import { createSafeStorageSecretStore, type SafeStorageLike } from './secret-store-safe-storage.ts';

function memoryStore(): KeyValueStore & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: (key) => structuredClone(data[key]),
    set: (key, value) => {
      data[key] = structuredClone(value);
    },
  };
}

/** A reversible stand-in for the OS keychain: the real `safeStorage` exists only inside Electron. */
function fakeSafeStorage(
  available = true,
  backend = 'gnome_libsecret',
): SafeStorageLike & { available: boolean } {
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (text) => Buffer.from(`enc:${[...text].reverse().join('')}`),
    decryptString: (buffer) => {
      const text = buffer.toString();
      if (!text.startsWith('enc:'))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(4)].reverse().join('');
    },
    getSelectedStorageBackend: () => backend,
  };
}

describe('safeStorage secret store', () => {
  it('stores only ciphertext and reads it back', async () => {
    const store = memoryStore();
    const secrets = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'darwin',
    });
    await secrets.set('copilot:githubToken', 'gho_secret');
    assert.doesNotMatch(JSON.stringify(store.data), /gho_secret/);
    assert.equal(await secrets.get('copilot:githubToken'), 'gho_secret');
    assert.equal(secrets.problem, undefined);
    const reopened = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'darwin',
    });
    assert.equal(await reopened.get('copilot:githubToken'), 'gho_secret');
  });

  it('deletes a secret', async () => {
    const store = memoryStore();
    const secrets = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(),
      store,
      platform: 'win32',
    });
    await secrets.set('a', '1');
    await secrets.set('b', '2');
    await secrets.delete('a');
    assert.equal(await secrets.get('a'), undefined);
    assert.equal(await secrets.get('b'), '2');
    assert.deepEqual(Object.keys(store.data.secrets as object), ['b']);
  });

  it('keeps secrets in memory only, and says so, when encryption is unavailable', async () => {
    const store = memoryStore();
    const secrets = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(false),
      store,
      platform: 'linux',
    });
    await secrets.set('antigravity:refreshToken', '1//refresh');
    assert.equal(await secrets.get('antigravity:refreshToken'), '1//refresh');
    assert.deepEqual(store.data, {}, 'nothing written to disk');
    assert.match(secrets.problem ?? '', /keychain is not available/);
    const nextRun = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(false),
      store,
      platform: 'linux',
    });
    assert.equal(await nextRun.get('antigravity:refreshToken'), undefined);
  });

  it("treats Linux's basic_text backend as no encryption", async () => {
    const store = memoryStore();
    const secrets = createSafeStorageSecretStore({
      safeStorage: fakeSafeStorage(true, 'basic_text'),
      store,
      platform: 'linux',
    });
    await secrets.set('k', 'v');
    assert.deepEqual(store.data, {});
    assert.match(secrets.problem ?? '', /Secret Service or KWallet/);
  });

  it('does not decrypt stored ciphertext once encryption became unavailable, nor crash on foreign ciphertext', async () => {
    const store = memoryStore();
    const safeStorage = fakeSafeStorage();
    const secrets = createSafeStorageSecretStore({ safeStorage, store, platform: 'darwin' });
    await secrets.set('k', 'v');
    safeStorage.available = false;
    assert.equal(await secrets.get('k'), undefined);
    safeStorage.available = true;
    store.set('secrets', { k: Buffer.from('garbage').toString('base64') });
    assert.equal(await secrets.get('k'), undefined);
  });
});
