// Secrets follow their destination. A dashboard never sees stored secrets, so an edit leaves them empty to mean
// "keep the current one" — but only while the vendor still talks to the same place. Pointing a vendor somewhere
// else (its kind, base URL or any token / sign-in endpoint) drops what it kept unless the edit brings new values,
// and the answer lists what was dropped. A tier that uses credentials it does not hold itself — Claude Code's own
// (`kind: anthropic` without apiKey) or the stored GitHub / Google sign-in — can be pointed elsewhere only with an
// explicit confirmation, since those credentials cannot be "dropped". Addresses are compared in one spelling
// (src-shared/destination-url.ts): adding a trailing slash to a base URL is not a move, and keeps the key.
import type { VendorKind } from '../../../src-shared/config-schema.ts';
import { destinationKey } from '../../../src-shared/destination-url.ts';
import { PRESETS, resolvePreset } from '../config/presets.ts';
import { KEYCHAIN_PREFIX, SECRET_FIELDS } from '../config/secret-refs.ts';

export type RawVendor = Record<string, unknown> & { name?: unknown };

/** Where a vendor's credentials travel: changing any of these is a new destination. */
export const DESTINATION_FIELDS = [
  'kind',
  'baseUrl',
  'tokenUrl',
  'modelsUrl',
  'oauthTokenUrl',
  'authUrl',
  'accessTokenUrl',
  'deviceCodeUrl',
  // Gets a Google access token of the stored sign-in, to learn its account's email.
  'userinfoUrl',
] as const;

export interface CarryOver {
  vendor: RawVendor;
  dropped: string[];
  problems: Array<{ path: string; message: string }>;
}

const kindOf = (vendor: RawVendor): VendorKind | undefined =>
  typeof vendor.kind === 'string' && vendor.kind in PRESETS ? (vendor.kind as VendorKind) : undefined;

const choice = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function destination(vendor: RawVendor, field: (typeof DESTINATION_FIELDS)[number]): unknown {
  const value = vendor[field];
  if (field === 'baseUrl' && (value === undefined || value === '')) {
    const kind = kindOf(vendor);
    if (!kind) return undefined;
    // The preset host of the vendor's region and plan: switching region moves the key to another host.
    const plan = choice(vendor.plan);
    const region = choice(vendor.region);
    const preset = resolvePreset({ kind, ...(plan ? { plan } : {}), ...(region ? { region } : {}) }).baseUrl;
    return preset === undefined ? undefined : destinationKey(preset);
  }
  if (value === '') return undefined;
  return field !== 'kind' && typeof value === 'string' ? destinationKey(value) : value;
}

/** The destination fields that differ (for a new vendor: those pointing away from the kind's defaults). */
function movedFields(previous: RawVendor | undefined, edited: RawVendor): string[] {
  const base = previous ?? { kind: edited.kind };
  return DESTINATION_FIELDS.filter((field) => destination(base, field) !== destination(edited, field));
}

/** "Keep the stored one": empty, absent, or the masked hint a front end got from listVendors. */
const meansKeep = (value: unknown) =>
  value === undefined || value === '' || (typeof value === 'object' && value !== null);

function implicitCredentials(vendor: RawVendor): string | undefined {
  const kind = kindOf(vendor);
  if (kind === 'anthropic' && !vendor.apiKey)
    return "it has no apiKey, so it forwards Claude Code's own credentials (API key or Claude login)";
  if (kind === 'copilot' && !vendor.githubToken) return 'it uses the stored GitHub sign-in';
  if (kind === 'antigravity' && !vendor.refreshToken) return 'it uses the stored Google sign-in';
  return undefined;
}

function hostOf(vendor: RawVendor, field: string): string {
  const value = field === 'kind' ? destination(vendor, 'baseUrl') : vendor[field];
  try {
    return new URL(String(value)).host || String(value);
  } catch {
    return String(value ?? 'its default endpoint');
  }
}

export function carryOverSecrets(
  previous: RawVendor | undefined,
  input: RawVendor,
  confirmDestination: boolean,
): CarryOver {
  const vendor: RawVendor = { ...input };
  const dropped: string[] = [];
  const problems: CarryOver['problems'] = [];
  const moved = movedFields(previous, vendor);
  const sameDestination = previous !== undefined && moved.length === 0;

  const keepOrDrop = (path: string, stored: unknown): unknown => {
    if (stored === undefined) return undefined;
    if (sameDestination) return stored;
    dropped.push(path);
    return undefined;
  };
  // A keychain reference is the app's own pointer to a stored secret; a caller may only hand back the one the
  // field already had (and only while the destination stays), never aim a field at another vendor's secret.
  const checkReference = (path: string, value: string, stored: unknown) => {
    if (!value.startsWith(KEYCHAIN_PREFIX) || (sameDestination && value === stored)) return;
    problems.push({ path, message: 'keychain references are made by the app; enter the secret itself' });
  };

  for (const field of SECRET_FIELDS) {
    const value = vendor[field];
    delete vendor[field];
    const kept = meansKeep(value) ? keepOrDrop(field, previous?.[field]) : value;
    if (typeof value === 'string' && !meansKeep(value)) checkReference(field, value, previous?.[field]);
    if (kept !== undefined) vendor[field] = kept;
  }

  const storedHeaders = (previous?.headers ?? {}) as Record<string, unknown>;
  if (vendor.headers === undefined) {
    const kept: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(storedHeaders)) {
      const carried = keepOrDrop(`headers.${name}`, value);
      if (carried !== undefined) kept[name] = carried;
    }
    if (Object.keys(kept).length) vendor.headers = kept;
  } else if (vendor.headers !== null && typeof vendor.headers === 'object') {
    const next: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(vendor.headers as Record<string, unknown>)) {
      if (meansKeep(value)) {
        const carried = keepOrDrop(`headers.${name}`, storedHeaders[name]);
        if (carried !== undefined) next[name] = carried;
        continue;
      }
      if (typeof value === 'string') checkReference(`headers.${name}`, value, storedHeaders[name]);
      next[name] = value;
    }
    vendor.headers = next;
  }

  const implicit = implicitCredentials(vendor);
  if (implicit && moved.length > 0 && !confirmDestination) {
    const field = moved.find((name) => name !== 'kind') ?? moved[0] ?? 'baseUrl';
    problems.push({
      path: field,
      message: `${implicit}: pointing it at ${hostOf(vendor, field)} would send them there. Give it its own credentials, or save again confirming the new destination (confirmCredentialDestination).`,
    });
  }
  return { vendor, dropped, problems };
}
