import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import {
  answersInOrder,
  type FakeRoute,
  type FakeServer,
  startFakeServer,
} from '../core/auth/fake-http-server.test-support.ts';
import { createFileSecretStore } from '../core/auth/secret-store-file.ts';
import { registerAuthCommand } from './auth-command.ts';
import { type ProxyConfig, parseConfig } from '../../src-shared/config-schema.ts';
import { BAD_CREDENTIALS, githubUserAnswer } from '../core/auth/fake-github.test-support.ts';
import { googleUserinfoRoute } from '../core/auth/fake-google-userinfo.test-support.ts';

const root = await mkdtemp(join(tmpdir(), 'auth-command-'));
after(() => rm(root, { recursive: true, force: true }));

const deviceCode: FakeRoute = () => ({
  body: {
    device_code: 'dev-1',
    user_code: 'WXYZ-9876',
    verification_uri: 'https://github.com/login/device',
    expires_in: 900,
    // Zero keeps the test from waiting; the poller still goes through its sleep.
    interval: 0,
  },
});

const copilotToken: FakeRoute = () => ({
  body: {
    token: 'tid=copilot',
    expires_at: Math.floor(Date.now() / 1000) + 1800,
    refresh_in: 1500,
    endpoints: { api: 'https://api.individual.githubcopilot.com' },
  },
});

let runCount = 0;
async function runAuth(
  args: string[],
  options: { interrupt?: AbortSignal; dataDir?: string; config?: ProxyConfig } = {},
) {
  const dataDir = options.dataDir ?? join(root, `run-${++runCount}`);
  const out: string[] = [];
  const errors: string[] = [];
  let exitCode = 0;
  const program = new Command('coding-proxy')
    .exitOverride()
    .configureOutput({ writeErr: (text) => errors.push(text), writeOut: (text) => out.push(text) });
  registerAuthCommand(program, {
    resolveDataDir: (flag) => flag ?? dataDir,
    loadConfig: () => options.config,
    write: (line) => out.push(line),
    writeError: (line) => errors.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
    interrupt: options.interrupt,
  });
  await program.parseAsync(['auth', ...args], { from: 'user' });
  return { out: out.join('\n'), errors: errors.join('\n'), exitCode, dataDir };
}

function githubFlags(github: FakeServer): string[] {
  return [
    '--device-code-url',
    `${github.url}/login/device/code`,
    '--access-token-url',
    `${github.url}/login/oauth/access_token`,
    '--token-url',
    `${github.url}/copilot_internal/v2/token`,
  ];
}

async function withGitHub(
  accessToken: FakeRoute,
  run: (github: FakeServer) => Promise<void>,
  token = copilotToken,
) {
  const github = await startFakeServer({
    '/login/device/code': deviceCode,
    '/login/oauth/access_token': accessToken,
    '/copilot_internal/v2/token': token,
  });
  try {
    await run(github);
  } finally {
    await github.close();
  }
}

