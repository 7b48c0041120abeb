// The README's first command on a fresh clone, and the CLI after `npm run build`, as a user starts them. No Electron
// binary (the directory Electron would run from is empty) and an Electron mirror on 127.0.0.1 that answers 404, so
// the one download attempt fails the way an offline machine's does, fast.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { anthropicStream, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { parseEvents, textOf } from '../support/proxy-harness.ts';
import {
  assertDashboardServed,
  type Clone,
  freshClone,
  portClosed,
  processGone,
  startUntilUrl,
  userEnv,
  within,
} from '../support/entry-points.ts';

const STREAM_REQUEST = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 5,
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

async function proxyPid(url: string): Promise<number> {
  return ((await (await fetch(`${url}/health`)).json()) as { pid: number }).pid;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

describe('entry points as shipped', () => {
  let clone: Clone;
  let scratch: string;
  let vendor: FakeVendor;
  let mirror: Server;
  let mirrorHits = 0;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    clone = freshClone();
    // Whatever sits next to the clone must never be served.
    mkdirSync(join(clone.parent, 'dist-renderer'));
    writeFileSync(join(clone.parent, 'dist-renderer', 'index.html'), '<!doctype html><title>PLANTED</title>');
    scratch = mkdtempSync(join(tmpdir(), 'cp-entry-'));
    vendor = await startFakeVendor([
      {
        kind: 'sse',
        chunks: anthropicStream('drained through npm', { deltas: 4 }).flatMap((chunk) => [
          chunk,
          { delayMs: 60 },
        ]),
      },
    ]);
    mirror = createServer((_req, res) => {
      mirrorHits++;
      res.writeHead(404).end();
    });
    await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
    const data = join(scratch, 'data');
    mkdirSync(data);
    writeFileSync(
      join(data, 'config.yaml'),
      `vendors:\n  - { name: fake, kind: anthropic, baseUrl: "${vendor.url}" }\n`,
    );
    mkdirSync(join(scratch, 'no-electron'));
    env = userEnv({
      CODING_PROXY_HOME: data,
      ELECTRON_MIRROR: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`,
      ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-electron'),
      electron_config_cache: join(scratch, 'electron-cache'),
    });
  });

  after(async () => {
    await vendor.close();
    mirror.closeAllConnections();
    await new Promise((done) => mirror.close(done));
    clone.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('npm start on a fresh clone builds, serves the dashboard it prints, and on SIGTERM drains, frees the port, exits 0', async () => {
    const started = await startUntilUrl('npm', ['start', '--', '-p', '0'], { cwd: clone.dir, env });
    const exited = started.exited;
    try {
      assert.match(started.output(), /Building the dashboard/);
      assert.match(started.output(), /Building the CLI bundle/);
      assert.equal(mirrorHits, 1, 'the Electron binary is fetched once');
      assert.match(started.output(), /No Electron binary \(the download failed: HTTPError.*404/);
      assert.match(started.output(), /npm run desktop:install/);
      await assertDashboardServed(started.url);
      const pid = await proxyPid(started.url);

      const stream = fetch(`${started.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: STREAM_REQUEST,
      }).then((r) => r.text());
      const deadline = Date.now() + 20_000;
      while (vendor.requests.length === 0) {
        assert.ok(Date.now() < deadline, 'the request reaches the vendor');
        await new Promise((done) => setTimeout(done, 10));
      }
      started.child.kill('SIGTERM');
      const events = parseEvents(await stream);
      assert.equal(events.at(-1)?.event, 'message_stop');
      assert.equal(textOf(events), 'drained through npm');
      assert.deepEqual(await within(exited, 20_000, 'npm exits after SIGTERM'), { code: 0, signal: null });
      assert.ok(await portClosed(Number(new URL(started.url).port)), 'the port is free');
      assert.ok(processGone(pid), 'the proxy process is gone');
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('bin/coding-proxy.js after `npm run build` runs the fresh bundle and serves the dashboard', async () => {
    execFileSync('npm', ['run', 'build'], { cwd: clone.dir, env, stdio: 'pipe' });
    const bundle = statSync(join(clone.dir, 'dist', 'cli.js')).mtimeMs;
    assert.ok(bundle >= newestSource(join(clone.dir, 'src-main')), 'the bundle is what bin/ runs');
    const started = await startUntilUrl(
      process.execPath,
      ['bin/coding-proxy.js', 'start', '-p', '0', '--data-dir', join(scratch, 'bin-data')],
      { cwd: clone.dir, env },
    );
    try {
      await assertDashboardServed(started.url);
      started.child.kill('SIGTERM');
      assert.deepEqual(await within(started.exited, 20_000, 'the CLI exits after SIGTERM'), {
        code: 0,
        signal: null,
      });
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('a second npm start builds nothing, does not retry the download, and stops on SIGINT with exit 0', async () => {
    const started = await startUntilUrl('npm', ['start', '--', '-p', '0'], { cwd: clone.dir, env });
    try {
      assert.doesNotMatch(started.output(), /Building/);
      assert.equal(mirrorHits, 1, 'no second download attempt');
      assert.match(started.output(), /the download failed on \d{4}-\d\d-\d\d: HTTPError/);
      assert.match(started.output(), /npm run desktop:install/);
      await assertDashboardServed(started.url);
      started.child.kill('SIGINT');
      assert.deepEqual(await within(started.exited, 20_000, 'npm exits after SIGINT'), {
        code: 0,
        signal: null,
      });
      assert.ok(await portClosed(Number(new URL(started.url).port)));
    } finally {
      started.child.kill('SIGKILL');
    }
  });
});
