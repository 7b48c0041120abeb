// Which account each stored sign-in belongs to (GitHub login, Google email), kept in `<data-dir>/accounts.json`
// beside the secrets but not among them: everything in the SecretStore is registered with the redactor, which
// would mask the login in every answer. Each record carries a fingerprint of the token it was asked for, so a
// token replaced by other means (another `auth login`, a restored keychain) never shows the old account.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SignInProvider } from '../../../src-shared/contract.ts';
import type { AccountIdentity, IdentityLookup } from './account-identity.ts';

export const ACCOUNTS_FILE = 'accounts.json';

interface AccountRecord extends AccountIdentity {
  /** First 16 hex digits of SHA-256 of the token: tells tokens apart, cannot be used as one. */
  token: string;
  /** Epoch ms of the lookup. */
  at: number;
}

export interface SignInAccounts {
  /** The account recorded for exactly this token, if any. */
  get(provider: SignInProvider, token: string): Promise<AccountIdentity | undefined>;
  remember(provider: SignInProvider, token: string, identity: AccountIdentity): Promise<void>;
  /** Sign-out: the account goes with the token. */
  forget(provider: SignInProvider): Promise<void>;
  /**
   * After a fresh sign-in: keeps the account a lookup found for `token`, or drops the provider's old record when
   * it found none. Never throws (a sign-in that cannot name its account is still a sign-in); the account, if any.
   */
  recordLookup(
    provider: SignInProvider,
    token: string,
    lookup: IdentityLookup | undefined,
  ): Promise<AccountIdentity | undefined>;
  /**
   * The account of a stored sign-in that has none recorded yet (signed in before accounts were kept, or the
   * lookup failed then): asked at most once per token and process, however often the dashboard reloads.
   */
  lookUpOnce(
    provider: SignInProvider,
    token: string,
    lookup: () => Promise<IdentityLookup>,
  ): Promise<AccountIdentity | undefined>;
}

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

async function readRecords(path: string): Promise<Partial<Record<SignInProvider, AccountRecord>>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    // Missing or damaged: only labels are lost, and the next lookup writes the file anew.
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const records: Partial<Record<SignInProvider, AccountRecord>> = {};
  for (const provider of ['github', 'google'] as const) {
    const entry = (parsed as Record<string, unknown>)[provider];
    if (entry === null || typeof entry !== 'object') continue;
    const { account, name, token, at } = entry as Record<string, unknown>;
    if (typeof account !== 'string' || typeof token !== 'string') continue;
    records[provider] = {
      account,
      ...(typeof name === 'string' ? { name } : {}),
      token,
      at: typeof at === 'number' ? at : 0,
    };
  }
  return records;
}

export function createSignInAccounts(path: string, now: () => number = Date.now): SignInAccounts {
  // Writes from this process are serialised so two sign-ins never lose each other's record.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (change: (records: Partial<Record<SignInProvider, AccountRecord>>) => void) => {
    const task = async () => {
      const records = await readRecords(path);
      change(records);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        // 0600 like the secrets: an email address is nobody else's business on a shared machine.
        await writeFile(temporary, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    };
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  const asked = new Map<string, Promise<AccountIdentity | undefined>>();

  const accounts: SignInAccounts = {
    async get(provider, token) {
      const record = (await readRecords(path))[provider];
      if (!record || record.token !== tokenFingerprint(token)) return undefined;
      return record.name ? { account: record.account, name: record.name } : { account: record.account };
    },
    async remember(provider, token, identity) {
      asked.set(`${provider}:${tokenFingerprint(token)}`, Promise.resolve(identity));
      await update((records) => {
        records[provider] = { ...identity, token: tokenFingerprint(token), at: now() };
      });
    },
    async forget(provider) {
      for (const key of asked.keys()) if (key.startsWith(`${provider}:`)) asked.delete(key);
      await update((records) => {
        delete records[provider];
      });
    },
    async recordLookup(provider, token, lookup) {
      if (lookup?.ok) await accounts.remember(provider, token, lookup.identity).catch(() => undefined);
      else await accounts.forget(provider).catch(() => undefined);
      return lookup?.ok ? lookup.identity : undefined;
    },
    lookUpOnce(provider, token, lookup) {
      const key = `${provider}:${tokenFingerprint(token)}`;
      let pending = asked.get(key);
      if (!pending) {
        pending = (async () => {
          const known = await accounts.get(provider, token);
          if (known) return known;
          const result = await lookup().catch(() => undefined);
          if (!result?.ok) return undefined;
          await accounts.remember(provider, token, result.identity).catch(() => undefined);
          return result.identity;
        })();
        asked.set(key, pending);
      }
      return pending;
    },
  };
  return accounts;
}
