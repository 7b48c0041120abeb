// Google OAuth for installed apps (RFC 8252): authorization code with PKCE (S256) and `state`, delivered to a
// loopback listener on 127.0.0.1 at a random port. Used by `coding-proxy auth login google` and, for refreshes,
// by the antigravity vendor. Reference: vendors-protocols.md §6.2.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** Where the refresh token lives in the SecretStore. */
export const GOOGLE_REFRESH_TOKEN_KEY = 'google:refresh_token';
/** Antigravity's public installed-app client id (vendors-protocols.md §6.1). */
export const ANTIGRAVITY_CLIENT_ID =
  '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com';
/**
 * The secret Google issued with that installed-app client id. It is published in every Antigravity client
 * (router-for-me/CLIProxyAPI internal/auth/antigravity/constants.go) and not confidential: an installed app
 * "embeds" it and "the client secret is obviously not treated as a secret" (developers.google.com/identity/
 * protocols/oauth2#installed, quoted by google-gemini/gemini-cli oauth2.ts, which ships its own). Google's token
 * endpoint still wants it on every code exchange and refresh. A configured clientSecret wins.
 */
export const ANTIGRAVITY_CLIENT_SECRET = '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';

/** The secret to send for a client id: the configured one, else the published one of a known installed app. */
export function clientSecretFor(clientId: string, configured: string | undefined): string | undefined {
  if (configured) return configured;
  return clientId === ANTIGRAVITY_CLIENT_ID ? ANTIGRAVITY_CLIENT_SECRET : undefined;
}
export const ANTIGRAVITY_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/cclog',
  'https://www.googleapis.com/auth/experimentsandconfigs',
];
/** A person has to find the browser tab, pick an account and consent. */
const DEFAULT_REDIRECT_TIMEOUT_MS = 5 * 60_000;

export interface GoogleTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Google sends one on the first consent (`prompt=consent`); refreshes usually keep the old one. */
  refreshToken: string | undefined;
  scope: string | undefined;
}

/**
 * Every sign-in failure, with Google's OAuth error code (`invalid_grant`, `access_denied`…) or ours
 * (`state_mismatch`, `timeout`, `cancelled`, `network`). `signInNeeded` means only a new sign-in can fix it.
 */
export class GoogleOAuthError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly signInNeeded: boolean;

  constructor(code: string, message: string, options: { status?: number; signInNeeded?: boolean } = {}) {
    super(message);
    this.name = 'GoogleOAuthError';
    this.code = code;
    this.status = options.status;
    this.signInNeeded = options.signInNeeded ?? false;
  }
}

export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export interface AuthUrlOptions {
  authUrl?: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeChallenge: string;
}

