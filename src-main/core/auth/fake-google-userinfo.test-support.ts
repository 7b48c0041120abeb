// Google's OAuth2 userinfo endpoint as the sign-in tests play it. The real one (GET
// https://www.googleapis.com/oauth2/v2/userinfo with `Authorization: Bearer <access token>`; gemini-cli reads it
// through googleapis `oauth2({version:'v2'}).userinfo.get()`, CLIProxyAPI's Antigravity login reads v1's twin)
// answers with the `Userinfoplus` fields of the OAuth2 v2 discovery document; with only `userinfo.email` and
// `userinfo.profile` granted that is id, email, verified_email, name, given_name, family_name, picture. A token
// it does not know gets 401 with Google's error envelope.
import type { FakeAnswer, FakeRoute } from './fake-http-server.test-support.ts';

export function googleUserinfoAnswer(email: string): FakeAnswer {
  return {
    body: {
      id: '108241093573918273645',
      email,
      verified_email: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      picture: 'https://lh3.googleusercontent.com/a/default-user=s96-c',
    },
  };
}

export const GOOGLE_INVALID_CREDENTIALS: FakeAnswer = {
  status: 401,
  body: {
    error: {
      code: 401,
      message: 'Request is missing required authentication credential. Expected OAuth 2 access token.',
      status: 'UNAUTHENTICATED',
    },
  },
};

/** Answers with `email` only for `Bearer <accessToken>`, like Google: any other token is a 401. */
export function googleUserinfoRoute(accessToken: string, email: string): FakeRoute {
  return (request) =>
    request.headers.authorization === `Bearer ${accessToken}`
      ? googleUserinfoAnswer(email)
      : GOOGLE_INVALID_CREDENTIALS;
}
