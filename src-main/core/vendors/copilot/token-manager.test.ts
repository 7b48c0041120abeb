import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FakeAnswer,
  type FakeServer,
  startFakeServer,
} from '../../auth/fake-http-server.test-support.ts';
import {
  apiBaseForAccount,
  type CopilotTokenManagerOptions,
  createCopilotTokenManager,
  REVOKED_MESSAGE,
} from './token-manager.ts';

const START = 1_700_000_000_000;

function tokenBody(now: number, serial: number, extra: Record<string, unknown> = {}) {
  return {
    token: `tid=copilot-${serial};exp=${Math.floor(now / 1000) + 1800}`,
    expires_at: Math.floor(now / 1000) + 1800,
    refresh_in: 1500,
    endpoints: { api: 'https://api.individual.githubcopilot.com/' },
    chat_enabled: true,
    ...extra,
  };
}

async function withTokenServer(
  answer: (serial: number, now: number) => FakeAnswer,
  run: (context: {
    server: FakeServer;
    clock: { time: number };
    options: CopilotTokenManagerOptions;
  }) => Promise<void>,
) {
  const clock = { time: START };
  let serial = 0;
  const server = await startFakeServer({ '/copilot_internal/v2/token': () => answer(++serial, clock.time) });
  try {
    await run({
      server,
      clock,
      options: {
        githubToken: async () => 'ghu_good',
        tokenUrl: `${server.url}/copilot_internal/v2/token`,
        now: () => clock.time,
      },
    });
  } finally {
    await server.close();
  }
}

