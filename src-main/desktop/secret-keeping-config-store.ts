// The desktop app never writes a secret into its settings file: API keys, GitHub tokens, OAuth client secrets and
// refresh tokens in the proxy configuration are moved into the secret store (the OS keychain through safeStorage)
// and the file keeps a reference. Everything reading the configuration through this store sees the real values.
import type { ConfigStore } from '../core/config/config-store.ts';
import type { SecretStore } from '../core/common/secret-store.ts';

export const SECRET_FIELDS = ['apiKey', 'githubToken', 'clientSecret', 'refreshToken'] as const;
export const SECRET_REF_PREFIX = 'keychain:';

type Node = Record<string | number, unknown>;

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object';
/** `${VAR}` is a pointer to the environment, not a secret: it stays in the file. */
const isEnvReference = (value: string) => /^\$\{[^}]+\}$/.test(value.trim());

export interface SecretKeepingConfigStore extends ConfigStore {
  /** Secrets moved out of the settings file when the store was opened (imported or older configs). */
  readonly migrated: number;
}

/** Replaces literal secrets in `vendors[]` with references; returns what was taken out. */
export function takeSecrets(root: unknown): Array<[key: string, value: string]> {
  const taken: Array<[string, string]> = [];
  const vendors = isNode(root) ? root.vendors : undefined;
  if (!Array.isArray(vendors)) return taken;
  for (const vendor of vendors) {
    if (!isNode(vendor) || typeof vendor.name !== 'string') continue;
    for (const field of SECRET_FIELDS) {
      const value = vendor[field];
      if (
        typeof value !== 'string' ||
        value === '' ||
        value.startsWith(SECRET_REF_PREFIX) ||
        isEnvReference(value)
      ) {
        continue;
      }
      const key = `vendor/${vendor.name}/${field}`;
      taken.push([key, value]);
      vendor[field] = `${SECRET_REF_PREFIX}${key}`;
    }
  }
  return taken;
}

/** Deep copy with every reference replaced by its secret ('' when the keychain lost it). */
export function resolveSecrets(value: unknown, lookup: (key: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    return value.startsWith(SECRET_REF_PREFIX)
      ? (lookup(value.slice(SECRET_REF_PREFIX.length)) ?? '')
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveSecrets(item, lookup));
  if (isNode(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, lookup)]));
  return value;
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
    get(path) {
      return resolveSecrets(inner.get(path), (key) => cache.get(key));
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
