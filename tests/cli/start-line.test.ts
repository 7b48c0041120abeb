// What `coding-proxy start` says and refuses, started as a user does: who holds a busy port, where `status` finds a
// proxy started on another port, the host binding, and tiers that are switched off.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { anthropicStream, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages, textOf } from '../support/proxy-harness.ts';
import {
  portClosed,
  processGone,
  REPO,
  type Started,
  startUntilUrl,
  userEnv,
  within,
} from '../support/entry-points.ts';

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

/** `start` with a data dir holding `config` (or the default config when undefined), until it prints its URL. */
async function startWith(data: string, config?: string): Promise<Started> {
  if (config !== undefined) {
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'config.yaml'), config);
  }
  return startUntilUrl(process.execPath, [BIN, 'start', '-p', '0', '--data-dir', data], {
    cwd: REPO,
    env: env(),
  });
}

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await within(started.exited, 20_000, 'the proxy exits');
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
    const started = await startWith(data);
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
      await stop(started);
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

  /**
   * `npx coding-proxy start` with a stream in flight when SIGTERM reaches npx. npm forwards the signal only to the
   * shell it runs the bin in (`sh -c`); Debian's dash dies of it, so npx exits at once and nothing in bin/ can make
   * it wait. The proxy notices its parent is gone and drains like a direct SIGTERM. With bash as npm's script shell
   * (it execs the command), the signal reaches the proxy itself and npx waits for the drain: README says so.
   */
  for (const shell of ['default', 'bash'] as const) {
    it(`npx coding-proxy start (${shell} script shell): SIGTERM to npx drains the stream in flight, frees the port`, async () => {
      if (shell === 'bash' && !existsSync('/bin/bash')) return;
      const vendor = await startFakeVendor([
        {
          kind: 'sse',
          chunks: anthropicStream('drained after npx', { deltas: 4 }).flatMap((chunk) => [
            chunk,
            { delayMs: 80 },
          ]),
        },
      ]);
      const data = join(dir, `npx-${shell}`);
      mkdirSync(data, { recursive: true });
      writeFileSync(
        join(data, 'config.yaml'),
        `vendors:\n  - { name: fake, kind: anthropic, baseUrl: "${vendor.url}" }\n`,
      );
      const started = await startUntilUrl('npx', ['coding-proxy', 'start', '-p', '0', '--data-dir', data], {
        cwd: REPO,
        env: userEnv({
          CODING_PROXY_HOME: home,
          ...(shell === 'bash' ? { npm_config_script_shell: 'bash' } : {}),
        }),
      });
      try {
        const { pid } = (await (await fetch(`${started.url}/health`)).json()) as { pid: number };
        assert.notEqual(pid, started.child.pid, 'the proxy runs below npx, not as npx');
        let streamDone = false;
        const stream = postMessages(started.url, { ...BASIC_REQUEST, stream: true }).then((answer) => {
          streamDone = true;
          return answer;
        });
        const deadline = Date.now() + 20_000;
        while (vendor.requests.length === 0) {
          assert.ok(Date.now() < deadline, 'the request reaches the vendor');
          await new Promise((done) => setTimeout(done, 10));
        }
        started.child.kill('SIGTERM');
        const npx = await within(started.exited, 20_000, 'npx exits');
        if (shell === 'bash') {
          assert.deepEqual(npx, { code: 0, signal: null }, 'npx waited for the drain and exits 0');
          assert.ok(streamDone, 'the stream was complete before npx exited');
        }
        const events = parseEvents((await stream).text);
        assert.equal(events.at(-1)?.event, 'message_stop');
        assert.equal(textOf(events), 'drained after npx');
        while (!processGone(pid)) {
          assert.ok(Date.now() < deadline, `the proxy (pid ${pid}) stops when its npx is gone`);
          await new Promise((done) => setTimeout(done, 50));
        }
        assert.ok(await portClosed(Number(new URL(started.url).port)), 'the port is free');
        assert.match(started.output(), /finishing 1 in-flight request\(s\)…\ncoding-proxy stopped/);
      } finally {
        started.child.kill('SIGKILL');
        await vendor.close();
      }
    });
  }

  it('refuses a non-loopback host without server.allowedHosts, and answers the allowed names', async () => {
    const refused = await cli(['start', '--host', '0.0.0.0', '-p', '0', '--data-dir', join(dir, 'open')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to listen on 0\.0\.0\.0: .*server\.allowedHosts/);
    assert.doesNotMatch(refused.stdout, /ANTHROPIC_BASE_URL/);

    const started = await startWith(
      join(dir, 'named'),
      'server: { allowedHosts: [proxy.test] }\nvendors:\n  - { name: a, kind: anthropic }\n',
    );
    try {
      const port = new URL(started.url).port;
      assert.equal((await getWithHost(started.url, `proxy.test:${port}`)).status, 200);
      const evil = await getWithHost(started.url, `evil.test:${port}`);
      assert.equal(evil.status, 403);
      assert.match(evil.body, /not allowed: use 127\.0\.0\.1, localhost, .*proxy\.test/);
    } finally {
      await stop(started);
    }
  });

  it('marks disabled tiers in the start line and warns when every tier is disabled', async () => {
    const data = join(dir, 'off');
    const started = await startWith(
      data,
      'vendors:\n  - { name: a, kind: anthropic, enabled: false }\n  - { name: b, kind: kimi, enabled: false }\n',
    );
    try {
      assert.match(started.output(), /\(tiers: a \[disabled\] → b \[disabled\]\)/);
      assert.match(started.output(), /warning: every tier is disabled/);
      const status = await cli(['status', '--data-dir', data]);
      assert.match(status.stdout, /1\. a \(anthropic\) \[disabled\]/);
      assert.match(status.stdout, /warning: every tier is disabled/);
      assert.equal((await cli(['reset', '-v', 'b', '--data-dir', data])).code, 0);
    } finally {
      await stop(started);
    }
    // The log file says the same as the terminal: the start line, the warning and a runtime order change.
    const log = readFileSync(join(data, 'logs', 'coding-proxy.log'), 'utf8');
    assert.match(log, /INFO {2}coding-proxy \S+ listening on \S+ \(tiers: a \[disabled\] → b \[disabled\]\)/);
    assert.match(log, /WARN {2}every tier is disabled: requests get a 503/);
    assert.match(log, /INFO {2}tier order: b \[disabled\] → a \[disabled\]/);
  });
});
