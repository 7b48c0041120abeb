// Which account a sign-in belongs to, asked once of the provider, so a user with several GitHub or Google
// accounts can tell which one the proxy uses. The same endpoints maintained tools read:
// - GitHub: `GET /user` on the REST API (docs.github.com/en/rest/users/users#get-the-authenticated-user), whose
//   `login` copilot-api prints as "Logged in as <login>" (ericc-ch/copilot-api src/services/github/get-user.ts);
// - Google: the OAuth2 userinfo endpoint, whose `email` gemini-cli reads (googleapis oauth2 v2 `userinfo.get`;
//   CLIProxyAPI's Antigravity login reads the same field from v1). The Antigravity scopes include userinfo.email.
// Every failure is data: a sign-in that cannot name its account is still a sign-in.
import { DEFAULT_COPILOT_TOKEN_URL } from '../vendors/copilot/token-manager.ts';

export const GOOGLE_USERINFO_URL = 'https://www.googleapis.com/oauth2/v2/userinfo';
/** A slow profile endpoint must not hold a finished sign-in for long. */
export const IDENTITY_TIMEOUT_MS = 5_000;

export interface AccountIdentity {
  /** What the UI shows: the GitHub login, the Google email. */
  account: string;
  /** GitHub's display name, when the profile has one. */
  name?: string;
}

export type IdentityLookup = { ok: true; identity: AccountIdentity } | { ok: false; message: string };

interface LookupOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The REST API a Copilot token URL belongs to: everything before `/copilot_internal/`, so
 * `https://api.github.com/copilot_internal/v2/token` gives `https://api.github.com` and a GitHub Enterprise
 * `https://ghe.example/api/v3/copilot_internal/v2/token` gives `https://ghe.example/api/v3`.
 */
export function githubApiBase(tokenUrl: string | undefined): string {
  const url = new URL(tokenUrl ?? DEFAULT_COPILOT_TOKEN_URL);
  const at = url.pathname.indexOf('/copilot_internal/');
  const prefix = at >= 0 ? url.pathname.slice(0, at) : '';
  return `${url.origin}${prefix}`;
}

async function getJson(url: string, authorization: string, options: LookupOptions) {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? IDENTITY_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', authorization, 'user-agent': 'coding-proxy' },
      signal,
    });
    text = await response.text();
  } catch (error) {
    const reason = timeout.aborted ? 'no answer in time' : (error as Error).message;
    return { ok: false as const, message: `cannot reach ${new URL(url).host}: ${reason}` };
  }
  if (!response.ok)
    return { ok: false as const, message: `${new URL(url).host} answered HTTP ${response.status}` };
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      return { ok: true as const, body: body as Record<string, unknown> };
    }
  } catch {
    // Reported below, like any other answer without a profile.
  }
  return { ok: false as const, message: `${new URL(url).host} sent no profile` };
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The GitHub account behind a GitHub token (`login`, and `name` when set). */
export async function fetchGithubIdentity(
  options: LookupOptions & { token: string; tokenUrl?: string | undefined },
): Promise<IdentityLookup> {
  const answer = await getJson(`${githubApiBase(options.tokenUrl)}/user`, `token ${options.token}`, options);
  if (!answer.ok) return answer;
  const login = text(answer.body.login);
  if (!login) return { ok: false, message: 'the GitHub profile has no login' };
  const name = text(answer.body.name);
  return { ok: true, identity: name ? { account: login, name } : { account: login } };
}

/** The Google account behind an access token (`email`). */
export async function fetchGoogleIdentity(
  options: LookupOptions & { accessToken: string; userinfoUrl?: string | undefined },
): Promise<IdentityLookup> {
  const url = options.userinfoUrl ?? GOOGLE_USERINFO_URL;
  const answer = await getJson(url, `Bearer ${options.accessToken}`, options);
  if (!answer.ok) return answer;
  const email = text(answer.body.email);
  if (!email) return { ok: false, message: 'the Google profile has no email' };
  return { ok: true, identity: { account: email } };
}