export function buildAuthUrl(options: AuthUrlOptions): string {
  const url = new URL(options.authUrl ?? GOOGLE_AUTH_URL);
  const params: Record<string, string> = {
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scopes.join(' '),
    state: options.state,
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256',
    // offline + consent: without both Google does not hand out a refresh token on a repeat sign-in.
    access_type: 'offline',
    prompt: 'consent',
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`, to put in the authorization URL. */
  readonly redirectUri: string;
  /** Resolves with the code of the first redirect carrying the expected state. */
  waitForRedirect(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<{ code: string }>;
  close(): Promise<void>;
}

function page(title: string, text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif"><h1>${title}</h1><p>${text}</p></body>`;
}

/** Listens on 127.0.0.1 (never 0.0.0.0: the code must not be reachable from the network) on a random port. */
export async function openLoopbackRedirect(options: {
  state: string;
  path?: string;
}): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let settle: ((outcome: { code: string } | GoogleOAuthError) => void) | undefined;
  let outcome: { code: string } | GoogleOAuthError | undefined;
  const decide = (result: { code: string } | GoogleOAuthError) => {
    if (outcome) return;
    outcome = result;
    settle?.(result);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, title: string, text: string) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
      response.end(page(title, text));
    };
    if (url.pathname !== path)
      return send(404, 'Not found', 'This address only receives the Google sign-in.');
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (url.searchParams.get('state') !== options.state) {
      send(
        400,
        'Sign-in rejected',
        'The answer did not belong to this sign-in. Start again from coding-proxy.',
      );
      return decide(
        new GoogleOAuthError('state_mismatch', 'The sign-in redirect carried an unexpected state'),
      );
    }
    if (error) {
      send(400, 'Sign-in cancelled', 'Google did not grant access. You can close this tab.');
      const denied =
        error === 'access_denied' ? 'Access was denied in the browser' : `Google answered ${error}`;
      return decide(new GoogleOAuthError(error, denied));
    }
    if (!code) {
      send(400, 'Sign-in failed', 'The redirect carried no authorization code.');
      return decide(
        new GoogleOAuthError('missing_code', 'The sign-in redirect carried no authorization code'),
      );
    }
    send(200, 'Signed in', 'coding-proxy received your Google sign-in. You can close this tab.');
    decide({ code });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closed = false;

  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    waitForRedirect({ timeoutMs = DEFAULT_REDIRECT_TIMEOUT_MS, signal } = {}) {
      return new Promise<{ code: string }>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            decide(
              new GoogleOAuthError('timeout', `No sign-in arrived within ${Math.round(timeoutMs / 1000)} s`),
            ),
          timeoutMs,
        );
        const onAbort = () => decide(new GoogleOAuthError('cancelled', 'The sign-in was cancelled'));
        signal?.addEventListener('abort', onAbort, { once: true });
        settle = (result) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (result instanceof GoogleOAuthError) reject(result);
          else resolve(result);
        };
        if (signal?.aborted) onAbort();
        if (closed) decide(new GoogleOAuthError('cancelled', 'The sign-in listener was closed'));
        if (outcome) settle(outcome);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      decide(new GoogleOAuthError('cancelled', 'The sign-in listener was closed'));
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

interface TokenRequestOptions {
  tokenUrl?: string;
  clientId: string;
  clientSecret?: string;
  signal?: AbortSignal;
  now?: () => number;
}

async function postTokenForm(
  options: TokenRequestOptions,
  fields: Record<string, string>,
  fallbackRefreshToken: string | undefined,
): Promise<GoogleTokens> {
  const form: Record<string, string> = { client_id: options.clientId, ...fields };
  const clientSecret = clientSecretFor(options.clientId, options.clientSecret);
  if (clientSecret) form.client_secret = clientSecret;
  const started = (options.now ?? Date.now)();
  let response: Response;
  try {
    response = await fetch(options.tokenUrl ?? GOOGLE_TOKEN_URL, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: options.signal,
    });
  } catch (error) {
    throw new GoogleOAuthError(
      'network',
      `Could not reach Google's token endpoint: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: reported by status below.
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    const description =
      typeof body.error_description === 'string' ? body.error_description : text.slice(0, 200);
    // invalid_grant: the refresh token was revoked or expired, or the code was already used.
    const signInNeeded = code === 'invalid_grant' || code === 'unauthorized_client';
    throw new GoogleOAuthError(
      code,
      `Google token endpoint: ${code}${description ? ` (${description})` : ''}`,
      {
        status: response.status,
        signInNeeded,
      },
    );
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    expiresAt: started + expiresIn * 1000,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : fallbackRefreshToken,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
  };
}

export function exchangeCode(
  options: TokenRequestOptions & { code: string; redirectUri: string; codeVerifier: string },
): Promise<GoogleTokens> {
  const fields = {
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    code_verifier: options.codeVerifier,
  };
  return postTokenForm(options, fields, undefined);
}

export function refreshAccessToken(
  options: TokenRequestOptions & { refreshToken: string },
): Promise<GoogleTokens> {
  const fields = { grant_type: 'refresh_token', refresh_token: options.refreshToken };
  return postTokenForm(options, fields, options.refreshToken);
}
