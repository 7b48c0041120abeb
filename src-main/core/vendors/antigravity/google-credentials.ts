// The antigravity tier's Google access token: minted from the refresh token (config or SecretStore), cached,
// refreshed 120 s before expiry (as CP does) and on a 401, one refresh at a time for all concurrent requests.
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import type { SignInReason } from '../../../../src-shared/contract.ts';
import {
  ANTIGRAVITY_CLIENT_ID,
  clientSecretFor,
  GOOGLE_REFRESH_TOKEN_KEY,
  GoogleOAuthError,
  refreshAccessToken,
} from '../../auth/google-oauth.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import type { VendorServices } from '../vendor-adapter.ts';

const REFRESH_MARGIN_MS = 120_000;
export const SIGN_IN_MESSAGE = 'Sign in with Google: run `coding-proxy auth login google`';

export interface GoogleCredentials {
  /** A valid access token; throws an `UpstreamError` (`auth` or `network`) when none can be had. */
  accessToken(): Promise<string>;
  /** Forgets the cached token (after a 401) so the next call refreshes. */
  invalidate(): void;
  /** A sentence for the UI when the user has to act, else undefined. */
  problem(): string | undefined;
  /** Why a new sign-in is needed, when one would fix `problem()` (not for a missing clientSecret). */
  signInReason(): SignInReason | undefined;
}

/** How often a tier waiting for a Google sign-in looks for a new refresh token in the secret store. */
const RECHECK_MS = 5_000;

export function createGoogleCredentials(config: VendorConfig, services: VendorServices): GoogleCredentials {
  const clientId = config.clientId ?? ANTIGRAVITY_CLIENT_ID;
  // Antigravity's own client id comes with its published installed-app secret; another client id needs its own.
  const clientSecret = clientSecretFor(clientId, config.clientSecret);
  let refreshToken = config.refreshToken;
  let problem: string | undefined;
  /** Set with `problem` when a sign-in fixes it. */
  let reason: SignInReason | undefined;
  let cached: { accessToken: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  /** The refresh token Google refused (or undefined when none was there): a new sign-in must bring another. */
  let rejectedToken: string | undefined;
  let lastRecheck = Number.NEGATIVE_INFINITY;

  // Read early so `problem()` (synchronous, for the UI) knows about a missing sign-in before the first request.
  const loaded: Promise<void> = refreshToken
    ? Promise.resolve()
    : services.secrets.get(GOOGLE_REFRESH_TOKEN_KEY).then(
        (stored) => {
          refreshToken = stored;
          if (!stored) [problem, reason] = [SIGN_IN_MESSAGE, 'missing'];
        },
        () => {
          [problem, reason] = [SIGN_IN_MESSAGE, 'missing'];
        },
      );
  if (!clientSecret) {
    problem = `Vendor "${config.name}" needs clientSecret (the secret Google issued with clientId ${clientId})`;
  }

  const authError = (message: string, signInNeeded: boolean): UpstreamError => ({
    kind: 'auth',
    message,
    signInNeeded,
  });

  async function refresh(): Promise<string> {
    await loaded;
    if (!clientSecret) throw authError(problem ?? 'clientSecret is missing', false);
    const current = refreshToken;
    if (!current) {
      [problem, reason] = [SIGN_IN_MESSAGE, 'missing'];
      rejectedToken = undefined;
      throw authError(SIGN_IN_MESSAGE, true);
    }
    try {
      const tokens = await refreshAccessToken({
        tokenUrl: config.oauthTokenUrl,
        clientId,
        clientSecret,
        refreshToken: current,
        now: services.now,
      });
      cached = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
      [problem, reason] = [undefined, undefined];
      if (tokens.refreshToken && tokens.refreshToken !== current) {
        refreshToken = tokens.refreshToken;
        if (!config.refreshToken) await services.secrets.set(GOOGLE_REFRESH_TOKEN_KEY, tokens.refreshToken);
      }
      return tokens.accessToken;
    } catch (error) {
      if (!(error instanceof GoogleOAuthError)) throw error;
      if (error.code === 'network')
        throw { kind: 'network', code: 'oauth_refresh', message: error.message } as UpstreamError;
      if (error.signInNeeded) {
        rejectedToken = current;
        problem = `Google sign-in expired or was revoked. ${SIGN_IN_MESSAGE}`;
        reason = 'expired';
        throw authError(problem, true);
      }
      throw authError(error.message, false);
    }
  }

  return {
    async accessToken() {
      if (cached && services.now() < cached.expiresAt - REFRESH_MARGIN_MS) return cached.accessToken;
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
    problem() {
      // After `auth login google` or a dashboard sign-in the store holds a new token: notice it without a restart.
      if (problem && clientSecret && !config.refreshToken && services.now() - lastRecheck >= RECHECK_MS) {
        lastRecheck = services.now();
        services.secrets.get(GOOGLE_REFRESH_TOKEN_KEY).then(
          (stored) => {
            if (stored && stored !== rejectedToken) {
              refreshToken = stored;
              cached = undefined;
              [problem, reason] = [undefined, undefined];
            }
          },
          () => undefined,
        );
      }
      return problem;
    },
    signInReason: () => (problem === undefined ? undefined : reason),
  };
}
