import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answersInOrder, type FakeRoute, startFakeServer } from './fake-http-server.test-support.ts';
import {
  COPILOT_CLIENT_ID,
  type DeviceFlowStart,
  pollDeviceFlow,
  startDeviceFlow,
} from './github-device-flow.ts';

const deviceCodeAnswer: FakeRoute = () => ({
  body: {
    device_code: 'dev-123',
    user_code: 'ABCD-1234',
    verification_uri: 'https://github.com/login/device',
    expires_in: 900,
    interval: 5,
  },
});

/** A clock that only moves when the injected sleep "waits", so expiry is deterministic. */
function virtualTime() {
  let time = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => time,
    slept,
    sleep: async (ms: number, signal: AbortSignal | undefined) => {
      if (signal?.aborted) throw new Error('aborted');
      slept.push(ms);
      time += ms;
    },
  };
}

async function withGitHub(
  accessToken: FakeRoute,
  run: (url: string, start: DeviceFlowStart) => Promise<void>,
) {
  const github = await startFakeServer({
    '/login/device/code': deviceCodeAnswer,
    '/login/oauth/access_token': accessToken,
  });
  try {
    const clock = virtualTime();
    const start = await startDeviceFlow({ deviceCodeUrl: `${github.url}/login/device/code`, now: clock.now });
    await run(github.url, start);
  } finally {
    await github.close();
  }
}

