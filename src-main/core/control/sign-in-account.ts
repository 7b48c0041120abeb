// The account name beside a vendor's stored sign-in, for the vendor list and tier cards. A sign-in made before
// accounts were kept (or whose lookup failed) is asked about lazily, once per token: GitHub with the token itself,
// Google with a fresh access token from the refresh token. The list does not wait long for it; an answer that
// comes later is announced as `tier-changed`, which makes the front ends read the list again.
import { setTimeout as delay } from 'node:timers/promises';
import type { VendorConfig } from '../../../src-shared/config-schema.ts';
import type { SignInProvider } from '../../../src-shared/contract.ts';
import {
  type AccountIdentity,
  fetchGithubIdentity,
  fetchGoogleIdentity,
  type IdentityLookup,
} from '../auth/account-identity.ts';
import { ANTIGRAVITY_CLIENT_ID, refreshAccessToken } from '../auth/google-oauth.ts';
import type { CoreContext } from '../core-context.ts';

/** How long a vendor list waits for a lazy lookup before answering without the account. */
const LIST_WAIT_MS = 1_500;

/** The settings of a copilot / antigravity vendor that say where its account is asked for. */
export type AccountEndpoints = Partial<
  Pick<VendorConfig, 'tokenUrl' | 'oauthTokenUrl' | 'clientId' | 'clientSecret' | 'userinfoUrl'>
>;

/** How to ask the provider which account `token` (a GitHub token, a Google refresh token) belongs to. */
export function accountLookup(
  provider: SignInProvider,
  vendor: AccountEndpoints,
  token: string,
): () => Promise<IdentityLookup> {
  if (provider === 'github') return () => fetchGithubIdentity({ token, tokenUrl: vendor.tokenUrl });
  return async () => {
    const { accessToken } = await refreshAccessToken({
      tokenUrl: vendor.oauthTokenUrl,
      clientId: vendor.clientId ?? ANTIGRAVITY_CLIENT_ID,
      ...(vendor.clientSecret ? { clientSecret: vendor.clientSecret } : {}),
      refreshToken: token,
    });
    return fetchGoogleIdentity({ accessToken, userinfoUrl: vendor.userinfoUrl });
  };
}

/** The account of `vendor`'s stored sign-in (`token`), or undefined while nobody knows it. */
export async function signedInAccount(
  core: CoreContext,
  provider: SignInProvider,
  vendor: VendorConfig,
  token: string,
): Promise<string | undefined> {
  const accounts = core.accounts;
  if (!accounts) return undefined;
  const known = await accounts.get(provider, token).catch(() => undefined);
  if (known) return known.account;
  let waited = false;
  // Resolved: the Google refresh needs the client secret itself, not its `${VAR}` reference.
  const lookup = accounts.lookUpOnce(
    provider,
    token,
    accountLookup(provider, core.resolveVendor(vendor), token),
  );
  void lookup.then((identity) => {
    if (waited && identity && core.router.chain.get(vendor.name)) {
      core.events.emit({ type: 'tier-changed', tier: core.router.chain.status(vendor.name) });
    }
  });
  const timer = new AbortController();
  const first = await Promise.race<AccountIdentity | undefined | 'late'>([
    lookup,
    delay(LIST_WAIT_MS, 'late' as const, { signal: timer.signal, ref: false }).catch(() => undefined),
  ]);
  timer.abort();
  if (first === 'late') {
    waited = true;
    return undefined;
  }
  return first?.account;
}
