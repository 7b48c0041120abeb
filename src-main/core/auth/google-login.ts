// `coding-proxy auth login google`: one browser sign-in, ending with the refresh token in the SecretStore, where
// the antigravity vendor finds it.
import type { SecretStore } from '../vendors/vendor-adapter.ts';
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

export interface GoogleLoginOptions {
  clientId: string;
  clientSecret?: string;
  authUrl?: string;
  tokenUrl?: string;
  scopes?: readonly string[];
  /** Opens the system browser; when absent (or when it throws) the printed URL is the way in. */
  openBrowser?: (url: string) => void;
  print: (line: string) => void;
  secrets: SecretStore;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Rejects with a `GoogleOAuthError` (code `access_denied`, `timeout`, `cancelled`, `invalid_grant`…). */
export async function runGoogleLogin(options: GoogleLoginOptions): Promise<void> {
  const state = createState();
  const pkce = createPkcePair();
  const redirect = await openLoopbackRedirect({ state });
  try {
    const url = buildAuthUrl({
      authUrl: options.authUrl,
      clientId: options.clientId,
      redirectUri: redirect.redirectUri,
      scopes: options.scopes ?? ANTIGRAVITY_SCOPES,
      state,
      codeChallenge: pkce.challenge,
    });
    options.print('Sign in with Google in your browser. If it did not open, visit:');
    options.print(url);
    try {
      options.openBrowser?.(url);
    } catch {
      // The URL is printed; a missing browser must not end the sign-in.
    }
    const { code } = await redirect.waitForRedirect({ signal: options.signal, timeoutMs: options.timeoutMs });
    const tokens = await exchangeCode({
      tokenUrl: options.tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      code,
      redirectUri: redirect.redirectUri,
      codeVerifier: pkce.verifier,
      signal: options.signal,
    });
    if (!tokens.refreshToken) {
      throw new GoogleOAuthError(
        'no_refresh_token',
        'Google returned no refresh token; remove coding-proxy at myaccount.google.com/permissions and sign in again',
      );
    }
    await options.secrets.set(GOOGLE_REFRESH_TOKEN_KEY, tokens.refreshToken);
    options.print('Signed in with Google. The antigravity tier can use this account now.');
  } finally {
    await redirect.close();
  }
}
