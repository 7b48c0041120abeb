// Copilot does not accept the GitHub token itself: it is exchanged for a ~30-minute Copilot token that also says
// which API host serves this account. This file owns that exchange, its cache and the "sign in again" state.
import type { SignInReason } from '../../../../src-shared/contract.ts';
import { tokenExchangeHeaders } from './copilot-headers.ts';

export const DEFAULT_COPILOT_TOKEN_URL = 'https://api.github.com/copilot_internal/v2/token';
export const SIGN_IN_COMMAND = '`coding-proxy auth login copilot`';
export const REVOKED_MESSAGE = `GitHub sign-in expired or revoked: run ${SIGN_IN_COMMAND}`;
export const NOT_SIGNED_IN_MESSAGE = `GitHub sign-in needed: run ${SIGN_IN_COMMAND}`;

/** Refresh this long before the token dies, so a request never leaves with a token that expires in flight. */
const REFRESH_MARGIN_MS = 60_000;
/** Never treat a fresh token as stale at once, whatever odd lifetimes the server reports. */
const MINIMUM_REUSE_MS = 10_000;
const EXCHANGE_TIMEOUT_MS = 15_000;

export type AccountType = 'individual' | 'business' | 'enterprise';

export type CopilotTokenResult =
  | { ok: true; token: string; apiBase: string; expiresAt: number }
  | {
      ok: false;
      /** `signed-out`: no GitHub token; `revoked`: GitHub rejected it; `not-entitled`: no Copilot chat. */
      reason: 'signed-out' | 'revoked' | 'not-entitled' | 'unavailable';
      message: string;
      signInNeeded: boolean;
      /** For `unavailable`: the network error code, when the exchange never got an HTTP answer. */
      networkCode?: string;
    };

export interface CopilotTokenManagerOptions {
  /** Read lazily (the user may sign in while the proxy runs). */
  githubToken: () => Promise<string | undefined>;
  tokenUrl?: string;
  accountType?: AccountType;
  /** An explicit API base from config; wins over the token's `endpoints.api`. */
  baseUrl?: string;
  /** The vendor's configured headers, sent with the exchange too (copilot-headers.ts `withUserHeaders`). */
  headers?: Readonly<Record<string, string>>;
  now: () => number;
}

export interface CopilotTokenManager {
  /** A cached token while it is fresh; otherwise one shared exchange for all concurrent callers. */
  getToken(): Promise<CopilotTokenResult>;
  /** Exchanges again even if the cached token looks fresh (after a 401 from the API). */
  refresh(): Promise<CopilotTokenResult>;
  /** A sentence for the UI when the user must act, else undefined. */
  credentialProblem(): string | undefined;
  /** Why a new sign-in is needed, beside `credentialProblem` (for front ends that say it in their language). */
  signInReason(): SignInReason | undefined;
}

export function apiBaseForAccount(accountType: AccountType | undefined): string {
  if (!accountType || accountType === 'individual') return 'https://api.githubcopilot.com';
  return `https://api.${accountType}.githubcopilot.com`;
}

