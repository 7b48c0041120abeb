// Sign-in from the dashboard: GitHub's device flow for copilot tiers, Google's loopback OAuth for antigravity tiers.
// A start returns at once with what the user needs (code + page, or consent URL); the wait runs in the background
// and every move is pushed as `sign-in-changed`, so the panel never polls. Failures are session states, not throws.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { VendorConfig, VendorKind } from '../../../src-shared/config-schema.ts';
import type {
  SignInCommands,
  SignInPhase,
  SignInProvider,
  SignInState,
} from '../../../src-shared/contract.ts';
import { fetchGithubIdentity, fetchGoogleIdentity, type IdentityLookup } from '../auth/account-identity.ts';
import { pollDeviceFlow, startDeviceFlow } from '../auth/github-device-flow.ts';
import { beginGoogleSignIn, type GoogleSignIn } from '../auth/google-login.ts';
import { ANTIGRAVITY_CLIENT_ID, GOOGLE_REFRESH_TOKEN_KEY, GoogleOAuthError } from '../auth/google-oauth.ts';
import type { CoreContext } from '../core-context.ts';
import { GITHUB_TOKEN_KEY } from '../vendors/copilot/adapter.ts';
import type { SecretStore } from '../common/secret-store.ts';
import { ControlError } from './control-error.ts';

export type SignInHandlers = {
  [C in keyof SignInCommands]: (
    request: SignInCommands[C]['request'],
  ) => Promise<SignInCommands[C]['response']>;
};

export const SIGN_IN_REQUEST_SCHEMAS: {
  [C in keyof SignInCommands]: z.ZodType<SignInCommands[C]['request']>;
} = {
  signInStart: z
    .object({ provider: z.enum(['github', 'google']), vendor: z.string().min(1).optional() })
    .strict(),
  signInStatus: z.object({ id: z.string().min(1) }).strict(),
  signInCancel: z.object({ id: z.string().min(1) }).strict(),
};

export interface SignInHandlerOptions {
  /** Endpoint overrides (tests); otherwise the named vendor's config, otherwise github.com / Google. */
  deviceCodeUrl?: string;
  accessTokenUrl?: string;
  googleAuthUrl?: string;
  googleTokenUrl?: string;
  /** Where the signed-in account is asked for: the Copilot token URL (its API's `/user`), Google's userinfo. */
  copilotTokenUrl?: string;
  googleUserinfoUrl?: string;
  /** Where tokens go; defaults to the core's store. */
  secrets?: SecretStore;
  /** How long a Google sign-in waits for the browser to come back (default 5 minutes). */
  googleTimeoutMs?: number;
  /** How long a finished session can still be read with `signInStatus` (default 10 minutes). */
  keepFinishedMs?: number;
  now?: () => number;
}

const DEFAULT_GOOGLE_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_KEEP_FINISHED_MS = 10 * 60_000;
const VENDOR_KIND_OF: Record<SignInProvider, VendorKind> = { github: 'copilot', google: 'antigravity' };

interface Session {
  state: SignInState;
  abort: AbortController;
}

// A background wait must not keep the process alive on its own: shutting the core down ends the sign-in.
function unrefSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return delay(ms, undefined, { signal, ref: false });
}

/** The vendor whose settings a sign-in uses: the named one (it must be of the provider's kind) or the first such. */
function vendorFor(
  core: CoreContext,
  provider: SignInProvider,
  name: string | undefined,
): VendorConfig | undefined {
  const kind = VENDOR_KIND_OF[provider];
  // Resolved: the sign-in makes the token exchange, so it needs the client id and secret, not their references.
  if (name === undefined) {
    const first = core.config.vendors.find((vendor) => vendor.kind === kind);
    return first && core.resolveVendor(first);
  }
  const vendor = core.config.vendors.find((candidate) => candidate.name === name);
  if (!vendor) throw new ControlError('not_found', `no vendor named "${name}"`);
  if (vendor.kind !== kind)
    throw new ControlError(
      'invalid_request',
      `vendor "${name}" is a ${vendor.kind} vendor; ${provider} sign-in is for ${kind} vendors`,
    );
  return core.resolveVendor(vendor);
}

