// What `coding-proxy start` says and refuses, started as a user does: who holds a busy port, where `status` finds a
// proxy started on another port, the host binding, and tiers that are switched off.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO, startUntilUrl, userEnv, within } from '../support/entry-points.ts';

const BIN = join(REPO, 'bin', 'coding-proxy.js');
const run = promisify(execFile);

let home = '';
/** A user's environment whose default data dir (and so the registry of running instances) is private to this test. */
const env = () => userEnv({ CODING_PROXY_HOME: home });

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: env(),
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}/health`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('coding-proxy start, as printed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-start-line-'));
    home = join(dir, 'home');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says which coding-proxy holds a busy port, and status finds a proxy started with -p', async () => {
    const data = join(dir, 'one');
    const started = await startUntilUrl(process.execPath, [BIN, 'start', '-p', '0', '--data-dir', data], {
      cwd: REPO,
      env: env(),
    });
    const port = new URL(started.url).port;
    const { pid } = (await (await fetch(`${started.url}/health`)).json()) as { pid: number };
    try {
      // The config says 8046; the registry of running instances says where it really is.
      const status = await cli(['status', '--data-dir', data]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^coding-proxy 0\\.1\\.0 at http://127\\.0\\.0\\.1:${port}`));

      const same = await cli(['start', '-p', port, '--data-dir', data]);
      assert.equal(same.code, 2);
      assert.match(
        same.stderr,
        new RegExp(
          `coding-proxy 0\\.1\\.0 is already running on port ${port} \\(pid ${pid}, same data dir .*kill ${pid}`,
        ),
      );
      const other = await cli(['start', '-p', port, '--data-dir', join(dir, 'two')]);
      assert.match(
        other.stderr,
        new RegExp(`already running on port ${port} \\(pid ${pid}, data dir ${data}`),
      );
    } finally {
      started.child.kill('SIGTERM');
      await within(started.exited, 20_000, 'the proxy exits');
    }
    assert.equal(
      existsSync(join(home, 'instances', `${port}.json`)),
      false,
      'the registry entry goes with the process',
    );

    const foreign = createServer().listen(0, '127.0.0.1');
    await new Promise((done) => foreign.once('listening', done));
    try {
      const taken = await cli([
        'start',
        '-p',
        String((foreign.address() as AddressInfo).port),
        '--data-dir',
        data,
      ]);
      assert.equal(taken.code, 2);
      assert.match(taken.stderr, /is in use by another program \(not coding-proxy\)/);
    } finally {
      foreign.close();
    }
  });

  it('refuses a non-loopback host without server.allowedHosts, and answers the allowed names', async () => {
    const refused = await cli(['start', '--host', '0.0.0.0', '-p', '0', '--data-dir', join(dir, 'open')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to listen on 0\.0\.0\.0: .*server\.allowedHosts/);
    assert.doesNotMatch(refused.stdout, /ANTHROPIC_BASE_URL/);

    const data = join(dir, 'named');
    mkdirSync(data);
    writeFileSync(
      join(data, 'config.yaml'),
      'server: { allowedHosts: [proxy.test] }\nvendors:\n  - { name: a, kind: anthropic }\n',
    );
    const started = await startUntilUrl(process.execPath, [BIN, 'start', '-p', '0', '--data-dir', data], {
      cwd: REPO,
      env: env(),
    });
    try {
      const port = new URL(started.url).port;
      assert.equal((await getWithHost(started.url, `proxy.test:${port}`)).status, 200);
      const evil = await getWithHost(started.url, `evil.test:${port}`);
      assert.equal(evil.status, 403);
      assert.match(evil.body, /not allowed: use 127\.0\.0\.1, localhost, .*proxy\.test/);
    } finally {
      started.child.kill('SIGTERM');
      await within(started.exited, 20_000, 'the proxy exits');
    }
  });

  it('marks disabled tiers in the start line and warns when every tier is disabled', async () => {
    const data = join(dir, 'off');
    mkdirSync(data);
    writeFileSync(
      join(data, 'config.yaml'),
      'vendors:\n  - { name: a, kind: anthropic, enabled: false }\n  - { name: b, kind: kimi, enabled: false }\n',
    );
    const started = await startUntilUrl(process.execPath, [BIN, 'start', '-p', '0', '--data-dir', data], {
      cwd: REPO,
      env: env(),
    });
    try {
      assert.match(started.output(), /\(tiers: a \[disabled\] → b \[disabled\]\)/);
      assert.match(started.output(), /warning: every tier is disabled/);
      const status = await cli(['status', '--data-dir', data]);
      assert.match(status.stdout, /1\. a \(anthropic\) \[disabled\]/);
      assert.match(status.stdout, /warning: every tier is disabled/);
    } finally {
      started.child.kill('SIGTERM');
      await within(started.exited, 20_000, 'the proxy exits');
    }
  });
});