interface CachedToken {
  githubToken: string;
  token: string;
  apiBase: string;
  expiresAt: number;
  refreshAt: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** All three need the user (a new sign-in, perhaps with another account): retrying by ourselves cannot help. */
function failure(reason: 'revoked' | 'signed-out' | 'not-entitled', message: string): CopilotTokenResult {
  return { ok: false, reason, message, signInNeeded: true };
}

export function createCopilotTokenManager(options: CopilotTokenManagerOptions): CopilotTokenManager {
  const tokenUrl = options.tokenUrl ?? DEFAULT_COPILOT_TOKEN_URL;
  const explicitBase = options.baseUrl?.replace(/\/+$/, '');
  let cached: CachedToken | undefined;
  let inFlight: Promise<CopilotTokenResult> | undefined;
  /** The GitHub token GitHub last rejected: not sent again (no endless retries) until the user signs in anew. */
  let rejectedGithubToken: string | undefined;
  let problem: string | undefined;
  let problemReason: SignInReason | undefined;
  const needSignIn = (reason: 'revoked' | 'signed-out' | 'not-entitled', message: string) => {
    problem = message;
    problemReason = reason === 'signed-out' ? 'missing' : reason === 'not-entitled' ? 'no-access' : 'revoked';
    return failure(reason, message);
  };

  async function exchange(githubToken: string): Promise<CopilotTokenResult> {
    const requestedAt = options.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(tokenUrl, {
        headers: tokenExchangeHeaders(githubToken, options.headers),
        signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const cause = record((error as { cause?: unknown }).cause);
      const code = typeof cause?.code === 'string' ? cause.code : (error as Error).name;
      return {
        ok: false,
        reason: 'unavailable',
        message: `Copilot token exchange failed: ${(error as Error).message}`,
        signInNeeded: false,
        networkCode: code,
      };
    }
    if (response.status === 401 || response.status === 403) {
      rejectedGithubToken = githubToken;
      cached = undefined;
      return needSignIn('revoked', REVOKED_MESSAGE);
    }
    let body: Record<string, unknown> | undefined;
    try {
      body = record(JSON.parse(text));
    } catch {
      body = undefined;
    }
    const token = body?.token;
    if (response.status === 404 || (response.ok && body && typeof token !== 'string')) {
      // GitHub answers 404 (or capability flags without a token) for accounts without Copilot chat.
      return needSignIn(
        'not-entitled',
        'This GitHub account has no GitHub Copilot chat access; sign in with another account',
      );
    }
    if (!response.ok || typeof token !== 'string') {
      const detail = typeof body?.message === 'string' ? body.message : text.slice(0, 200);
      return {
        ok: false,
        reason: 'unavailable',
        message: `Copilot token exchange failed: HTTP ${response.status} ${detail}`.trim(),
        signInNeeded: false,
      };
    }
    const expiresAtSeconds = finiteNumber(body?.expires_at);
    const refreshIn = finiteNumber(body?.refresh_in);
    const expiresAt =
      expiresAtSeconds !== undefined ? expiresAtSeconds * 1000 : requestedAt + (refreshIn ?? 1800) * 1000;
    let refreshAt = expiresAt - REFRESH_MARGIN_MS;
    if (refreshIn !== undefined)
      refreshAt = Math.min(refreshAt, requestedAt + refreshIn * 1000 - REFRESH_MARGIN_MS);
    refreshAt = Math.max(refreshAt, requestedAt + MINIMUM_REUSE_MS);
    const endpointApi = record(body?.endpoints)?.api;
    const apiBase =
      explicitBase ??
      (typeof endpointApi === 'string' && endpointApi ? endpointApi.replace(/\/+$/, '') : undefined) ??
      apiBaseForAccount(options.accountType);
    cached = { githubToken, token, apiBase, expiresAt, refreshAt };
    rejectedGithubToken = undefined;
    problem = undefined;
    problemReason = undefined;
    return { ok: true, token, apiBase, expiresAt };
  }

  async function acquire(): Promise<CopilotTokenResult> {
    let githubToken: string | undefined;
    try {
      githubToken = (await options.githubToken())?.trim() || undefined;
    } catch (error) {
      return { ok: false, reason: 'unavailable', message: (error as Error).message, signInNeeded: false };
    }
    if (!githubToken) {
      cached = undefined;
      return needSignIn('signed-out', NOT_SIGNED_IN_MESSAGE);
    }
    if (githubToken === rejectedGithubToken) return failure('revoked', REVOKED_MESSAGE);
    const previous = cached;
    const result = await exchange(githubToken);
    // A blip during the refresh window should not fail requests while the old token still works.
    if (!result.ok && result.reason === 'unavailable' && previous && options.now() < previous.expiresAt) {
      cached = previous;
      return { ok: true, token: previous.token, apiBase: previous.apiBase, expiresAt: previous.expiresAt };
    }
    return result;
  }

  function shared(): Promise<CopilotTokenResult> {
    inFlight ??= acquire().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async getToken() {
      if (cached && options.now() < cached.refreshAt) {
        return { ok: true, token: cached.token, apiBase: cached.apiBase, expiresAt: cached.expiresAt };
      }
      return shared();
    },
    refresh() {
      if (inFlight) return inFlight;
      // The cached token is what the API just refused: it must not be handed out again as a fallback.
      cached = undefined;
      return shared();
    },
    credentialProblem: () => problem,
    signInReason: () => (problem === undefined ? undefined : problemReason),
  };
}