export function createSignInHandlers(core: CoreContext, options: SignInHandlerOptions = {}): SignInHandlers {
  const sessions = new Map<string, Session>();
  const now = options.now ?? Date.now;
  const secrets = () => options.secrets ?? core.secrets;

  const publish = (session: Session, patch: Partial<SignInState>) => {
    session.state = { ...session.state, ...patch };
    core.events.emit({ type: 'sign-in-changed', signIn: { ...session.state } });
  };

  /** Moves a waiting session to its final state once; later outcomes (a token racing a cancel) are ignored. */
  const finish = (session: Session, state: Exclude<SignInPhase, 'waiting'>, message?: string) => {
    if (session.state.state !== 'waiting') return;
    session.abort.abort();
    publish(session, message === undefined ? { state } : { state, message });
    const forget = setTimeout(
      () => sessions.delete(session.state.id),
      options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS,
    );
    forget.unref();
  };

  const open = (provider: SignInProvider): Session => {
    // One sign-in per provider at a time: a new start supersedes a forgotten one.
    for (const session of sessions.values()) {
      if (session.state.provider === provider) finish(session, 'cancelled', 'replaced by a new sign-in');
    }
    const session: Session = {
      state: { id: randomUUID(), provider, state: 'waiting' },
      abort: new AbortController(),
    };
    sessions.set(session.state.id, session);
    return session;
  };

  /** The tiers that read this secret can work again: clear their sign-in flag and tell the front ends. */
  const signedIn = (provider: SignInProvider) => {
    const kind = VENDOR_KIND_OF[provider];
    for (const tier of core.router.chain.ordered()) {
      if (tier.adapter.kind !== kind) continue;
      tier.signInNeeded = undefined;
      core.events.emit({ type: 'tier-changed', tier: core.router.chain.status(tier.name) });
    }
  };

  const store = async (
    session: Session,
    key: string,
    value: string,
    identify: () => Promise<IdentityLookup>,
  ) => {
    try {
      await secrets().set(key, value);
    } catch (error) {
      return finish(
        session,
        'failed',
        `signed in, but the token could not be saved: ${(error as Error).message}`,
      );
    }
    if (session.state.state !== 'waiting') return;
    // Which account this is, asked once and kept beside the token; a failed lookup still ends in "done".
    const lookup = await identify().catch(() => undefined);
    const identity = core.accounts
      ? await core.accounts.recordLookup(session.state.provider, value, lookup)
      : lookup?.ok
        ? lookup.identity
        : undefined;
    if (session.state.state !== 'waiting') return;
    if (identity) session.state = { ...session.state, account: identity.account };
    finish(session, 'done');
    signedIn(session.state.provider);
  };

  const startGithub = async (vendor: VendorConfig | undefined): Promise<SignInState> => {
    const session = open('github');
    const { signal } = session.abort;
    let start: Awaited<ReturnType<typeof startDeviceFlow>>;
    try {
      start = await startDeviceFlow({
        deviceCodeUrl: options.deviceCodeUrl ?? vendor?.deviceCodeUrl,
        signal,
        now,
      });
    } catch (error) {
      finish(session, 'failed', `cannot start the GitHub sign-in: ${(error as Error).message}`);
      return { ...session.state };
    }
    publish(session, {
      userCode: start.userCode,
      verificationUri: start.verificationUriComplete ?? start.verificationUri,
      expiresAt: start.expiresAt,
    });
    void pollDeviceFlow(start, {
      accessTokenUrl: options.accessTokenUrl ?? vendor?.accessTokenUrl,
      signal,
      sleep: unrefSleep,
      now,
    }).then(async (result) => {
      if (result.ok) {
        const { token } = result;
        const tokenUrl = options.copilotTokenUrl ?? vendor?.tokenUrl;
        return store(session, GITHUB_TOKEN_KEY, token, () =>
          fetchGithubIdentity({ token, tokenUrl, signal }),
        );
      }
      const phase = result.reason === 'expired' || result.reason === 'cancelled' ? result.reason : 'failed';
      finish(session, phase, result.message);
    });
    return { ...session.state };
  };

  const startGoogle = async (vendor: VendorConfig | undefined): Promise<SignInState> => {
    const session = open('google');
    const { signal } = session.abort;
    let signIn: GoogleSignIn;
    try {
      signIn = await beginGoogleSignIn({
        clientId: vendor?.clientId ?? ANTIGRAVITY_CLIENT_ID,
        clientSecret: vendor?.clientSecret,
        authUrl: options.googleAuthUrl ?? vendor?.authUrl,
        tokenUrl: options.googleTokenUrl ?? vendor?.oauthTokenUrl,
      });
    } catch (error) {
      finish(session, 'failed', `cannot listen for the Google redirect: ${(error as Error).message}`);
      return { ...session.state };
    }
    const timeoutMs = options.googleTimeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS;
    publish(session, { authUrl: signIn.authUrl, expiresAt: now() + timeoutMs });
    const complete = async () => {
      const { refreshToken, accessToken } = await signIn.complete({ signal, timeoutMs, now });
      const userinfoUrl = options.googleUserinfoUrl ?? vendor?.userinfoUrl;
      await store(session, GOOGLE_REFRESH_TOKEN_KEY, refreshToken, () =>
        fetchGoogleIdentity({ accessToken, userinfoUrl, signal }),
      );
    };
    void complete()
      .catch((error: unknown) => {
        const code = error instanceof GoogleOAuthError ? error.code : undefined;
        const phase = code === 'timeout' ? 'expired' : code === 'cancelled' ? 'cancelled' : 'failed';
        finish(session, phase, (error as Error).message);
      })
      .finally(() => signIn.close());
    return { ...session.state };
  };

  const known = (id: string): Session => {
    const session = sessions.get(id);
    if (!session) throw new ControlError('not_found', `no sign-in with id "${id}" (it may have expired)`);
    return session;
  };

  return {
    async signInStart({ provider, vendor }) {
      const config = vendorFor(core, provider, vendor);
      return provider === 'github' ? startGithub(config) : startGoogle(config);
    },
    async signInStatus({ id }) {
      return { ...known(id).state };
    },
    async signInCancel({ id }) {
      const session = known(id);
      finish(session, 'cancelled', 'sign-in cancelled');
      return { ...session.state };
    },
  };
}
