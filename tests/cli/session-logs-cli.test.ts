// `coding-proxy session …` and `coding-proxy logs` as users run them: the bin against a proxy started by the bin,
// a binding that survives a restart of that proxy, and a log file that has everything but the secrets.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';

const BIN = resolve(import.meta.dirname, '../../bin/coding-proxy.js');
const run = promisify(execFile);
const SECRET = 'sk-kimi-secret-value-0c7f2d9a1b';

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; port: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /export ANTHROPIC_BASE_URL=(http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match) resolvePromise({ child, url: match[1]!, port: match[2]! });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolvePromise) => child.on('exit', resolvePromise));
  child.kill('SIGTERM');
  await exited;
}

async function ask(url: string, session: string, prompt: string): Promise<string> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-claude-code-session-id': session },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 5,
      messages: [{ role: 'user', content: prompt }],
    }),
  });
  return response.text();
}

/** Collects a child's stdout until `pattern` shows up. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolvePromise(output);
      }
    });
  });
}

describe('coding-proxy session and logs', () => {
  let dir: string;
  let a: FakeVendor;
  let b: FakeVendor;
  let config: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-sessions-'));
    a = await startFakeVendor([{ kind: 'json', body: anthropicMessage('answer from a') }]);
    b = await startFakeVendor([{ kind: 'json', body: anthropicMessage('answer from b') }]);
    config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        'vendors:',
        `  - { name: a, kind: anthropic, baseUrl: "${a.url}" }`,
        `  - { name: b, kind: kimi, baseUrl: "${b.url}", apiKey: "${SECRET}" }`,
        'logging: { level: debug }',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists, binds (refusing unknown tiers), keeps the binding across a restart, and unbinds', async () => {
    let proxy = await startCli(['start', '-c', config, '--data-dir', dir, '-p', '0']);
    try {
      assert.match(await ask(proxy.url, 'session-cli', 'Fix the login redirect'), /answer from a/);
      const listed = JSON.parse((await cli(['session', 'list', '-p', proxy.port, '--json'])).stdout) as {
        sessions: Array<{ sessionKey: string; title: string; vendors: string[] }>;
      };
      assert.deepEqual(
        listed.sessions.map(({ sessionKey, title, vendors }) => ({ sessionKey, title, vendors })),
        [{ sessionKey: 'session-cli', title: 'Fix the login redirect', vendors: ['a'] }],
      );

      const refused = await cli(['session', 'bind', '-p', proxy.port, '-k', 'session-cli', '-v', 'b,ghost']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /unknown tier\(s\): ghost/);
      const bound = await cli(['session', 'bind', '-p', proxy.port, '-k', 'session-cli', '-v', 'b']);
      assert.equal(bound.code, 0, bound.stderr);
      assert.match(bound.stdout, /Session session-cli → b \(then a\)/);
      assert.match(await ask(proxy.url, 'session-cli', 'Fix the login redirect'), /answer from b/);
    } finally {
      await stop(proxy.child);
    }

    proxy = await startCli(['start', '-c', config, '--data-dir', dir, '-p', '0']);
    try {
      assert.match(await ask(proxy.url, 'session-cli', 'Fix the login redirect'), /answer from b/);
      const table = await cli(['session', 'list', '-p', proxy.port]);
      assert.match(table.stdout, /session-cli\s+Fix the login redirect\s+\S+ ago\s+3\s+.*→ b/);
      const unbound = await cli(['session', 'unbind', '-p', proxy.port, '-k', 'session-cli']);
      assert.equal(unbound.code, 0, unbound.stderr);
      assert.match(await ask(proxy.url, 'session-cli', 'Fix the login redirect'), /answer from a/);
      assert.equal((await cli(['session', 'unbind', '-p', proxy.port, '-k', 'session-cli'])).code, 1);
    } finally {
      await stop(proxy.child);
    }
  });

  it('prints the log, follows it, and the file holds no secret', async () => {
    const tail = await cli(['logs', '-n', '400', '--data-dir', dir, '-c', config]);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, /INFO {2}coding-proxy \S+ listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(tail.stdout, /INFO {2}session session-cli bound to b/);
    assert.match(tail.stdout, /DEBUG attempt \S+#0 b /);
    assert.match(tail.stdout, /INFO {2}coding-proxy stopped/);
    assert.equal(tail.stdout.trimEnd().split('\n').length <= 400, true);
    const file = readFileSync(join(dir, 'logs', 'coding-proxy.log'), 'utf8');
    assert.ok(!file.includes(SECRET), 'the vendor key never reaches the log');
    assert.equal(
      (await cli(['logs', '-n', '2', '--data-dir', dir, '-c', config])).stdout.trimEnd().split('\n').length,
      2,
    );

    const proxy = await startCli(['start', '-c', config, '--data-dir', dir, '-p', '0']);
    const follower = spawn(
      process.execPath,
      [BIN, 'logs', '-f', '-n', '0', '--data-dir', dir, '-c', config],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const followed = waitForOutput(follower, /request \S+ claude-sonnet-4-5 via a/);
      await new Promise<void>((resolvePromise) =>
        follower.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Following')) resolvePromise();
        }),
      );
      await ask(proxy.url, 'session-follow', 'follow me');
      assert.match(await followed, /INFO {2}request/);
    } finally {
      follower.kill('SIGTERM');
      await stop(proxy.child);
    }
  });
});
