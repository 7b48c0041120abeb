// `coding-proxy auth login|status|logout`: sign-ins for the tiers that need one (GitHub Copilot via the device
// flow, Google for antigravity). Secrets go to `<data-dir>/secrets.json`, where the running proxy reads them.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, type Command, Option } from 'commander';
import type { ProxyConfig, VendorConfig } from '../../src-shared/config-schema.ts';
import { fetchGithubIdentity } from '../core/auth/account-identity.ts';
import { pollDeviceFlow, startDeviceFlow } from '../core/auth/github-device-flow.ts';
import { runGoogleLogin } from '../core/auth/google-login.ts';
import { ANTIGRAVITY_CLIENT_ID, GOOGLE_REFRESH_TOKEN_KEY } from '../core/auth/google-oauth.ts';
import { createFileSecretStore } from '../core/auth/secret-store-file.ts';
import { ACCOUNTS_FILE, createSignInAccounts, type SignInAccounts } from '../core/auth/sign-in-accounts.ts';
import { defaultConfigPath, parseConfigText } from '../core/config/load-config.ts';
import { resolveVendorSecrets } from '../core/config/secret-refs.ts';
import { type AccountEndpoints, accountLookup } from '../core/control/sign-in-account.ts';
import { GITHUB_TOKEN_KEY } from '../core/vendors/copilot/adapter.ts';
import { createCopilotTokenManager } from '../core/vendors/copilot/token-manager.ts';

export const SECRETS_FILE = 'secrets.json';

type Provider = 'copilot' | 'google';

export interface AuthCommandDeps {
  resolveDataDir: (flag?: string) => string;
  /** The user's config (Copilot token URL / account type, Google client); default: `<data-dir>/config.yaml`. */
  loadConfig?: (dataDir: string) => ProxyConfig | undefined;
  /** Normal output (default stdout) and problems (default stderr); tests capture both. */
  write?: (line: string) => void;
  writeError?: (line: string) => void;
  setExitCode?: (code: number) => void;
  /** Aborts a waiting sign-in; default: the first Ctrl-C (SIGINT). */
  interrupt?: AbortSignal;
  now?: () => number;
  /** Hook for `auth login google`; default: `runGoogleLogin` from core/auth/google-login.ts. */
  googleLogin?: typeof runGoogleLogin;
}

interface CommonFlags {
  dataDir?: string;
}

interface LoginFlags extends CommonFlags {
  deviceCodeUrl?: string;
  accessTokenUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  authUrl?: string;
  userinfoUrl?: string;
  browser: boolean;
}

interface StatusFlags extends CommonFlags {
  check?: boolean;
  tokenUrl?: string;
}

function defaultLoadConfig(dataDir: string): ProxyConfig | undefined {
  const path = defaultConfigPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    return parseConfigText(readFileSync(path, 'utf8'), path).config;
  } catch {
    // A broken config must not stop a sign-in; `start` reports its problems.
    return undefined;
  }
}

function normaliseProvider(value: string): Provider {
  return value === 'github' ? 'copilot' : (value as Provider);
}

/** Shows enough of a token to tell two apart, never enough to use it. */
function maskToken(token: string): string {
  return token.length <= 10 ? '…' : `${token.slice(0, 4)}…${token.slice(-4)}`;
}

