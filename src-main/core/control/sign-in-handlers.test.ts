import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parseConfig, type ProxyConfigInput } from '../../../src-shared/config-schema.ts';
import type { CoreEvent, SignInState } from '../../../src-shared/contract.ts';
import {
  AUTHORIZATION_PENDING,
  deviceCodeAnswer,
  type FakeGitHub,
  startFakeGitHub,
} from '../auth/fake-github.test-support.ts';
import { answersInOrder, type FakeServer, startFakeServer } from '../auth/fake-http-server.test-support.ts';
import { COPILOT_CLIENT_ID } from '../auth/github-device-flow.ts';
import { createMemoryConfigStore } from '../config/config-store.ts';
import { type RunningCore, startCore } from '../start-core.ts';
import { ControlError } from './control-error.ts';
import { createSignInHandlers, SIGN_IN_REQUEST_SCHEMAS, type SignInHandlers } from './sign-in-handlers.ts';
import { OFFLINE_ANTIGRAVITY, OFFLINE_COPILOT_MODELS } from '../../../tests/support/offline-endpoints.ts';

const DEVICE_CODE = deviceCodeAnswer('device-123', 'WDJB-MJHT');

function readSecrets(dataDir: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

describe('sign-in control handlers', () => {
  let github: FakeGitHub;
  let google: FakeServer;
  let core: RunningCore;
  let dataDir: string;
  let events: CoreEvent[];
  let deviceAnswers: ReturnType<typeof answersInOrder>;
  let tokenAnswers: ReturnType<typeof answersInOrder>;

  /** Resolves with the session's first pushed state that is not `waiting`. */
  const settled = async (id: string): Promise<SignInState> => {
    for (let turn = 0; turn < 400; turn++) {
      const found = events.find(
        (event): event is Extract<CoreEvent, { type: 'sign-in-changed' }> =>
          event.type === 'sign-in-changed' && event.signIn.id === id && event.signIn.state !== 'waiting',
      );
      if (found) return found.signIn;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`sign-in ${id} never settled`);
  };

  before(async () => {
    // Late-bound: each test scripts its own answers before it starts a sign-in.
    github = await startFakeGitHub({
      deviceCode: (request) => deviceAnswers(request),
      accessToken: (request) => tokenAnswers(request),
    });
    google = await startFakeServer({
      '/token': answersInOrder({
        body: { access_token: 'ya29.access', expires_in: 3600, refresh_token: '1//google-refresh' },
      }),
    });
    const input: ProxyConfigInput = {
      vendors: [
        // Every endpoint on 127.0.0.1: the token exchange and the account lookup (`GET /user`) never leave the machine.
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
          clientId: 'client-abc',
          clientSecret: 'secret-xyz',
          authUrl: 'https://accounts.example/auth',
          oauthTokenUrl: `${google.url}/token`,
          userinfoUrl: `${google.url}/userinfo`,
        },
        { name: 'plain', kind: 'minimax', apiKey: 'sk-plain' },
      ],
    };
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    dataDir = mkdtempSync(join(tmpdir(), 'sign-in-handlers-'));
    core = await startCore({
      config: parsed.config,
      configStore: createMemoryConfigStore(input as Record<string, unknown>),
      dataDir,
      port: 0,
      host: '127.0.0.1',
    });
    core.context.events.on((event) => events.push(event));
  });

  beforeEach(() => {
    events = [];
    deviceAnswers = answersInOrder(DEVICE_CODE);
    tokenAnswers = answersInOrder(AUTHORIZATION_PENDING, {
      body: { access_token: 'gho_signed_in', scope: 'read:user' },
    });
    github.requests.length = 0;
  });

  after(async () => {
    await core.close();
    await github.close();
    await google.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the GitHub code at once, then stores the token under github:token once it is approved', async () => {
    const copilotTier = core.context.router.chain.get('copilot');
    assert.ok(copilotTier);
    copilotTier.signInNeeded = 'GitHub sign-in needed';

    const started = await core.handlers.signInStart({ provider: 'github', vendor: 'copilot' });
    assert.equal(started.state, 'waiting');
    assert.equal(started.userCode, 'WDJB-MJHT');
    assert.equal(started.verificationUri, 'https://github.com/login/device');
    assert.ok(started.expiresAt);

    const final = await settled(started.id);
    assert.equal(final.state, 'done');
    assert.equal(readSecrets(dataDir)['github:token'], 'gho_signed_in');
    assert.equal((await core.handlers.signInStatus({ id: started.id })).state, 'done');
    // The vendor's own endpoints were used, with the Copilot app's client id; pending was polled through.
    const polls = github.calls('/login/oauth/access_token');
    assert.equal(polls.length, 2);
    assert.equal(polls[0]?.fields.device_code, 'device-123');
    assert.equal(github.calls('/login/device/code')[0]?.fields.client_id, COPILOT_CLIENT_ID);
    // The copilot tier can be tried again, and the board hears about it.
    assert.equal(copilotTier.signInNeeded, undefined);
    assert.ok(events.some((event) => event.type === 'tier-changed' && event.tier.name === 'copilot'));
  });

  it('reports a refusal on GitHub as failed, with the reason', async () => {
    tokenAnswers = answersInOrder({ body: { error: 'access_denied' } });
    const started = await core.handlers.signInStart({ provider: 'github' });
    const final = await settled(started.id);
    assert.equal(final.state, 'failed');
    assert.match(final.message ?? '', /refused/);
  });

  it('reports an expired device code as expired', async () => {
    tokenAnswers = answersInOrder({ body: { error: 'expired_token' } });
    const started = await core.handlers.signInStart({ provider: 'github' });
    assert.equal((await settled(started.id)).state, 'expired');
  });

  it('fails the session, not the command, when GitHub will not hand out a code', async () => {
    deviceAnswers = answersInOrder({ status: 503, body: { error: 'unavailable' } });
    const started = await core.handlers.signInStart({ provider: 'github' });
    assert.equal(started.state, 'failed');
    assert.match(started.message ?? '', /HTTP 503/);
    assert.equal(started.userCode, undefined);
  });

  it('uses endpoint overrides from the options over the vendor config', async () => {
    const other = await startFakeServer({
      '/device': answersInOrder(DEVICE_CODE),
      '/token': answersInOrder({ body: { access_token: 'gho_from_override' } }),
    });
    try {
      const handlers = createSignInHandlers(core.context, {
        deviceCodeUrl: `${other.url}/device`,
        accessTokenUrl: `${other.url}/token`,
      });
      const started = await handlers.signInStart({ provider: 'github', vendor: 'copilot' });
      assert.equal((await settled(started.id)).state, 'done');
      assert.equal(readSecrets(dataDir)['github:token'], 'gho_from_override');
      // The device flow went to the override; the vendor's own GitHub host only saw the account lookup after it.
      const deviceEndpoints = new Set([
        new URL(github.endpoints.deviceCodeUrl).pathname,
        new URL(github.endpoints.accessTokenUrl).pathname,
      ]);
      assert.deepEqual(
        github.requests.filter((request) => deviceEndpoints.has(request.path)),
        [],
      );
    } finally {
      await other.close();
    }
  });

  it('stops polling when cancelled and stores nothing', async () => {
    let release: () => void = () => {};
    const held = new Promise((resolve) => {
      release = () => resolve(undefined);
    });
    // The first poll hangs until the test lets it answer with a token, after the cancel.
    tokenAnswers = answersInOrder({ wait: held, body: { access_token: 'gho_too_late' } });
    const handlers: SignInHandlers = createSignInHandlers(core.context);
    const previous = readSecrets(dataDir)['github:token'];
    const started = await handlers.signInStart({ provider: 'github', vendor: 'copilot' });
    const cancelled = await handlers.signInCancel({ id: started.id });
    assert.equal(cancelled.state, 'cancelled');
    release();
    assert.equal((await settled(started.id)).state, 'cancelled');
    assert.equal((await handlers.signInStatus({ id: started.id })).state, 'cancelled');
    assert.equal(readSecrets(dataDir)['github:token'], previous);
  });

  it('completes a Google sign-in when the browser comes back to the loopback listener', async () => {
    const started = await core.handlers.signInStart({ provider: 'google', vendor: 'gravity' });
    assert.equal(started.state, 'waiting');
    const authUrl = new URL(started.authUrl ?? '');
    assert.equal(authUrl.origin + authUrl.pathname, 'https://accounts.example/auth');
    assert.equal(authUrl.searchParams.get('client_id'), 'client-abc');
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    const redirectUri = authUrl.searchParams.get('redirect_uri') ?? '';
    assert.match(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const back = `${redirectUri}?code=auth-code-1&state=${authUrl.searchParams.get('state')}`;
    const page = await fetch(back);
    assert.equal(page.status, 200);
    await page.text();

    assert.equal((await settled(started.id)).state, 'done');
    assert.equal(readSecrets(dataDir)['google:refresh_token'], '1//google-refresh');
    const exchange = google.calls('/token')[0];
    assert.equal(exchange?.fields.code, 'auth-code-1');
    assert.equal(exchange?.fields.client_secret, 'secret-xyz');
    assert.ok(exchange?.fields.code_verifier);
  });

  it('reports a Google refusal as failed', async () => {
    const started = await core.handlers.signInStart({ provider: 'google' });
    const authUrl = new URL(started.authUrl ?? '');
    const redirectUri = authUrl.searchParams.get('redirect_uri') ?? '';
    await (
      await fetch(`${redirectUri}?error=access_denied&state=${authUrl.searchParams.get('state')}`)
    ).text();
    const final = await settled(started.id);
    assert.equal(final.state, 'failed');
    assert.match(final.message ?? '', /denied/);
  });

  it('closes the loopback listener when a Google sign-in is cancelled', async () => {
    const started = await core.handlers.signInStart({ provider: 'google', vendor: 'gravity' });
    const redirectUri = new URL(started.authUrl ?? '').searchParams.get('redirect_uri') ?? '';
    await core.handlers.signInCancel({ id: started.id });
    await settled(started.id);
    // close() runs after the cancel settles; give it its turn before knocking.
    for (let turn = 0; turn < 50; turn++) {
      try {
        await (await fetch(redirectUri)).text();
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the loopback listener is still answering after the cancel');
  });

  it('expires a Google sign-in nobody completes', async () => {
    const handlers = createSignInHandlers(core.context, { googleTimeoutMs: 1 });
    const started = await handlers.signInStart({ provider: 'google' });
    const final = await settled(started.id);
    assert.equal(final.state, 'expired');
  });

  it('refuses a vendor of the wrong kind and unknown sessions with typed errors', async () => {
    await assert.rejects(
      core.handlers.signInStart({ provider: 'github', vendor: 'plain' }),
      (error: unknown) => error instanceof ControlError && error.type === 'invalid_request',
    );
    await assert.rejects(
      core.handlers.signInStart({ provider: 'google', vendor: 'nobody' }),
      (error: unknown) => error instanceof ControlError && error.type === 'not_found',
    );
    await assert.rejects(
      core.handlers.signInStatus({ id: 'no-such-id' }),
      (error: unknown) => error instanceof ControlError && error.type === 'not_found',
    );
    assert.equal(SIGN_IN_REQUEST_SCHEMAS.signInStart.safeParse({ provider: 'gitlab' }).success, false);
    assert.equal(SIGN_IN_REQUEST_SCHEMAS.signInCancel.safeParse({ id: 'x', extra: 1 }).success, false);
  });
});
