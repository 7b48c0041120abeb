// Secrets (OAuth refresh tokens, device-flow tokens) encrypted with Electron's `safeStorage` (Keychain on macOS,
// DPAPI on Windows, the Secret Service / KWallet on Linux) and kept as base64 ciphertext in the store. When no
// OS encryption is available (or Linux falls back to its hard-coded "basic_text" key), secrets are kept in
// memory for this session only and `problem` says so: never written to disk in the clear.
import type { SecretStore } from '../core/common/secret-store.ts';
import type { KeyValueStore } from './key-value-store.ts';

/** The slice of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStore extends SecretStore {
  /** Why secrets are not being persisted, or undefined when they are. */
  readonly problem: string | undefined;
}

const STORE_KEY = 'secrets';

export function createSafeStorageSecretStore(options: {
  safeStorage: SafeStorageLike;
  store: KeyValueStore;
  platform: NodeJS.Platform;
}): SafeStorageSecretStore {
  const { safeStorage, store } = options;
  const sessionOnly = new Map<string, string>();
  const encryptionProblem = (): string | undefined => {
    if (!safeStorage.isEncryptionAvailable())
      return 'the system keychain is not available: sign-ins are kept only until the app quits';
    if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
      return 'no Secret Service or KWallet was found: sign-ins are kept only until the app quits';
    return undefined;
  };
  const readAll = (): Record<string, string> => {
    const value = store.get(STORE_KEY);
    if (value === null || typeof value !== 'object') return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  };
  const writeAll = (all: Record<string, string>) => store.set(STORE_KEY, all);
  return {
    get problem() {
      return encryptionProblem();
    },
    async get(key) {
      if (sessionOnly.has(key)) return sessionOnly.get(key);
      const encrypted = readAll()[key];
      if (encrypted === undefined || encryptionProblem()) return undefined;
      try {
        return safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
      } catch {
        // Encrypted under another OS user or a reset keychain: the user has to sign in again.
        return undefined;
      }
    },
    async set(key, value) {
      if (encryptionProblem()) {
        sessionOnly.set(key, value);
        return;
      }
      sessionOnly.delete(key);
      writeAll({ ...readAll(), [key]: safeStorage.encryptString(value).toString('base64') });
    },
    async delete(key) {
      sessionOnly.delete(key);
      const all = readAll();
      if (key in all) {
        delete all[key];
        writeAll(all);
      }
    },
  };
}
