// What `listVendors` tells a front end about a vendor: everything but its secrets. Keys and header values are
// masked; the hint (last four characters) is taken only from a value written literally, never from what a
// `${VAR}` reference would expand to, so no control answer reads the environment back.
import type { VendorConfig } from '../../../src-shared/config-schema.ts';
import type { SecretHint, VendorView } from '../../../src-shared/contract.ts';
import { envReferences } from '../config/interpolate-env.ts';
import { isReference, KEYCHAIN_PREFIX } from '../config/secret-refs.ts';

export function maskSecret(value: string | undefined): SecretHint {
  if (!value) return { set: false };
  if (value.startsWith(KEYCHAIN_PREFIX)) return { set: true, stored: 'keychain' };
  if (isReference(value)) {
    const variable = envReferences(value)[0];
    return variable ? { set: true, env: variable } : { set: true };
  }
  return value.length > 8 ? { set: true, hint: value.slice(-4) } : { set: true };
}

export function vendorView(vendor: VendorConfig): VendorView {
  const { apiKey, githubToken, clientSecret: _s, refreshToken: _r, headers, ...rest } = vendor;
  return {
    ...rest,
    apiKey: maskSecret(apiKey),
    githubToken: maskSecret(githubToken),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskSecret(value)])),
  };
}