describe('coding-proxy auth', () => {
  it('login copilot shows the code and URL, waits for approval and stores the token privately', async () => {
    const route = answersInOrder(
      { body: { error: 'authorization_pending' } },
      { body: { access_token: 'ghu_new_token' } },
    );
    await withGitHub(route, async (github) => {
      const result = await runAuth(['login', 'copilot', ...githubFlags(github)]);
      assert.equal(result.exitCode, 0, result.errors);
      assert.match(result.out, /https:\/\/github\.com\/login\/device/);
      assert.match(result.out, /WXYZ-9876/);
      assert.match(result.out, /Signed in to GitHub/);
      assert.match(
        result.out,
        /Copilot access confirmed \(API https:\/\/api\.individual\.githubcopilot\.com\)/,
      );
      const secretsPath = join(result.dataDir, 'secrets.json');
      const stored = JSON.parse(await readFile(secretsPath, 'utf8')) as Record<string, string>;
      assert.equal(stored['github:token'], 'ghu_new_token');
      if (process.platform !== 'win32') assert.equal((await stat(secretsPath)).mode & 0o777, 0o600);
      assert.equal(
        github.calls('/copilot_internal/v2/token')[0]?.headers.authorization,
        'token ghu_new_token',
      );
    });
  });

  it('login copilot reports a refusal, exits non-zero and stores nothing', async () => {
    await withGitHub(answersInOrder({ body: { error: 'access_denied' } }), async (github) => {
      const result = await runAuth(['login', 'github', ...githubFlags(github)]);
      assert.equal(result.exitCode, 1);
      assert.match(result.errors, /GitHub sign-in failed: the sign-in was refused on GitHub/);
      assert.equal(
        await createFileSecretStore(join(result.dataDir, 'secrets.json')).get('github:token'),
        undefined,
      );
    });
  });

  it('login copilot stops cleanly when interrupted while waiting', async () => {
    const controller = new AbortController();
    const route: FakeRoute = () => {
      controller.abort();
      return { body: { error: 'authorization_pending' } };
    };
    await withGitHub(route, async (github) => {
      const result = await runAuth(['login', 'copilot', ...githubFlags(github)], {
        interrupt: controller.signal,
      });
      assert.equal(result.exitCode, 130);
      assert.match(result.errors, /cancelled/);
      assert.equal(
        await createFileSecretStore(join(result.dataDir, 'secrets.json')).get('github:token'),
        undefined,
      );
    });
  });

  it('status says who is signed in, and --check confirms the Copilot token exchange', async () => {
    await withGitHub(answersInOrder({ body: {} }), async (github) => {
      const dataDir = join(root, 'status');
      const before = await runAuth(['status'], { dataDir });
      assert.match(before.out, /copilot: not signed in/);
      assert.match(before.out, /google: not signed in/);
      await createFileSecretStore(join(dataDir, 'secrets.json')).set('github:token', 'ghu_abcdefghijklmnop');
      const after = await runAuth(
        ['status', '--check', '--token-url', `${github.url}/copilot_internal/v2/token`],
        { dataDir },
      );
      assert.equal(after.exitCode, 0);
      assert.match(after.out, /copilot: signed in \(GitHub token ghu_…mnop/);
      assert.doesNotMatch(after.out, /ghu_abcdefghijklmnop/);
      assert.match(after.out, /token exchange works \(API https:\/\/api\.individual\.githubcopilot\.com/);
    });
  });

  it('status --check fails with the sign-in advice when GitHub revoked the token', async () => {
    const revoked: FakeRoute = () => ({ status: 401, body: { message: 'Bad credentials' } });
    await withGitHub(
      answersInOrder({ body: {} }),
      async (github) => {
        const dataDir = join(root, 'revoked');
        await createFileSecretStore(join(dataDir, 'secrets.json')).set('github:token', 'ghu_revoked_token');
        const result = await runAuth(
          ['status', '--check', '--token-url', `${github.url}/copilot_internal/v2/token`],
          { dataDir },
        );
        assert.equal(result.exitCode, 1);
        assert.match(result.out, /GitHub sign-in expired or revoked: run `coding-proxy auth login copilot`/);
      },
      revoked,
    );
  });

  it('logout removes one provider’s secret and keeps the others', async () => {
    const dataDir = join(root, 'logout');
    const secrets = createFileSecretStore(join(dataDir, 'secrets.json'));
    await secrets.set('github:token', 'ghu_x');
    await secrets.set('google:refresh_token', 'r');
    const result = await runAuth(['logout', 'copilot'], { dataDir });
    assert.match(result.out, /copilot: signed out/);
    assert.equal(await secrets.get('github:token'), undefined);
    assert.equal(await secrets.get('google:refresh_token'), 'r');
    const again = await runAuth(['logout'], { dataDir });
    assert.match(again.out, /copilot: was not signed in/);
    assert.match(again.out, /google: signed out/);
    assert.deepEqual(await secrets.keys(), []);
  });

  it('rejects an unknown provider', async () => {
    await assert.rejects(runAuth(['login', 'gitlab']), /invalid|Allowed choices/i);
  });

  it('a real Ctrl-C (SIGINT) during the wait ends the process with 130 and stores nothing', async () => {
    await withGitHub(
      () => ({ body: { error: 'authorization_pending' } }),
      async (github) => {
        const dataDir = join(root, 'sigint');
        const moduleUrl = new URL('./auth-command.ts', import.meta.url).href;
        const script = `
          import { Command } from 'commander';
          import { registerAuthCommand } from ${JSON.stringify(moduleUrl)};
          const program = new Command('coding-proxy');
          registerAuthCommand(program, { resolveDataDir: () => ${JSON.stringify(dataDir)}, loadConfig: () => undefined });
          await program.parseAsync(process.argv.slice(1), { from: 'user' });
        `;
        const child = spawn(
          process.execPath,
          ['--input-type=module', '-e', script, 'auth', 'login', 'copilot', ...githubFlags(github)],
          { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('Ctrl-C')) child.kill('SIGINT');
        });
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        assert.equal(code, 130, stderr);
        assert.match(stderr, /Sign-in cancelled/);
        assert.equal(
          await createFileSecretStore(join(dataDir, 'secrets.json')).get('github:token'),
          undefined,
        );
      },
    );
  });
});

describe('coding-proxy auth: which account is signed in', () => {
  const octocat: FakeRoute = (request) =>
    request.headers.authorization === 'token ghu_octo'
      ? githubUserAnswer('octocat', 'The Octocat')
      : BAD_CREDENTIALS;

  it('login copilot names the GitHub account; status and logout show and forget it', async () => {
    const github = await startFakeServer({
      '/login/device/code': deviceCode,
      '/login/oauth/access_token': answersInOrder({ body: { access_token: 'ghu_octo' } }),
      '/copilot_internal/v2/token': copilotToken,
      '/user': octocat,
    });
    try {
      const dataDir = join(root, 'account-login');
      const login = await runAuth(['login', 'copilot', ...githubFlags(github)], { dataDir });
      assert.equal(login.exitCode, 0, login.errors);
      assert.match(login.out, /Signed in to GitHub as octocat\. Token stored in /);
      const accountsPath = join(dataDir, 'accounts.json');
      assert.equal(JSON.parse(await readFile(accountsPath, 'utf8')).github.account, 'octocat');
      const status = await runAuth(['status'], { dataDir });
      assert.match(status.out, /^copilot: signed in as octocat \(GitHub token … in /m);
      assert.equal(github.calls('/user').length, 1);
      await runAuth(['logout', 'copilot'], { dataDir });
      assert.equal(JSON.parse(await readFile(accountsPath, 'utf8')).github, undefined);
    } finally {
      await github.close();
    }
  });

  it('status asks once for a sign-in stored without its account, and says nothing more when it cannot', async () => {
    const github = await startFakeServer({ '/user': octocat });
    try {
      const dataDir = join(root, 'account-lazy');
      const tokenUrl = `${github.url}/copilot_internal/v2/token`;
      await createFileSecretStore(join(dataDir, 'secrets.json')).set('github:token', 'ghu_octo');
      const first = await runAuth(['status', '--token-url', tokenUrl], { dataDir });
      assert.match(first.out, /^copilot: signed in as octocat /m);
      const second = await runAuth(['status', '--token-url', tokenUrl], { dataDir });
      assert.match(second.out, /^copilot: signed in as octocat /m);
      assert.equal(github.calls('/user').length, 1);
      await createFileSecretStore(join(dataDir, 'secrets.json')).set('github:token', 'ghu_someone_else');
      const refused = await runAuth(['status', '--token-url', tokenUrl], { dataDir });
      assert.match(refused.out, /^copilot: signed in \(GitHub token ghu_…else/m);
      assert.equal(refused.exitCode, 0);
    } finally {
      await github.close();
    }
  });

  it('status names the Google account of a stored refresh token', async () => {
    const google = await startFakeServer({
      '/token': () => ({ body: { access_token: 'ya29.cli', expires_in: 3600 } }),
      '/userinfo': googleUserinfoRoute('ya29.cli', 'ada@example.com'),
    });
    try {
      const dataDir = join(root, 'account-google');
      await createFileSecretStore(join(dataDir, 'secrets.json')).set('google:refresh_token', '1//cli');
      const parsed = parseConfig({
        vendors: [
          {
            name: 'gravity',
            kind: 'antigravity',
            oauthTokenUrl: `${google.url}/token`,
            userinfoUrl: `${google.url}/userinfo`,
          },
        ],
      });
      assert.ok(parsed.ok);
      const status = await runAuth(['status'], { dataDir, config: parsed.config });
      assert.match(status.out, /^google: signed in as ada@example\.com$/m);
      assert.equal(google.calls('/token')[0]?.fields.refresh_token, '1//cli');
    } finally {
      await google.close();
    }
  });
});
