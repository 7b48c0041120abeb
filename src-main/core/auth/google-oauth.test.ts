import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import {
  buildAuthUrl,
  createPkcePair,
  exchangeCode,
  GoogleOAuthError,
  type LoopbackRedirect,
  openLoopbackRedirect,
  refreshAccessToken,
} from './google-oauth.ts';

/** A fake https://oauth2.googleapis.com/token: records each form, answers with the next scripted reply. */
async function fakeTokenServer(replies: Array<{ status: number; body: unknown }>) {
  const forms: Array<Record<string, string>> = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      forms.push(Object.fromEntries(new URLSearchParams(text)));
      const reply = replies[forms.length - 1] ?? { status: 500, body: { error: 'no_more_replies' } };
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    forms,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const isOAuthError = (code: string) => (error: unknown) =>
  error instanceof GoogleOAuthError && error.code === code;

describe('buildAuthUrl', () => {
  it('asks for an offline code with PKCE S256, state and forced consent', () => {
    const pkce = createPkcePair();
    const url = new URL(
      buildAuthUrl({
        clientId: 'client-1',
        redirectUri: 'http://127.0.0.1:5555/callback',
        scopes: ['scope-a', 'scope-b'],
        state: 'state-1',
        codeChallenge: pkce.challenge,
      }),
    );
    assert.equal(url.origin + url.pathname, 'https://accounts.google.com/o/oauth2/v2/auth');
    assert.equal(url.searchParams.get('client_id'), 'client-1');
    assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:5555/callback');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('scope'), 'scope-a scope-b');
    assert.equal(url.searchParams.get('state'), 'state-1');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('access_type'), 'offline');
    assert.equal(url.searchParams.get('prompt'), 'consent');
    const expected = createHash('sha256').update(pkce.verifier).digest('base64url');
    assert.equal(url.searchParams.get('code_challenge'), expected);
  });
});

describe('openLoopbackRedirect', () => {
  let redirect: LoopbackRedirect | undefined;
  afterEach(async () => {
    await redirect?.close();
    redirect = undefined;
  });

  it('listens on 127.0.0.1 and resolves with the code of a redirect carrying the right state', async () => {
    redirect = await openLoopbackRedirect({ state: 'good' });
    assert.match(redirect.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const waiting = redirect.waitForRedirect();
    const page = await fetch(`${redirect.redirectUri}?code=4%2F0Abc&state=good&scope=x`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /You can close this tab/);
    assert.deepEqual(await waiting, { code: '4/0Abc' });
  });

  it('keeps a redirect that arrives before anyone waits', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    await (await fetch(`${redirect.redirectUri}?code=early&state=s`)).text();
    assert.deepEqual(await redirect.waitForRedirect(), { code: 'early' });
  });

  it('rejects a redirect with a foreign state', async () => {
    redirect = await openLoopbackRedirect({ state: 'expected' });
    const waiting = assert.rejects(redirect.waitForRedirect(), isOAuthError('state_mismatch'));
    const page = await fetch(`${redirect.redirectUri}?code=stolen&state=other`);
    assert.equal(page.status, 400);
    await page.text();
    await waiting;
  });

  it('reports access_denied when the user declines', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    const waiting = assert.rejects(redirect.waitForRedirect(), isOAuthError('access_denied'));
    await (await fetch(`${redirect.redirectUri}?error=access_denied&state=s`)).text();
    await waiting;
  });

  it('answers 404 elsewhere and keeps waiting', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    const waiting = redirect.waitForRedirect();
    const favicon = await fetch(new URL('/favicon.ico', redirect.redirectUri));
    assert.equal(favicon.status, 404);
    await favicon.text();
    await (await fetch(`${redirect.redirectUri}?code=c&state=s`)).text();
    assert.deepEqual(await waiting, { code: 'c' });
  });

  it('times out', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    await assert.rejects(redirect.waitForRedirect({ timeoutMs: 10 }), isOAuthError('timeout'));
  });

  it('stops waiting when the signal aborts', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    const controller = new AbortController();
    const waiting = assert.rejects(
      redirect.waitForRedirect({ signal: controller.signal }),
      isOAuthError('cancelled'),
    );
    controller.abort();
    await waiting;
  });

  it('stops waiting and stops listening when closed', async () => {
    redirect = await openLoopbackRedirect({ state: 's' });
    const uri = redirect.redirectUri;
    const waiting = assert.rejects(redirect.waitForRedirect(), isOAuthError('cancelled'));
    await redirect.close();
    await waiting;
    await assert.rejects(fetch(`${uri}?code=c&state=s`));
  });
});

describe('Google token endpoint', () => {
  it('exchanges a code with the PKCE verifier and computes the expiry', async () => {
    const server = await fakeTokenServer([
      {
        status: 200,
        body: {
          access_token: 'ya29.a',
          expires_in: 3599,
          refresh_token: '1//r',
          scope: 'x',
          token_type: 'Bearer',
        },
      },
    ]);
    try {
      const tokens = await exchangeCode({
        tokenUrl: server.url,
        clientId: 'client-1',
        clientSecret: 'secret-1',
        code: '4/0Abc',
        redirectUri: 'http://127.0.0.1:1/callback',
        codeVerifier: 'verifier-1',
        now: () => 1_000_000,
      });
      assert.deepEqual(tokens, {
        accessToken: 'ya29.a',
        expiresAt: 1_000_000 + 3_599_000,
        refreshToken: '1//r',
        scope: 'x',
      });
      assert.deepEqual(server.forms[0], {
        client_id: 'client-1',
        client_secret: 'secret-1',
        grant_type: 'authorization_code',
        code: '4/0Abc',
        redirect_uri: 'http://127.0.0.1:1/callback',
        code_verifier: 'verifier-1',
      });
    } finally {
      await server.close();
    }
  });

  it('refreshes an access token and keeps the refresh token Google did not repeat', async () => {
    const server = await fakeTokenServer([
      { status: 200, body: { access_token: 'ya29.b', expires_in: 3600 } },
    ]);
    try {
      const tokens = await refreshAccessToken({
        tokenUrl: server.url,
        clientId: 'client-1',
        refreshToken: '1//keep',
        now: () => 0,
      });
      assert.deepEqual(tokens, {
        accessToken: 'ya29.b',
        expiresAt: 3_600_000,
        refreshToken: '1//keep',
        scope: undefined,
      });
      assert.deepEqual(server.forms[0], {
        client_id: 'client-1',
        grant_type: 'refresh_token',
        refresh_token: '1//keep',
      });
    } finally {
      await server.close();
    }
  });

  it('reports a revoked refresh token as needing a new sign-in', async () => {
    const server = await fakeTokenServer([
      {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
      },
    ]);
    try {
      await assert.rejects(
        refreshAccessToken({ tokenUrl: server.url, clientId: 'c', refreshToken: 'r' }),
        (error: unknown) =>
          error instanceof GoogleOAuthError &&
          error.code === 'invalid_grant' &&
          error.signInNeeded &&
          error.status === 400 &&
          /revoked/.test(error.message),
      );
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable token endpoint as a network problem, not a sign-in problem', async () => {
    const server = await fakeTokenServer([]);
    const url = server.url;
    await server.close();
    await assert.rejects(
      refreshAccessToken({ tokenUrl: url, clientId: 'c', refreshToken: 'r' }),
      (error: unknown) =>
        error instanceof GoogleOAuthError && error.code === 'network' && !error.signInNeeded,
    );
  });
});
