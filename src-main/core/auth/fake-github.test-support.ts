// GitHub's device flow played on 127.0.0.1 for the sign-in tests: the two endpoints a copilot vendor is pointed
// at, and the answers GitHub gives on them.
import {
  type FakeAnswer,
  type FakeRoute,
  type FakeServer,
  startFakeServer,
} from './fake-http-server.test-support.ts';

export interface FakeGitHub extends FakeServer {
  /** Spread into a copilot vendor's config so it signs in here instead of on github.com. */
  endpoints: { deviceCodeUrl: string; accessTokenUrl: string };
}

/** A device code as GitHub hands it out; zero seconds between polls, so tests wait on events, never the clock. */
export function deviceCodeAnswer(deviceCode: string, userCode: string): FakeAnswer {
  return {
    body: {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: 'https://github.com/login/device',
      expires_in: 900,
      interval: 0,
    },
  };
}

/** What GitHub answers a poll before the user has approved. */
export const AUTHORIZATION_PENDING: FakeAnswer = { body: { error: 'authorization_pending' } };

export async function startFakeGitHub(routes: {
  deviceCode: FakeRoute;
  accessToken: FakeRoute;
}): Promise<FakeGitHub> {
  const server = await startFakeServer({
    '/login/device/code': routes.deviceCode,
    '/login/oauth/access_token': routes.accessToken,
  });
  return {
    ...server,
    endpoints: {
      deviceCodeUrl: `${server.url}/login/device/code`,
      accessTokenUrl: `${server.url}/login/oauth/access_token`,
    },
  };
}
