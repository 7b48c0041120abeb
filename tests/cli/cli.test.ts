import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  type FakeVendor,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { parseEvents, textOf } from '../support/proxy-harness.ts';

const BIN = resolve(import.meta.dirname, '../../bin/coding-proxy.js');
const run = promisify(execFile);
// The CLI's default data dir (and so its registry of running proxies) for this file only, never the user's.
const HOME_DIR = mkdtempSync(join(tmpdir(), 'cp-cli-home-'));
const CLI_ENV = { ...process.env, CODING_PROXY_HOME: HOME_DIR };
const JSON_HEADERS = { 'content-type': 'application/json' };

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...CLI_ENV, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: CLI_ENV });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /export ANTHROPIC_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolvePromise({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

describe('coding-proxy CLI', () => {
  let dir: string;
  let vendor: FakeVendor;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-cli-'));
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('via cli') }]);
  });
  after(async () => {
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(HOME_DIR, { recursive: true, force: true });
  });

  it('refuses to start on a bad config, naming the field and value, with a non-zero exit', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'tiers: [a, ghost]\nvendors:\n  - { name: a, kind: anthropic, timeoutMs: -5 }\n');
    const result = await cli(['start', '-c', path, '--data-dir', dir, '-p', '0']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /bad\.yaml is not a valid configuration/);
    assert.match(result.stderr, /vendors\[0\]\.timeoutMs/);
    assert.match(result.stderr, /-5/);
  });

  it('says clearly when no proxy is running', async () => {
    const result = await cli(['status', '-p', '1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no proxy is running at http:\/\/127\.0\.0\.1:1/);
  });

  it('starts, prints the URL and the export hint, serves, reports status, resets with a new order, and stops cleanly on SIGTERM', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(
      path,
      `vendors:\n  - { name: a, kind: anthropic, baseUrl: "${vendor.url}" }\n  - { name: b, kind: kimi, baseUrl: "${vendor.url}", apiKey: k }\n`,
    );
    const { child, url, output } = await startCli(['start', '-c', path, '--data-dir', dir, '-p', '0']);
    try {
      assert.match(output(), new RegExp(`export ANTHROPIC_BASE_URL=${url}`));
      const port = new URL(url).port;
      const response = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      assert.match(await response.text(), /via cli/);

      const status = await cli(['status', '-p', port]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /1\. a \(anthropic\)\s+← serving/);
      assert.match(status.stdout, /breaker: closed/);
      const json = JSON.parse((await cli(['status', '-p', port, '--json'])).stdout) as {
        tiers: Array<{ name: string }>;
      };
      assert.deepEqual(
        json.tiers.map((t) => t.name),
        ['a', 'b'],
      );

      const reset = await cli(['reset', '-p', port, '-v', 'b']);
      assert.equal(reset.code, 0, reset.stderr);
      assert.match(reset.stdout, /Tier order: b → a/);
      const bad = await cli(['reset', '-p', port, '-v', 'ghost']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /unknown tier\(s\): ghost/);

      const usage = await cli(['usage', '--data-dir', dir, '--json']);
      assert.equal(usage.code, 0, usage.stderr);
      const rows = (JSON.parse(usage.stdout) as { rows: Array<{ vendor: string; requests: number }> }).rows;
      assert.equal(rows.find((row) => row.vendor === 'a')?.requests, 1);
    } finally {
      const exited = new Promise<number | null>((resolvePromise) => child.on('exit', resolvePromise));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
    assert.match(output(), /coding-proxy stopped/);
  });

  it('on SIGTERM lets an in-flight stream finish before exiting 0', async () => {
    const slow = await startFakeVendor([
      {
        kind: 'sse',
        chunks: anthropicStream('finished despite the shutdown', { deltas: 4 }).flatMap((c) => [
          c,
          { delayMs: 80 },
        ]),
      },
    ]);
    const path = join(dir, 'drain.yaml');
    writeFileSync(path, `vendors:\n  - { name: a, kind: anthropic, baseUrl: "${slow.url}" }\n`);
    const { child, url } = await startCli(['start', '-c', path, '--data-dir', join(dir, 'drain'), '-p', '0']);
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', resolvePromise));
    try {
      const response = fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 5,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      }).then((r) => r.text());
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 150));
      child.kill('SIGTERM');
      const events = parseEvents(await response);
      assert.equal(events.at(-1)?.event, 'message_stop');
      assert.equal(textOf(events), 'finished despite the shutdown');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      await slow.close();
    }
  });
});
