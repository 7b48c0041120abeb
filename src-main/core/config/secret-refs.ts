// Where secrets may be written as references, and the one place they are resolved. The live configuration (what
// every control command reads) keeps `${VAR}` and `keychain:` references exactly as written; only the vendor's
// forwarder — the adapter that sends the request or makes the token exchange — gets a resolved copy. So no control
// answer can ever carry an expanded environment variable or a keychain value.
import type { ConfigProblem, ProxyConfig, VendorConfig } from '../../../src-shared/config-schema.ts';
import { envReferences, expandEnv, hasEnvReference } from './interpolate-env.ts';

/** Vendor fields holding credentials: never returned by a control command, masked in `listVendors`. */
export const SECRET_FIELDS = ['apiKey', 'githubToken', 'clientSecret', 'refreshToken'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];
/** Fields that may be references: the secrets, the OAuth client id (the original's configs use `${GOOG_CLIENT_ID}`)
 *  and every header value. */
export const REFERENCE_FIELDS: readonly string[] = [...SECRET_FIELDS, 'clientId'];
export const KEYCHAIN_PREFIX = 'keychain:';

export interface SecretResolver {
  env: NodeJS.ProcessEnv;
  /** The desktop app's keychain (safeStorage) cache; absent headless, where `keychain:` resolves to ''. */
  keychain?: (key: string) => string | undefined;
}

export interface MissingReference {
  variable: string;
  path: string;
}

function resolveValue(
  value: string,
  resolver: SecretResolver,
  onMissing: (variable: string) => void,
): string {
  if (value.startsWith(KEYCHAIN_PREFIX)) {
    const key = value.slice(KEYCHAIN_PREFIX.length);
    const found = resolver.keychain?.(key);
    if (found === undefined) onMissing(value);
    return found ?? '';
  }
  return expandEnv(value, resolver.env, onMissing);
}

/** A copy of `vendor` for its forwarder, with every reference field resolved. */
export function resolveVendorSecrets(
  vendor: VendorConfig,
  resolver: SecretResolver,
  onMissing: (reference: MissingReference) => void = () => {},
): VendorConfig {
  const resolved: VendorConfig = { ...vendor, headers: {} };
  const record = resolved as unknown as Record<string, unknown>;
  for (const field of REFERENCE_FIELDS) {
    const value = record[field];
    if (typeof value === 'string')
      record[field] = resolveValue(value, resolver, (variable) => onMissing({ variable, path: field }));
  }
  for (const [name, value] of Object.entries(vendor.headers)) {
    resolved.headers[name] = resolveValue(value, resolver, (variable) =>
      onMissing({ variable, path: `headers.${name}` }),
    );
  }
  return resolved;
}

/** References of enabled vendors that resolve to nothing, for the "not set" warnings at start. */
export function unresolvedReferences(config: ProxyConfig, resolver: SecretResolver): MissingReference[] {
  const missing: MissingReference[] = [];
  config.vendors.forEach((vendor, index) => {
    if (!vendor.enabled) return;
    resolveVendorSecrets(vendor, resolver, ({ variable, path }) =>
      missing.push({ variable, path: `vendors[${index}].${path}` }),
    );
  });
  return missing;
}

export function describeMissing({ variable, path }: MissingReference): string {
  return variable.startsWith(KEYCHAIN_PREFIX)
    ? `${variable} is not in the keychain (used by ${path})`
    : `environment variable ${variable} is not set (used by ${path})`;
}

/**
 * `${VAR}` anywhere but a reference field is refused: those values are shown by the dashboard and the status, so
 * expanding the environment there would let anyone who can edit the config read any variable back.
 */
export function misplacedReferences(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const walk = (node: unknown, path: string, allowed: boolean) => {
    if (typeof node === 'string') {
      if (!allowed && hasEnvReference(node)) {
        problems.push({
          path: path || '(root)',
          message: `\${${envReferences(node)[0]}} is read only in ${[...SECRET_FIELDS, 'clientId'].join(', ')} and header values; write the value itself here`,
        });
      }
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) walk(item, `${path}[${index}]`, false);
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const child = path ? `${path}.${key}` : key;
        const inVendor = /^vendors\[\d+\]$/.test(path);
        const inHeaders = /^vendors\[\d+\]\.headers$/.test(path);
        walk(value, child, inHeaders || (inVendor && REFERENCE_FIELDS.includes(key)));
      }
    }
  };
  walk(raw, '', false);
  return problems;
}

export function isReference(value: string): boolean {
  return value.startsWith(KEYCHAIN_PREFIX) || hasEnvReference(value);
}