/** Best effort: the URL is printed anyway, so a missing browser is not an error. */
function openInBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export function registerAuthCommand(program: Command, deps: AuthCommandDeps): void {
  const write = deps.write ?? ((line: string) => console.log(line));
  const writeError = deps.writeError ?? ((line: string) => console.error(line));
  const setExitCode = deps.setExitCode ?? ((code: number) => (process.exitCode = code));
  const loadConfig = deps.loadConfig ?? defaultLoadConfig;
  const now = deps.now ?? Date.now;

  function context(flags: CommonFlags) {
    const dataDir = deps.resolveDataDir(flags.dataDir);
    const secrets = createFileSecretStore(join(dataDir, SECRETS_FILE));
    const accounts = createSignInAccounts(join(dataDir, ACCOUNTS_FILE), now);
    return { dataDir, secrets, accounts, config: loadConfig(dataDir) };
  }

  /** Runs `task` with a signal that the first Ctrl-C aborts (instead of killing the process mid-write). */
  async function interruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (deps.interrupt) return task(deps.interrupt);
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once('SIGINT', onInterrupt);
    try {
      return await task(controller.signal);
    } finally {
      process.removeListener('SIGINT', onInterrupt);
    }
  }

  function firstVendor(
    config: ProxyConfig | undefined,
    kind: VendorConfig['kind'],
  ): VendorConfig | undefined {
    const vendor = config?.vendors.find((candidate) => candidate.kind === kind);
    // The sign-in makes the token exchange itself, so it needs the secrets, not their `${VAR}` references.
    return vendor && resolveVendorSecrets(vendor, { env: process.env });
  }

  /** Exchanges the GitHub token once, to tell "signed in" from "signed in and Copilot works". */
  async function checkCopilot(
    githubToken: string,
    vendor: VendorConfig | undefined,
    tokenUrl: string | undefined,
  ) {
    const manager = createCopilotTokenManager({
      githubToken: async () => githubToken,
      tokenUrl: tokenUrl ?? vendor?.tokenUrl,
      accountType: vendor?.accountType,
      baseUrl: vendor?.baseUrl,
      now,
    });
    return manager.getToken();
  }

  /** ` as <account>` for a stored sign-in, asking the provider once when no account is recorded yet. */
  async function accountOf(
    accounts: SignInAccounts,
    provider: 'github' | 'google',
    vendor: VendorConfig | undefined,
    token: string,
    tokenUrl: string | undefined,
  ): Promise<string> {
    const settings: AccountEndpoints = { ...vendor, ...(tokenUrl ? { tokenUrl } : {}) };
    const identity = await accounts.lookUpOnce(provider, token, accountLookup(provider, settings, token));
    return identity ? ` as ${identity.account}` : '';
  }

  async function loginCopilot(flags: LoginFlags, { secrets, accounts, config }: ReturnType<typeof context>) {
    // The Ctrl-C handler is in place before the code is shown: a user may press it at any moment after that.
    const result = await interruptible(async (signal) => {
      let start: Awaited<ReturnType<typeof startDeviceFlow>>;
      try {
        start = await startDeviceFlow({
          clientId: flags.clientId,
          deviceCodeUrl: flags.deviceCodeUrl,
          signal,
          now,
        });
      } catch (error) {
        if (signal.aborted)
          return { ok: false as const, reason: 'cancelled' as const, message: 'sign-in cancelled' };
        return { ok: false as const, reason: 'start' as const, message: (error as Error).message };
      }
      const minutes = Math.max(1, Math.round((start.expiresAt - now()) / 60_000));
      write('To sign in to GitHub Copilot:');
      write(`  1. Open    ${start.verificationUri}`);
      write(`  2. Enter   ${start.userCode}`);
      write(`Waiting for approval (the code expires in ${minutes} min; press Ctrl-C to cancel)…`);
      return pollDeviceFlow(start, { accessTokenUrl: flags.accessTokenUrl, signal, now });
    });
    if (!result.ok) {
      if (result.reason === 'cancelled') {
        writeError('Sign-in cancelled; nothing was stored.');
        setExitCode(130);
      } else if (result.reason === 'start') {
        writeError(`Cannot start the GitHub sign-in: ${result.message}`);
        setExitCode(1);
      } else {
        writeError(`GitHub sign-in failed: ${result.message}`);
        setExitCode(1);
      }
      return;
    }
    await secrets.set(GITHUB_TOKEN_KEY, result.token);
    const vendor = firstVendor(config, 'copilot');
    const tokenUrl = flags.tokenUrl ?? vendor?.tokenUrl;
    // Best effort, like every account lookup: the token is stored either way.
    const identity = await accounts.recordLookup(
      'github',
      result.token,
      await fetchGithubIdentity({ token: result.token, tokenUrl }),
    );
    const as = identity ? ` as ${identity.account}` : '';
    write(`Signed in to GitHub${as}. Token stored in ${secrets.path}`);
    const check = await checkCopilot(result.token, vendor, flags.tokenUrl);
    if (check.ok) write(`Copilot access confirmed (API ${check.apiBase}).`);
    else write(`Warning: Copilot did not accept this account yet: ${check.message}`);
  }

  async function loginGoogle(flags: LoginFlags, { secrets, accounts, config }: ReturnType<typeof context>) {
    // ── Google sign-in (antigravity): the flow itself lives in core/auth/google-login.ts. ──
    const vendor = firstVendor(config, 'antigravity');
    const login = deps.googleLogin ?? runGoogleLogin;
    try {
      await interruptible((signal) =>
        login({
          clientId: flags.clientId ?? vendor?.clientId ?? ANTIGRAVITY_CLIENT_ID,
          clientSecret: flags.clientSecret ?? vendor?.clientSecret,
          authUrl: flags.authUrl ?? vendor?.authUrl,
          tokenUrl: flags.tokenUrl ?? vendor?.oauthTokenUrl,
          userinfoUrl: flags.userinfoUrl ?? vendor?.userinfoUrl,
          accounts,
          openBrowser: flags.browser ? openInBrowser : undefined,
          print: write,
          secrets,
          signal,
        }),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'cancelled') {
        writeError('Sign-in cancelled; nothing was stored.');
        setExitCode(130);
        return;
      }
      writeError(`Google sign-in failed: ${(error as Error).message}`);
      setExitCode(1);
    }
  }

  const auth = program
    .command('auth')
    .description('sign in to the vendors that need it (GitHub Copilot, Google)');
  const dataDirOption = () => new Option('--data-dir <dir>', 'where config.yaml, usage.db and secrets live');

  auth
    .command('login')
    .description('sign in: `copilot` (GitHub device code) or `google` (browser, for antigravity)')
    .addArgument(
      new Argument('<provider>', 'copilot (alias github) or google').choices(['copilot', 'github', 'google']),
    )
    .addOption(dataDirOption())
    .option('--no-browser', 'do not try to open a browser (google)')
    .addOption(new Option('--client-id <id>', 'OAuth client id').hideHelp())
    .addOption(new Option('--client-secret <secret>', 'OAuth client secret (google)').hideHelp())
    .addOption(new Option('--device-code-url <url>', 'GitHub device code endpoint').hideHelp())
    .addOption(new Option('--access-token-url <url>', 'GitHub access token endpoint').hideHelp())
    .addOption(new Option('--token-url <url>', 'Copilot token exchange / Google token endpoint').hideHelp())
    .addOption(new Option('--auth-url <url>', 'Google authorization endpoint').hideHelp())
    .addOption(new Option('--userinfo-url <url>', 'Google userinfo endpoint (signed-in account)').hideHelp())
    .action(async (providerName: string, flags: LoginFlags) => {
      if (normaliseProvider(providerName) === 'copilot') await loginCopilot(flags, context(flags));
      else await loginGoogle(flags, context(flags));
    });

  auth
    .command('status')
    .description('show which providers are signed in')
    .addOption(dataDirOption())
    .option('--check', 'also exchange the GitHub token to confirm Copilot accepts it')
    .addOption(new Option('--token-url <url>', 'Copilot token exchange endpoint').hideHelp())
    .action(async (flags: StatusFlags) => {
      const { secrets, accounts, config } = context(flags);
      const copilotVendor = firstVendor(config, 'copilot');
      const fromConfig = copilotVendor?.githubToken;
      const stored = await secrets.get(GITHUB_TOKEN_KEY);
      const githubToken = fromConfig || stored;
      if (fromConfig)
        write(
          `copilot: GitHub token from config (vendor "${copilotVendor?.name}", ${maskToken(fromConfig)})`,
        );
      else if (stored) {
        const as = await accountOf(accounts, 'github', copilotVendor, stored, flags.tokenUrl);
        write(`copilot: signed in${as} (GitHub token ${maskToken(stored)} in ${secrets.path})`);
      } else write('copilot: not signed in (run `coding-proxy auth login copilot`)');
      if (flags.check && githubToken) {
        const check = await checkCopilot(githubToken, copilotVendor, flags.tokenUrl);
        if (check.ok) {
          write(
            `  token exchange works (API ${check.apiBase}, Copilot token valid until ${new Date(check.expiresAt).toISOString()})`,
          );
        } else {
          write(`  token exchange failed: ${check.message}`);
          setExitCode(1);
        }
      }
      const googleVendor = firstVendor(config, 'antigravity');
      const storedGoogle = googleVendor?.refreshToken
        ? undefined
        : await secrets.get(GOOGLE_REFRESH_TOKEN_KEY);
      if (googleVendor?.refreshToken)
        write(`google: refresh token from config (vendor "${googleVendor.name}")`);
      else if (storedGoogle)
        write(
          `google: signed in${await accountOf(accounts, 'google', googleVendor, storedGoogle, undefined)}`,
        );
      else write('google: not signed in (run `coding-proxy auth login google`)');
    });

  auth
    .command('logout')
    .description('forget a stored sign-in (both when no provider is named)')
    .addArgument(
      new Argument('[provider]', 'copilot (alias github) or google').choices(['copilot', 'github', 'google']),
    )
    .addOption(dataDirOption())
    .action(async (providerName: string | undefined, flags: CommonFlags) => {
      const { secrets, accounts } = context(flags);
      const providers: Provider[] = providerName ? [normaliseProvider(providerName)] : ['copilot', 'google'];
      for (const provider of providers) {
        const key = provider === 'copilot' ? GITHUB_TOKEN_KEY : GOOGLE_REFRESH_TOKEN_KEY;
        if ((await secrets.get(key)) === undefined) {
          write(`${provider}: was not signed in`);
          continue;
        }
        await secrets.delete(key);
        await accounts.forget(provider === 'copilot' ? 'github' : 'google').catch(() => undefined);
        write(`${provider}: signed out (removed from ${secrets.path})`);
      }
    });
}
