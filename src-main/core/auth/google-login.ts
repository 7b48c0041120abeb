// `coding-proxy auth login google`: one browser sign-in, ending with the refresh token in the SecretStore, where
// the antigravity vendor finds it.
import type { SecretStore } from '../common/secret-store.ts';
import { fetchGoogleIdentity } from './account-identity.ts';
import {
  ANTIGRAVITY_SCOPES,
  buildAuthUrl,
  createPkcePair,
  createState,
  exchangeCode,
  GOOGLE_REFRESH_TOKEN_KEY,
  GoogleOAuthError,
  openLoopbackRedirect,
} from './google-oauth.ts';
import type { SignInAccounts } from './sign-in-accounts.ts';

export interface GoogleLoginOptions {
  clientId: string;
  clientSecret?: string;
  authUrl?: string;
  tokenUrl?: string;
  /** Where to ask Google which account signed in (default: the OAuth2 userinfo endpoint). */
  userinfoUrl?: string | undefined;
  /** Where the account is recorded, beside (not in) the secrets. */
  accounts?: SignInAccounts;
  scopes?: readonly string[];
  /** Opens the system browser; when absent (or when it throws) the printed URL is the way in. */
  openBrowser?: (url: string) => void;
  print: (line: string) => void;
  secrets: SecretStore;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface GoogleSignIn {
  /** The URL the user opens in a browser. */
  authUrl: string;
  /** Waits for the browser to come back, exchanges the code and returns the refresh token (and the first
   *  access token, which can ask Google whose account it is). */
  complete(options: {
    signal?: AbortSignal;
    timeoutMs?: number;
    now?: () => number;
  }): Promise<{ refreshToken: string; accessToken: string }>;
  close(): Promise<void>;
}

/**
 * One installed-app sign-in: PKCE and state, a loopback listener for the redirect, the code exchange. Shared by
 * `auth login google` and the dashboard's sign-in panel; the caller shows the URL and stores the token.
 */
export async function beginGoogleSignIn(options: {
  clientId: string;
  clientSecret?: string | undefined;
  authUrl?: string | undefined;
  tokenUrl?: string | undefined;
  scopes?: readonly string[];
}): Promise<GoogleSignIn> {
  const state = createState();
  const pkce = createPkcePair();
  const redirect = await openLoopbackRedirect({ state });
  return {
    authUrl: buildAuthUrl({
      authUrl: options.authUrl,
      clientId: options.clientId,
      redirectUri: redirect.redirectUri,
      scopes: options.scopes ?? ANTIGRAVITY_SCOPES,
      state,
      codeChallenge: pkce.challenge,
    }),
    async complete({ signal, timeoutMs, now }) {
      const { code } = await redirect.waitForRedirect({ signal, timeoutMs });
      const tokens = await exchangeCode({
        tokenUrl: options.tokenUrl,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        code,
        redirectUri: redirect.redirectUri,
        codeVerifier: pkce.verifier,
        signal,
        ...(now ? { now } : {}),
      });
      if (!tokens.refreshToken) {
        throw new GoogleOAuthError(
          'no_refresh_token',
          'Google returned no refresh token; remove coding-proxy at myaccount.google.com/permissions and sign in again',
        );
      }
      return { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken };
    },
    close: () => redirect.close(),
  };
}

/** Rejects with a `GoogleOAuthError` (code `access_denied`, `timeout`, `cancelled`, `invalid_grant`…). */
export async function runGoogleLogin(options: GoogleLoginOptions): Promise<void> {
  const signIn = await beginGoogleSignIn(options);
  try {
    options.print('Sign in with Google in your browser. If it did not open, visit:');
    options.print(signIn.authUrl);
    try {
      options.openBrowser?.(signIn.authUrl);
    } catch {
      // The URL is printed; a missing browser must not end the sign-in.
    }
    const { refreshToken, accessToken } = await signIn.complete({
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    await options.secrets.set(GOOGLE_REFRESH_TOKEN_KEY, refreshToken);
    // Best effort: a sign-in that cannot name its account is still a sign-in.
    const lookup = await fetchGoogleIdentity({ accessToken, userinfoUrl: options.userinfoUrl });
    const identity = options.accounts
      ? await options.accounts.recordLookup('google', refreshToken, lookup)
      : lookup.ok
        ? lookup.identity
        : undefined;
    const as = identity ? ` as ${identity.account}` : '';
    options.print(`Signed in with Google${as}. The antigravity tier can use this account now.`);
  } finally {
    await signIn.close();
  }
}
