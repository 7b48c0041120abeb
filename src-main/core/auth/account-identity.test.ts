// The account lookups against real sockets: a fake GitHub REST API and a fake Google userinfo endpoint on
// 127.0.0.1. Every failure (refused token, a body without the field, no answer in time) is an answer, not a throw.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  fetchGithubIdentity,
  fetchGoogleIdentity,
  GOOGLE_USERINFO_URL,
  githubApiBase,
} from './account-identity.ts';
import { BAD_CREDENTIALS, githubUserAnswer } from './fake-github.test-support.ts';
import { googleUserinfoRoute } from './fake-google-userinfo.test-support.ts';
import type { FakeAnswer } from './fake-http-server.test-support.ts';
import { type FakeServer, startFakeServer } from './fake-http-server.test-support.ts';

describe('account identity lookups', () => {
  let server: FakeServer;
  let github: FakeAnswer;
  // Held open until the test ends: the lookup must give up by itself.
  let release: () => void = () => {};
  const never = new Promise((resolve) => {
    release = () => resolve(undefined);
  });

  before(async () => {
    server = await startFakeServer({
      '/api/v3/user': () => github,
      '/oauth2/v2/userinfo': googleUserinfoRoute('ya29.good', 'ada@example.com'),
      '/slow/userinfo': () => ({ wait: never, body: {} }),
      '/html/userinfo': () => ({
        body: '<html>captive portal</html>',
        headers: { 'content-type': 'text/html' },
      }),
    });
  });

  after(async () => {
    release();
    await server.close();
  });

  const tokenUrl = () => `${server.url}/api/v3/copilot_internal/v2/token`;

  it('derives the REST API from the Copilot token URL (github.com and GitHub Enterprise)', () => {
    assert.equal(githubApiBase(undefined), 'https://api.github.com');
    assert.equal(githubApiBase('https://api.github.com/copilot_internal/v2/token'), 'https://api.github.com');
    assert.equal(
      githubApiBase('https://ghe.example/api/v3/copilot_internal/v2/token'),
      'https://ghe.example/api/v3',
    );
    assert.equal(GOOGLE_USERINFO_URL, 'https://www.googleapis.com/oauth2/v2/userinfo');
  });

  it('reads the GitHub login and name with the token GitHub issued', async () => {
    github = githubUserAnswer('octocat', 'The Octocat');
    const result = await fetchGithubIdentity({ token: 'gho_abc', tokenUrl: tokenUrl() });
    assert.deepEqual(result, { ok: true, identity: { account: 'octocat', name: 'The Octocat' } });
    const call = server.calls('/api/v3/user').at(-1);
    assert.equal(call?.method, 'GET');
    assert.equal(call?.headers.authorization, 'token gho_abc');
  });

  it('leaves the name out when the profile has none', async () => {
    github = githubUserAnswer('monalisa');
    assert.deepEqual(await fetchGithubIdentity({ token: 'gho_abc', tokenUrl: tokenUrl() }), {
      ok: true,
      identity: { account: 'monalisa' },
    });
  });

  it('reports a refused token (401 Bad credentials) as no account', async () => {
    github = BAD_CREDENTIALS;
    const result = await fetchGithubIdentity({ token: 'gho_revoked', tokenUrl: tokenUrl() });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /HTTP 401/);
  });

  it('reports a profile without a login, or not JSON at all, as no account', async () => {
    github = { body: { id: 1, type: 'User' } };
    assert.equal((await fetchGithubIdentity({ token: 'gho_abc', tokenUrl: tokenUrl() })).ok, false);
    github = { body: 'not json' };
    const result = await fetchGithubIdentity({ token: 'gho_abc', tokenUrl: tokenUrl() });
    assert.deepEqual(result, { ok: false, message: `${new URL(server.url).host} sent no profile` });
  });

  it('reads the Google email with the access token as Bearer', async () => {
    const result = await fetchGoogleIdentity({
      accessToken: 'ya29.good',
      userinfoUrl: `${server.url}/oauth2/v2/userinfo`,
    });
    assert.deepEqual(result, { ok: true, identity: { account: 'ada@example.com' } });
  });

  it('reports an access token Google does not know (401) and an HTML answer as no account', async () => {
    const refused = await fetchGoogleIdentity({
      accessToken: 'ya29.other',
      userinfoUrl: `${server.url}/oauth2/v2/userinfo`,
    });
    assert.match(refused.ok ? '' : refused.message, /HTTP 401/);
    const html = await fetchGoogleIdentity({
      accessToken: 'ya29.good',
      userinfoUrl: `${server.url}/html/userinfo`,
    });
    assert.equal(html.ok, false);
  });

  it('gives up on an endpoint that never answers', async () => {
    const result = await fetchGoogleIdentity({
      accessToken: 'ya29.good',
      userinfoUrl: `${server.url}/slow/userinfo`,
      timeoutMs: 100,
    });
    assert.deepEqual(result, {
      ok: false,
      message: `cannot reach ${new URL(server.url).host}: no answer in time`,
    });
  });

  it('reports an unreachable host as no account', async () => {
    const closed = await startFakeServer({});
    const url = closed.url;
    await closed.close();
    const result = await fetchGithubIdentity({
      token: 'gho_abc',
      tokenUrl: `${url}/copilot_internal/v2/token`,
    });
    assert.match(result.ok ? '' : result.message, /^cannot reach 127\.0\.0\.1:\d+/);
  });
});