describe('GitHub device flow', () => {
  it('starts with the Copilot client id and read:user scope, and reports the code to show', async () => {
    const github = await startFakeServer({ '/login/device/code': deviceCodeAnswer });
    try {
      const start = await startDeviceFlow({
        deviceCodeUrl: `${github.url}/login/device/code`,
        now: () => 5000,
      });
      assert.equal(start.userCode, 'ABCD-1234');
      assert.equal(start.verificationUri, 'https://github.com/login/device');
      assert.equal(start.deviceCode, 'dev-123');
      assert.equal(start.interval, 5);
      assert.equal(start.expiresAt, 5000 + 900_000);
      const [request] = github.calls('/login/device/code');
      assert.equal(request?.fields.client_id, COPILOT_CLIENT_ID);
      assert.equal(request?.fields.scope, 'read:user');
      assert.equal(request?.headers.accept, 'application/json');
    } finally {
      await github.close();
    }
  });

  it('explains a refusal to start with the HTTP status and GitHub’s reason', async () => {
    const github = await startFakeServer({
      '/login/device/code': () => ({
        status: 400,
        body: { error: 'unauthorized_client', error_description: 'nope' },
      }),
    });
    try {
      await assert.rejects(
        startDeviceFlow({ deviceCodeUrl: `${github.url}/login/device/code` }),
        /HTTP 400\): nope/,
      );
    } finally {
      await github.close();
    }
  });

  it('keeps polling at the server’s interval while authorization is pending, then returns the token', async () => {
    const route = answersInOrder(
      { body: { error: 'authorization_pending' } },
      { body: { error: 'authorization_pending' } },
      { body: { access_token: 'ghu_token', token_type: 'bearer', scope: 'read:user' } },
    );
    await withGitHub(route, async (url, start) => {
      const clock = virtualTime();
      const result = await pollDeviceFlow(start, {
        accessTokenUrl: `${url}/login/oauth/access_token`,
        ...clock,
      });
      assert.deepEqual(result, { ok: true, token: 'ghu_token', scope: 'read:user' });
      assert.deepEqual(clock.slept, [5000, 5000, 5000]);
    });
  });

  it('adds five seconds to the interval on slow_down and keeps it', async () => {
    const route = answersInOrder(
      { body: { error: 'slow_down', interval: 10 } },
      { body: { error: 'authorization_pending' } },
      { body: { access_token: 'ghu_after_slow_down' } },
    );
    await withGitHub(route, async (url, start) => {
      const clock = virtualTime();
      const result = await pollDeviceFlow(start, {
        accessTokenUrl: `${url}/login/oauth/access_token`,
        ...clock,
      });
      assert.equal(result.ok && result.token, 'ghu_after_slow_down');
      assert.deepEqual(clock.slept, [5000, 10_000, 10_000]);
    });
  });

  it('sends the client id, the device code and the device grant type when polling', async () => {
    const github = await startFakeServer({
      '/login/device/code': deviceCodeAnswer,
      '/login/oauth/access_token': () => ({ body: { access_token: 't' } }),
    });
    try {
      const start = await startDeviceFlow({
        deviceCodeUrl: `${github.url}/login/device/code`,
        clientId: 'my-app',
      });
      await pollDeviceFlow(start, {
        accessTokenUrl: `${github.url}/login/oauth/access_token`,
        ...virtualTime(),
      });
      const [poll] = github.calls('/login/oauth/access_token');
      assert.deepEqual(poll?.fields, {
        client_id: 'my-app',
        device_code: 'dev-123',
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      });
    } finally {
      await github.close();
    }
  });

  it('reports expired when GitHub answers expired_token', async () => {
    await withGitHub(answersInOrder({ body: { error: 'expired_token' } }), async (url, start) => {
      const result = await pollDeviceFlow(start, {
        accessTokenUrl: `${url}/login/oauth/access_token`,
        ...virtualTime(),
      });
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, 'expired');
    });
  });

  it('reports expired without another poll once the code’s lifetime has passed', async () => {
    let polls = 0;
    await withGitHub(
      () => {
        polls++;
        return { body: { error: 'authorization_pending' } };
      },
      async (url, start) => {
        const clock = virtualTime();
        const result = await pollDeviceFlow(
          { ...start, expiresAt: clock.now() + 12_000 },
          { accessTokenUrl: `${url}/login/oauth/access_token`, ...clock },
        );
        assert.equal(!result.ok && result.reason, 'expired');
        assert.equal(polls, 3);
      },
    );
  });

  it('reports denied when the user refuses on GitHub', async () => {
    await withGitHub(answersInOrder({ body: { error: 'access_denied' } }), async (url, start) => {
      const result = await pollDeviceFlow(start, {
        accessTokenUrl: `${url}/login/oauth/access_token`,
        ...virtualTime(),
      });
      assert.equal(!result.ok && result.reason, 'denied');
    });
  });

  it('reports cancelled when the signal aborts during the wait, without polling again', async () => {
    let polls = 0;
    await withGitHub(
      () => {
        polls++;
        return { body: { error: 'authorization_pending' } };
      },
      async (url, start) => {
        const controller = new AbortController();
        const result = await pollDeviceFlow(start, {
          accessTokenUrl: `${url}/login/oauth/access_token`,
          signal: controller.signal,
          now: () => 0,
          // The user presses Ctrl-C while the second wait is in progress.
          sleep: async (ms, signal) => {
            if (polls === 2) controller.abort();
            if (signal?.aborted) throw new Error('aborted');
            void ms;
          },
        });
        assert.deepEqual(result, { ok: false, reason: 'cancelled', message: 'sign-in cancelled' });
        assert.equal(polls, 2);
      },
    );
  });

  it('ends a real (default) sleep as soon as the signal aborts', async () => {
    await withGitHub(answersInOrder({ body: { error: 'authorization_pending' } }), async (url, start) => {
      const controller = new AbortController();
      const polling = pollDeviceFlow(
        { ...start, interval: 3600 },
        { accessTokenUrl: `${url}/login/oauth/access_token`, signal: controller.signal, now: () => 0 },
      );
      controller.abort();
      assert.equal(((await polling) as { reason?: string }).reason, 'cancelled');
    });
  });

  it('gives up with an error after repeated server failures instead of polling forever', async () => {
    await withGitHub(
      () => ({ status: 502, body: 'bad gateway' }),
      async (url, start) => {
        const result = await pollDeviceFlow(start, {
          accessTokenUrl: `${url}/login/oauth/access_token`,
          ...virtualTime(),
        });
        assert.equal(!result.ok && result.reason, 'error');
      },
    );
  });
});