describe('Copilot token manager', () => {
  it('exchanges the GitHub token with the `token` scheme and Copilot editor headers', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ server, options }) => {
        const result = await createCopilotTokenManager(options).getToken();
        assert.equal(result.ok, true);
        assert.equal(result.ok && result.token.startsWith('tid=copilot-1'), true);
        const [request] = server.calls('/copilot_internal/v2/token');
        assert.equal(request?.method, 'GET');
        assert.equal(request?.headers.authorization, 'token ghu_good');
        assert.match(String(request?.headers['editor-version']), /^vscode\//);
        assert.equal(request?.headers['x-github-api-version'], '2025-04-01');
      },
    );
  });

  it('uses endpoints.api from the token as the API base', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ options }) => {
        const result = await createCopilotTokenManager({ ...options, accountType: 'business' }).getToken();
        assert.equal(result.ok && result.apiBase, 'https://api.individual.githubcopilot.com');
      },
    );
  });

  it('derives the API base from the account type when the token names none, and lets config baseUrl win', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial, { endpoints: undefined }) }),
      async ({ options }) => {
        const business = await createCopilotTokenManager({ ...options, accountType: 'business' }).getToken();
        assert.equal(business.ok && business.apiBase, 'https://api.business.githubcopilot.com');
        const explicit = await createCopilotTokenManager({
          ...options,
          baseUrl: 'http://127.0.0.1:9/x/',
        }).getToken();
        assert.equal(explicit.ok && explicit.apiBase, 'http://127.0.0.1:9/x');
      },
    );
    assert.equal(apiBaseForAccount(undefined), 'https://api.githubcopilot.com');
    assert.equal(apiBaseForAccount('enterprise'), 'https://api.enterprise.githubcopilot.com');
  });

  it('reuses the cached token while it is fresh', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ server, clock, options }) => {
        const manager = createCopilotTokenManager(options);
        const first = await manager.getToken();
        clock.time += 20 * 60_000;
        const second = await manager.getToken();
        assert.deepEqual(second, first);
        assert.equal(server.calls('/copilot_internal/v2/token').length, 1);
      },
    );
  });

  it('refreshes a minute before refresh_in elapses', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ server, clock, options }) => {
        const manager = createCopilotTokenManager(options);
        await manager.getToken();
        clock.time = START + (1500 - 61) * 1000;
        await manager.getToken();
        assert.equal(server.calls('/copilot_internal/v2/token').length, 1);
        clock.time = START + (1500 - 60) * 1000;
        const refreshed = await manager.getToken();
        assert.equal(refreshed.ok && refreshed.token.startsWith('tid=copilot-2'), true);
        assert.equal(server.calls('/copilot_internal/v2/token').length, 2);
      },
    );
  });

  it('refreshes a minute before expires_at when no refresh_in is given', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial, { refresh_in: undefined }) }),
      async ({ server, clock, options }) => {
        const manager = createCopilotTokenManager(options);
        await manager.getToken();
        clock.time = START + (1800 - 61) * 1000;
        await manager.getToken();
        clock.time = START + (1800 - 60) * 1000;
        await manager.getToken();
        assert.equal(server.calls('/copilot_internal/v2/token').length, 2);
      },
    );
  });

  it('shares one exchange among concurrent callers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial), wait: gate }),
      async ({ server, options }) => {
        const manager = createCopilotTokenManager(options);
        const callers = Array.from({ length: 5 }, () => manager.getToken());
        release();
        const results = await Promise.all(callers);
        assert.equal(server.calls('/copilot_internal/v2/token').length, 1);
        for (const result of results) assert.deepEqual(result, results[0]);
      },
    );
  });

  it('exchanges again when forced to refresh after a 401 from the API', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ server, options }) => {
        const manager = createCopilotTokenManager(options);
        await manager.getToken();
        const refreshed = await manager.refresh();
        assert.equal(refreshed.ok && refreshed.token.startsWith('tid=copilot-2'), true);
        assert.equal(server.calls('/copilot_internal/v2/token').length, 2);
      },
    );
  });

  it('enters the sign-in-needed state when GitHub rejects the token, and stops asking', async () => {
    await withTokenServer(
      () => ({ status: 401, body: { message: 'Bad credentials' } }),
      async ({ server, options }) => {
        const manager = createCopilotTokenManager(options);
        assert.equal(manager.credentialProblem(), undefined);
        const result = await manager.getToken();
        assert.deepEqual(result, {
          ok: false,
          reason: 'revoked',
          message: REVOKED_MESSAGE,
          signInNeeded: true,
        });
        assert.equal(
          manager.credentialProblem(),
          'GitHub sign-in expired or revoked: run `coding-proxy auth login copilot`',
        );
        assert.equal(manager.signInReason(), 'revoked');
        await manager.getToken();
        await manager.refresh();
        assert.equal(server.calls('/copilot_internal/v2/token').length, 1);
      },
    );
  });

  it('tries again once the user has signed in with a new GitHub token', async () => {
    let githubToken = 'ghu_old';
    await withTokenServer(
      (serial, now) =>
        serial === 1 ? { status: 403, body: { message: 'revoked' } } : { body: tokenBody(now, serial) },
      async ({ options }) => {
        const manager = createCopilotTokenManager({ ...options, githubToken: async () => githubToken });
        assert.equal((await manager.getToken()).ok, false);
        githubToken = 'ghu_new';
        assert.equal((await manager.getToken()).ok, true);
        assert.equal(manager.credentialProblem(), undefined);
        assert.equal(manager.signInReason(), undefined);
      },
    );
  });

  it('says sign-in is needed when there is no GitHub token at all, without calling GitHub', async () => {
    await withTokenServer(
      (serial, now) => ({ body: tokenBody(now, serial) }),
      async ({ server, options }) => {
        const manager = createCopilotTokenManager({ ...options, githubToken: async () => undefined });
        const result = await manager.getToken();
        assert.equal(!result.ok && result.reason, 'signed-out');
        assert.equal(!result.ok && result.signInNeeded, true);
        assert.match(manager.credentialProblem() ?? '', /auth login copilot/);
        assert.equal(manager.signInReason(), 'missing');
        assert.equal(server.requests.length, 0);
      },
    );
  });

  it('reports an account without Copilot chat as not entitled (a sign-in with another account helps)', async () => {
    await withTokenServer(
      () => ({ body: { chat_enabled: false, sku: 'free_limited' } }),
      async ({ options }) => {
        const manager = createCopilotTokenManager(options);
        const result = await manager.getToken();
        assert.equal(!result.ok && result.reason, 'not-entitled');
        assert.equal(!result.ok && result.signInNeeded, true);
        assert.equal(manager.signInReason(), 'no-access');
      },
    );
  });

  it('treats an unreachable token endpoint as a plain failure that is retried on the next call', async () => {
    const server = await startFakeServer({});
    const url = `${server.url}/copilot_internal/v2/token`;
    await server.close();
    const manager = createCopilotTokenManager({
      githubToken: async () => 'ghu',
      tokenUrl: url,
      now: () => START,
    });
    const result = await manager.getToken();
    assert.equal(!result.ok && result.reason, 'unavailable');
    assert.equal(!result.ok && result.signInNeeded, false);
    assert.equal(!result.ok && result.networkCode, 'ECONNREFUSED');
    assert.equal(manager.credentialProblem(), undefined);
    assert.equal(manager.signInReason(), undefined);
  });

  it('keeps serving the old token when a refresh inside the margin fails on a server error', async () => {
    await withTokenServer(
      (serial, now) =>
        serial === 1 ? { body: tokenBody(now, serial) } : { status: 502, body: 'bad gateway' },
      async ({ clock, options }) => {
        const manager = createCopilotTokenManager(options);
        const first = await manager.getToken();
        clock.time = START + 1790 * 1000;
        assert.deepEqual(await manager.getToken(), first);
        clock.time = START + 1800 * 1000;
        assert.equal((await manager.getToken()).ok, false);
      },
    );
  });
});
