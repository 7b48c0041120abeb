// Which account a sign-in belongs to, end to end in the core: the dashboard's sign-ins ask GitHub's `/user` and
// Google's userinfo (fakes on 127.0.0.1), record the answer in accounts.json beside — not in — the secrets,
// `vendorStates` shows it, a sign-out removes it, and a sign-in made before accounts were kept is asked once.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parseConfig, type ProxyConfigInput } from '../../../src-shared/config-schema.ts';
import type { CoreEvent, SignInState, VendorState } from '../../../src-shared/contract.ts';
import {
  BAD_CREDENTIALS,
  COPILOT_TOKEN_ANSWER,
  deviceCodeAnswer,
  type FakeGitHub,
  githubUserAnswer,
  startFakeGitHub,
} from '../auth/fake-github.test-support.ts';
import { googleUserinfoRoute } from '../auth/fake-google-userinfo.test-support.ts';
import { type FakeAnswer, type FakeServer, startFakeServer } from '../auth/fake-http-server.test-support.ts';
import { createMemoryConfigStore } from '../config/config-store.ts';
import { type RunningCore, startCore } from '../start-core.ts';
import { OFFLINE_ANTIGRAVITY, OFFLINE_COPILOT_MODELS } from '../../../tests/support/offline-endpoints.ts';

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

