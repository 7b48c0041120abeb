// The desktop app never writes a secret into its settings file: API keys, GitHub tokens, OAuth client secrets and
// refresh tokens in the proxy configuration are moved into the secret store (the OS keychain through safeStorage)
// and the file keeps a reference. Reading the configuration returns the references too: only a vendor's forwarder
// resolves them, through `lookup` (core/config/secret-refs.ts), so no control answer can carry a keychain value.
import type { ConfigStore } from '../core/config/config-store.ts';
import type { SecretStore } from '../core/common/secret-store.ts';
import { KEYCHAIN_PREFIX, SECRET_FIELDS } from '../core/config/secret-refs.ts';

export { SECRET_FIELDS };
export const SECRET_REF_PREFIX = KEYCHAIN_PREFIX;

type Node = Record<string | number, unknown>;

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object';
/** `${VAR}` is a pointer to the environment, not a secret: it stays in the file. */
const isEnvReference = (value: string) => /^\$\{[^}]+\}$/.test(value.trim());

export interface SecretKeepingConfigStore extends ConfigStore {
  /** Secrets moved out of the settings file when the store was opened (imported or older configs). */
  readonly migrated: number;
  /** The secret behind a `keychain:<key>` reference, for the forwarders' resolver; undefined when lost. */
  lookup(key: string): string | undefined;
}

const isLiteralSecret = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && !value.startsWith(SECRET_REF_PREFIX) && !isEnvReference(value);

/** Replaces literal secrets in `vendors[]` with references; returns what was taken out. */
export function takeSecrets(root: unknown): Array<[key: string, value: string]> {
  const taken: Array<[string, string]> = [];
  const vendors = isNode(root) ? root.vendors : undefined;
  if (!Array.isArray(vendors)) return taken;
  for (const vendor of vendors) {
    if (!isNode(vendor) || typeof vendor.name !== 'string') continue;
    for (const field of SECRET_FIELDS) {
      const value = vendor[field];
      if (!isLiteralSecret(value)) continue;
      const key = `vendor/${vendor.name}/${field}`;
      taken.push([key, value]);
      vendor[field] = `${SECRET_REF_PREFIX}${key}`;
    }
    // Header values are masked like keys (an Authorization header is a key); they live in the keychain too.
    const headers = vendor.headers;
    if (!isNode(headers)) continue;
    for (const [name, value] of Object.entries(headers)) {
      if (!isLiteralSecret(value)) continue;
      const key = `vendor/${vendor.name}/headers/${name}`;
      taken.push([key, value]);
      headers[name] = `${SECRET_REF_PREFIX}${key}`;
    }
  }
  return taken;
}

function referencesIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string' && value.startsWith(SECRET_REF_PREFIX))
    out.add(value.slice(SECRET_REF_PREFIX.length));
  else if (Array.isArray(value)) for (const item of value) referencesIn(item, out);
  else if (isNode(value)) for (const item of Object.values(value)) referencesIn(item, out);
  return out;
}

function setIn(root: Node, path: Array<string | number>, value: unknown): void {
  let node = root;
  for (const [index, key] of path.slice(0, -1).entries()) {
    if (!isNode(node[key])) node[key] = typeof path[index + 1] === 'number' ? [] : {};
    node = node[key] as Node;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Opens the store: loads the referenced secrets into memory (the SecretStore is async, ConfigStore is not) and
 * moves any plain-text secret still in the file into the keychain.
 */
export async function openSecretKeepingConfigStore(
  inner: ConfigStore,
  vault: SecretStore,
): Promise<SecretKeepingConfigStore> {
  const cache = new Map<string, string>();
  const persist = (taken: Array<[string, string]>) => {
    for (const [key, value] of taken) {
      cache.set(key, value);
      void vault.set(key, value);
    }
  };
  const root = inner.get([]);
  for (const key of referencesIn(root)) {
    const value = await vault.get(key);
    if (value !== undefined) cache.set(key, value);
  }
  const taken = takeSecrets(root);
  if (taken.length) {
    persist(taken);
    inner.set([], root);
  }
  return {
    migrated: taken.length,
    lookup: (key) => cache.get(key),
    get(path) {
      return inner.get(path);
    },
    set(path, value) {
      const current = inner.get([]);
      const next: Node = isNode(current) ? current : {};
      if (path.length === 0) {
        const replaced = structuredClone(value) as Node;
        persist(takeSecrets(replaced));
        inner.set([], replaced);
        return;
      }
      setIn(next, path, structuredClone(value));
      persist(takeSecrets(next));
      inner.set([], next);
    },
  };
}
