// What the vendor list shows beside each vendor's settings: whether its sign-in is stored (never the token), and the
// notices the core raised about it (`vendor-notice`, e.g. a mapped model the account is not offered). Also the
// sign-out, and keeping tiers honest around sign-ins: a tier that used a deleted token, or that was waiting for one
// that has just arrived, gets a fresh adapter, so no cached token outlives a sign-out and no stale "sign-in needed"
// outlives a sign-in.
import type { VendorConfig, VendorKind } from '../../../src-shared/config-schema.ts';
import type { SignInProvider, VendorSignInState, VendorState } from '../../../src-shared/contract.ts';
import { GOOGLE_REFRESH_TOKEN_KEY } from '../auth/google-oauth.ts';
import type { CoreContext } from '../core-context.ts';
import type { Tier } from '../router/tier.ts';
import { GITHUB_TOKEN_KEY } from '../vendors/copilot/adapter.ts';
import { ControlError } from './control-error.ts';
import { signedInAccount } from './sign-in-account.ts';

interface SignInKind {
  provider: SignInProvider;
  /** Where a sign-in keeps the token (one per provider, shared by every vendor of the kind). */
  storeKey: string;
  /** The vendor's own config field that, when set, is used instead of the stored sign-in. */
  field: 'githubToken' | 'refreshToken';
}

const SIGN_IN_KINDS: Partial<Record<VendorKind, SignInKind>> = {
  copilot: { provider: 'github', storeKey: GITHUB_TOKEN_KEY, field: 'githubToken' },
  antigravity: { provider: 'google', storeKey: GOOGLE_REFRESH_TOKEN_KEY, field: 'refreshToken' },
};
const KIND_OF: Record<SignInProvider, VendorKind> = { github: 'copilot', google: 'antigravity' };

/** Notices kept per vendor, newest last. */
const MAX_NOTICES = 5;

const usesStoredSignIn = (vendor: VendorConfig, kind: SignInKind) => !vendor[kind.field];

function tierProblem(tier: Tier | undefined): string | undefined {
  return tier?.signInNeeded ?? tier?.adapter.credentialProblem?.();
}

export interface VendorStates {
  list(): Promise<VendorState[]>;
  signOut(vendor: string): Promise<{ provider: SignInProvider; tiers: string[] }>;
}

export function createVendorStates(core: CoreContext): VendorStates {
  const chain = core.router.chain;
  // A notice belongs to the tier object it was raised for: an edit that rebuilds the tier checks again.
  const notices = new Map<string, { tier: Tier | undefined; messages: string[] }>();

  /** Gives the named tiers fresh adapters and announces their state once they know their credentials. */
  const rebuild = async (names: string[]) => {
    if (names.length === 0) return;
    core.applyVendors(core.config, { rebuild: names });
    for (const name of names) {
      const tier = chain.get(name);
      if (!tier) continue;
      // Makes the adapter read the store now, so the card says "sign-in needed" (or not) at once.
      await tier.adapter.refreshCredentials?.().catch(() => false);
      tier.signInNeeded = tier.adapter.credentialProblem?.();
      core.events.emit({ type: 'tier-changed', tier: chain.status(name) });
    }
  };

  core.events.on((event) => {
    if (event.type === 'vendor-notice') {
      const tier = chain.get(event.tier);
      const known = notices.get(event.tier);
      const entry = known && known.tier === tier ? known : { tier, messages: [] };
      if (!entry.messages.includes(event.message)) entry.messages.push(event.message);
      entry.messages.splice(0, Math.max(0, entry.messages.length - MAX_NOTICES));
      notices.set(event.tier, entry);
    } else if (event.type === 'sign-in-changed' && event.signIn.state === 'done') {
      // Tiers that were waiting for this sign-in may hold a "not signed in" verdict for a while: start them afresh.
      const kind = KIND_OF[event.signIn.provider];
      const waiting = core.config.vendors
        .filter((vendor) => vendor.kind === kind && tierProblem(chain.get(vendor.name)) !== undefined)
        .map((vendor) => vendor.name);
      // After the sign-in's own bookkeeping (which runs right after this event) has cleared the old tiers.
      if (waiting.length) queueMicrotask(() => void rebuild(waiting));
    }
  });

  const signInState = async (vendor: VendorConfig): Promise<VendorSignInState | undefined> => {
    const kind = SIGN_IN_KINDS[vendor.kind];
    if (!kind) return undefined;
    let source: VendorSignInState['source'] = 'config';
    let account: string | undefined;
    if (usesStoredSignIn(vendor, kind)) {
      const stored = await core.secrets.get(kind.storeKey).catch(() => undefined);
      source = stored ? 'sign-in' : 'none';
      if (stored) account = await signedInAccount(core, kind.provider, vendor, stored);
    }
    const problem = tierProblem(chain.get(vendor.name));
    return {
      provider: kind.provider,
      source,
      ...(problem ? { problem: core.redactor.redact(problem) } : {}),
      ...(account ? { account } : {}),
    };
  };

  return {
    async list() {
      return Promise.all(
        core.config.vendors.map(async (vendor) => {
          const signIn = await signInState(vendor);
          const entry = notices.get(vendor.name);
          const current = entry && entry.tier === chain.get(vendor.name) ? entry.messages : [];
          return { name: vendor.name, ...(signIn ? { signIn } : {}), notices: [...current] };
        }),
      );
    },

    async signOut(name) {
      const vendor = core.config.vendors.find((candidate) => candidate.name === name);
      if (!vendor) throw new ControlError('not_found', `no vendor named "${name}"`);
      const kind = SIGN_IN_KINDS[vendor.kind];
      if (!kind)
        throw new ControlError(
          'invalid_request',
          `vendor "${name}" is a ${vendor.kind} vendor: it has no sign-in`,
        );
      if (!usesStoredSignIn(vendor, kind)) {
        throw new ControlError(
          'invalid_request',
          `vendor "${name}" has its own ${kind.field} in the config, not a stored sign-in: clear it in the vendor's settings`,
        );
      }
      await core.secrets.delete(kind.storeKey);
      // The account goes with the token; a label that outlived it would name nobody.
      await core.accounts?.forget(kind.provider).catch(() => undefined);
      const affected = core.config.vendors
        .filter((candidate) => candidate.kind === vendor.kind && usesStoredSignIn(candidate, kind))
        .map((candidate) => candidate.name);
      await rebuild(affected);
      return { provider: kind.provider, tiers: affected };
    },
  };
}