describe('the signed-in account beside each sign-in', () => {
  let github: FakeGitHub;
  let google: FakeServer;
  let core: RunningCore;
  let dataDir: string;
  let events: CoreEvent[];
  let user: FakeAnswer;
  let accessToken: string;

  /** The session's first pushed state that is not `waiting`, awaited as an event (or found among those seen). */
  const settled = (id: string): Promise<SignInState> =>
    new Promise((resolve) => {
      const ended = (event: CoreEvent) =>
        event.type === 'sign-in-changed' && event.signIn.id === id && event.signIn.state !== 'waiting'
          ? event.signIn
          : undefined;
      const seen = events.map(ended).find(Boolean);
      if (seen) return resolve(seen);
      const off = core.context.events.on((event) => {
        const state = ended(event);
        if (!state) return;
        off();
        resolve(state);
      });
    });
  const stateOf = async (name: string): Promise<VendorState | undefined> =>
    (await core.handlers.vendorStates({})).vendors.find((vendor) => vendor.name === name);
  const accountsFile = () => join(dataDir, 'accounts.json');
  /** A sign-in stored by a version that did not keep accounts: the token alone. */
  const storeOlderSignIn = (key: string, token: string) => {
    const secrets = readJson(join(dataDir, 'secrets.json'));
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ ...secrets, [key]: token }), {
      mode: 0o600,
    });
  };
  const signInGithub = async () => settled((await core.handlers.signInStart({ provider: 'github' })).id);
  const signInGoogle = async () => {
    const started = await core.handlers.signInStart({ provider: 'google' });
    const authUrl = new URL(started.authUrl ?? '');
    const redirect = authUrl.searchParams.get('redirect_uri') ?? '';
    await (await fetch(`${redirect}?code=code-1&state=${authUrl.searchParams.get('state')}`)).text();
    return settled(started.id);
  };

  before(async () => {
    github = await startFakeGitHub({
      deviceCode: () => deviceCodeAnswer('device-1', 'ABCD-EFGH'),
      accessToken: () => ({ body: { access_token: 'gho_octocat_token', scope: 'read:user' } }),
      user: (request) =>
        ['token gho_octocat_token', 'token gho_older'].includes(request.headers.authorization ?? '')
          ? user
          : BAD_CREDENTIALS,
      copilotToken: () => COPILOT_TOKEN_ANSWER,
    });
    google = await startFakeServer({
      '/token': () => ({
        body: { access_token: accessToken, expires_in: 3600, refresh_token: '1//refresh-ada' },
      }),
      '/oauth2/v2/userinfo': (request) => googleUserinfoRoute(accessToken, 'ada@example.com')(request),
    });
    const input: ProxyConfigInput = {
      vendors: [
        {
          name: 'copilot',
          kind: 'copilot',
          ...github.endpoints,
          tokenUrl: github.tokenUrl,
          ...OFFLINE_COPILOT_MODELS,
        },
        {
          name: 'gravity',
          kind: 'antigravity',
          ...OFFLINE_ANTIGRAVITY,
          clientSecret: 'secret-xyz',
          authUrl: 'https://accounts.example/auth',
          oauthTokenUrl: `${google.url}/token`,
          userinfoUrl: `${google.url}/oauth2/v2/userinfo`,
        },
      ],
    };
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    dataDir = mkdtempSync(join(tmpdir(), 'sign-in-account-'));
    core = await startCore({
      config: parsed.config,
      configStore: createMemoryConfigStore(input as Record<string, unknown>),
      dataDir,
      port: 0,
      host: '127.0.0.1',
      log: () => {},
    });
    core.context.events.on((event) => events.push(event));
  });

  beforeEach(() => {
    events = [];
    user = githubUserAnswer('octocat', 'The Octocat');
    accessToken = 'ya29.ada';
    github.requests.length = 0;
    google.requests.length = 0;
  });

  after(async () => {
    await core.close();
    await github.close();
    await google.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the GitHub account of a finished sign-in and keeps it out of the secrets and the redactor', async () => {
    const final = await signInGithub();
    assert.equal(final.state, 'done');
    assert.equal(final.account, 'octocat');
    assert.equal(github.calls('/user')[0]?.headers.authorization, 'token gho_octocat_token');
    assert.deepEqual((await stateOf('copilot'))?.signIn, {
      provider: 'github',
      source: 'sign-in',
      account: 'octocat',
    });
    const recorded = readJson(accountsFile()).github as Record<string, unknown>;
    assert.equal(recorded.account, 'octocat');
    assert.equal(recorded.name, 'The Octocat');
    assert.doesNotMatch(readFileSync(accountsFile(), 'utf8'), /gho_octocat_token/);
    assert.doesNotMatch(readFileSync(join(dataDir, 'secrets.json'), 'utf8'), /octocat"/);
    assert.equal(core.context.redactor.redact('signed in as octocat'), 'signed in as octocat');
  });

  it('names the Google account with the access token the sign-in just got', async () => {
    const final = await signInGoogle();
    assert.equal(final.state, 'done');
    assert.equal(final.account, 'ada@example.com');
    assert.equal(google.calls('/oauth2/v2/userinfo')[0]?.headers.authorization, 'Bearer ya29.ada');
    assert.equal((await stateOf('gravity'))?.signIn?.account, 'ada@example.com');
  });

  it('still finishes a sign-in whose account lookup is refused, and shows no account', async () => {
    user = BAD_CREDENTIALS;
    const final = await signInGithub();
    assert.equal(final.state, 'done');
    assert.equal(final.account, undefined);
    assert.equal(readJson(join(dataDir, 'secrets.json'))['github:token'], 'gho_octocat_token');
    assert.equal(readJson(accountsFile()).github, undefined);
  });

  it('asks once, lazily, for a stored sign-in that has no account recorded', async () => {
    storeOlderSignIn('github:token', 'gho_older');
    assert.equal((await stateOf('copilot'))?.signIn?.account, 'octocat');
    assert.equal(github.calls('/user')[0]?.headers.authorization, 'token gho_older');
    await stateOf('copilot');
    assert.equal(github.calls('/user').length, 1);
    assert.equal((readJson(accountsFile()).github as { account?: string }).account, 'octocat');
  });

  it('asks Google lazily with a fresh access token from the stored refresh token', async () => {
    storeOlderSignIn('google:refresh_token', '1//older');
    accessToken = 'ya29.refreshed';
    assert.equal((await stateOf('gravity'))?.signIn?.account, 'ada@example.com');
    assert.equal(google.calls('/token').at(-1)?.fields.grant_type, 'refresh_token');
    assert.equal(google.calls('/token').at(-1)?.fields.refresh_token, '1//older');
    assert.equal(google.calls('/oauth2/v2/userinfo')[0]?.headers.authorization, 'Bearer ya29.refreshed');
  });

  it('asks at most once for a token whose lookup fails, and still lists the sign-in', async () => {
    storeOlderSignIn('github:token', 'gho_unknown');
    const state = await stateOf('copilot');
    assert.deepEqual(state?.signIn, { provider: 'github', source: 'sign-in' });
    await stateOf('copilot');
    assert.equal(github.calls('/user').length, 1);
  });

  it('forgets the account on sign-out', async () => {
    await signInGoogle();
    await signInGithub();
    assert.equal((await stateOf('copilot'))?.signIn?.account, 'octocat');
    await core.handlers.signOut({ vendor: 'copilot' });
    assert.equal(readJson(accountsFile()).github, undefined);
    const state = await stateOf('copilot');
    assert.equal(state?.signIn?.source, 'none');
    assert.equal(state?.signIn?.account, undefined);
    // Google's sign-in is another provider's: untouched.
    assert.equal(
      (readJson(accountsFile()).google as { account?: string } | undefined)?.account,
      'ada@example.com',
    );
  });
});
