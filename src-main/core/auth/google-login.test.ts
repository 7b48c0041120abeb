import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SecretStore } from '../common/secret-store.ts';
import { runGoogleLogin } from './google-login.ts';
import { GOOGLE_REFRESH_TOKEN_KEY, GoogleOAuthError } from './google-oauth.ts';
import { googleUserinfoRoute } from './fake-google-userinfo.test-support.ts';
import { startFakeServer } from './fake-http-server.test-support.ts';
import { createSignInAccounts } from './sign-in-accounts.ts';

function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}

async function withTokenServer(body: unknown, run: (url: string, forms: URLSearchParams[]) => Promise<void>) {
  const forms: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      forms.push(new URLSearchParams(text));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, forms);
  } finally {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
}

/** Plays the browser: Google would redirect back to `redirect_uri` with the state it was given. */
function browser(answer: (state: string) => string) {
  return (url: string) => {
    const params = new URL(url).searchParams;
    const target = `${params.get('redirect_uri')}?${answer(params.get('state') ?? '')}`;
    void fetch(target).then((response) => response.text());
  };
}

describe('runGoogleLogin', () => {
  it('stores the refresh token after the browser comes back with a code', async () => {
    await withTokenServer(
      { access_token: 'ya29.x', refresh_token: '1//refresh', expires_in: 3600 },
      async (tokenUrl, forms) => {
        const secrets = memorySecrets();
        const lines: string[] = [];
        await runGoogleLogin({
          clientId: 'client-1',
          clientSecret: 'secret-1',
          tokenUrl,
          // The account lookup on a closed local port: it fails at once, and the sign-in is done without it.
          userinfoUrl: 'http://127.0.0.1:9/userinfo',
          openBrowser: browser((state) => `code=auth-code&state=${state}`),
          print: (line) => lines.push(line),
          secrets,
        });
        assert.equal(secrets.values.get(GOOGLE_REFRESH_TOKEN_KEY), '1//refresh');
        assert.equal(forms[0]?.get('code'), 'auth-code');
        assert.equal(forms[0]?.get('client_secret'), 'secret-1');
        assert.ok(forms[0]?.get('code_verifier'));
        assert.ok(lines.some((line) => line.startsWith('https://accounts.google.com/o/oauth2/v2/auth?')));
        assert.match(lines.at(-1) ?? '', /Signed in with Google/);
      },
    );
  });

  it('names the Google account it signed in with and records it beside the token', async () => {
    const google = await startFakeServer({
      '/token': () => ({ body: { access_token: 'ya29.login', refresh_token: '1//ada', expires_in: 3600 } }),
      '/userinfo': googleUserinfoRoute('ya29.login', 'ada@example.com'),
    });
    const dir = await mkdtemp(join(tmpdir(), 'google-login-'));
    try {
      const accounts = createSignInAccounts(join(dir, 'accounts.json'));
      const lines: string[] = [];
      await runGoogleLogin({
        clientId: 'client-1',
        tokenUrl: `${google.url}/token`,
        userinfoUrl: `${google.url}/userinfo`,
        accounts,
        openBrowser: browser((state) => `code=auth-code&state=${state}`),
        print: (line) => lines.push(line),
        secrets: memorySecrets(),
      });
      assert.match(lines.at(-1) ?? '', /^Signed in with Google as ada@example\.com\./);
      assert.deepEqual(await accounts.get('google', '1//ada'), { account: 'ada@example.com' });
    } finally {
      await google.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stores nothing when the user denies access', async () => {
    await withTokenServer({}, async (tokenUrl, forms) => {
      const secrets = memorySecrets();
      await assert.rejects(
        runGoogleLogin({
          clientId: 'client-1',
          tokenUrl,
          openBrowser: browser((state) => `error=access_denied&state=${state}`),
          print: () => {},
          secrets,
        }),
        (error: unknown) => error instanceof GoogleOAuthError && error.code === 'access_denied',
      );
      assert.equal(secrets.values.size, 0);
      assert.equal(forms.length, 0);
    });
  });

  it('can be cancelled while waiting for the browser', async () => {
    const controller = new AbortController();
    const login = runGoogleLogin({
      clientId: 'client-1',
      print: () => {},
      openBrowser: () => controller.abort(),
      secrets: memorySecrets(),
      signal: controller.signal,
    });
    await assert.rejects(
      login,
      (error: unknown) => error instanceof GoogleOAuthError && error.code === 'cancelled',
    );
  });
});
