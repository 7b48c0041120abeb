// GitHub's device flow played on 127.0.0.1 for the sign-in tests: the two endpoints a copilot vendor is pointed
// at, and the answers GitHub gives on them. Optionally the REST API beside the Copilot token endpoint: `GET /user`
// (docs.github.com/en/rest/users/users#get-the-authenticated-user; copilot-api reads its `login`,
// ericc-ch/copilot-api src/services/github/get-user.ts) and `/copilot_internal/v2/token`.
import {
  type FakeAnswer,
  type FakeRoute,
  type FakeServer,
  startFakeServer,
} from './fake-http-server.test-support.ts';

export interface FakeGitHub extends FakeServer {
  /** Spread into a copilot vendor's config so it signs in here instead of on github.com. */
  endpoints: { deviceCodeUrl: string; accessTokenUrl: string };
  /** A copilot vendor's `tokenUrl` here: its API (`/user`) is this server too. */
  tokenUrl: string;
}

/**
 * `GET /user` as GitHub answers it for a token with `read:user` (trimmed to the fields we read and a few
 * neighbours); `name` is null when the profile has none. A bad token gets 401 `{"message":"Bad credentials"}`.
 */
export function githubUserAnswer(login: string, name: string | null = null): FakeAnswer {
  return {
    body: { login, id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==', type: 'User', site_admin: false, name },
  };
}

export const BAD_CREDENTIALS: FakeAnswer = {
  status: 401,
  body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
};

/** The Copilot token exchange's answer for an account with Copilot (fields the token manager reads). */
export const COPILOT_TOKEN_ANSWER: FakeAnswer = {
  body: {
    token: 'tid=fake;exp=9999999999;sku=copilot_individual',
    expires_at: 9_999_999_999,
    refresh_in: 1500,
    endpoints: { api: 'https://api.individual.githubcopilot.com' },
  },
};

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
  user?: FakeRoute;
  copilotToken?: FakeRoute;
}): Promise<FakeGitHub> {
  const server = await startFakeServer({
    '/login/device/code': routes.deviceCode,
    '/login/oauth/access_token': routes.accessToken,
    ...(routes.user ? { '/user': routes.user } : {}),
    ...(routes.copilotToken ? { '/copilot_internal/v2/token': routes.copilotToken } : {}),
  });
  return {
    ...server,
    endpoints: {
      deviceCodeUrl: `${server.url}/login/device/code`,
      accessTokenUrl: `${server.url}/login/oauth/access_token`,
    },
    tokenUrl: `${server.url}/copilot_internal/v2/token`,
  };
}
