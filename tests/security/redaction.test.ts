// A vendor that quotes the key it was sent (some gateways answer "invalid api key <key>") must not make the proxy
// repeat it: not to the client, not in the log, not in the ledger, not in the status.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { type ProxyProcess, startProxyProcess, waitUntil } from '../faults/proxy-process.ts';
import {
  anthropicErrorBody,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages, startProxy } from '../support/proxy-harness.ts';

const BIN = resolve(import.meta.dirname, '../../bin/coding-proxy.js');
const KEY = 'sk-echoed-by-the-vendor-7f3a9c';
const MASKED = `…${KEY.slice(-4)}`;

describe('secrets a vendor echoes back are redacted', () => {
  let root: string;
  let dataDir: string;
  let vendor: FakeVendor;
  let proxy: ProxyProcess;
  let client: { status: number; text: string };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cp-redact-'));
    dataDir = join(root, 'data');
    vendor = await startFakeVendor([
      {
        kind: 'json',
        status: 401,
        body: anthropicErrorBody('authentication_error', `invalid x-api-key: ${KEY} (check your plan)`),
      },
    ]);
    const configPath = join(root, 'config.yaml');
    // The key comes from the environment: references are registered for redaction when resolved.
    writeFileSync(
      configPath,
      `vendors:\n  - { name: glm, kind: zhipu, baseUrl: "${vendor.url}", apiKey: "\${ECHO_KEY}" }\n`,
    );
    proxy = await startProxyProcess({ dataDir, configPath, env: { ECHO_KEY: KEY } });
    client = await postMessages(proxy.url, BASIC_REQUEST);
    // Zhipu takes its key as Bearer (its Claude Code guide); the vendor did get it.
    assert.equal(vendor.requests[0]?.headers.authorization, `Bearer ${KEY}`, 'the vendor did get the key');
  });
  after(async () => {
    proxy?.child.kill('SIGKILL');
    await vendor?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('in the log (stdout)', async () => {
    await waitUntil(() => proxy.output().includes('glm failed'), 'the failure to be logged');
    assert.ok(proxy.output().includes(MASKED), proxy.output());
    assert.equal(proxy.output().includes(KEY), false);
  });

  it("in the ledger's error_message", async () => {
    const db = new Database(join(dataDir, 'usage.db'), { readonly: true, fileMustExist: true });
    let rows: Array<{ error_message: string | null }> = [];
    try {
      await waitUntil(() => {
        rows = db.prepare('SELECT error_message FROM usage_log').all() as typeof rows;
        return rows.length > 0;
      }, 'the attempt to reach usage.db');
    } finally {
      db.close();
    }
    assert.ok(rows[0]?.error_message?.includes(MASKED), rows[0]?.error_message ?? '');
    assert.equal(JSON.stringify(rows).includes(KEY), false);
  });

  it("in the status's lastError", async () => {
    const status = await promisify(execFile)(process.execPath, [BIN, 'status', '--json'], {
      env: { ...process.env, CODING_PROXY_HOME: dataDir },
    });
    const parsed = JSON.parse(status.stdout) as { tiers: Array<{ lastError?: { message: string } }> };
    assert.ok(parsed.tiers[0]?.lastError?.message.includes(MASKED), status.stdout);
    assert.equal(status.stdout.includes(KEY), false);
  });

  it('in the error the client gets (still in Anthropic shape)', () => {
    assert.equal(client.status, 401);
    assert.match(client.text, /authentication_error/);
    assert.ok(client.text.includes(MASKED), client.text);
    assert.equal(client.text.includes(KEY), false);
  });
});

describe('redaction inside streams and of credentials minted or relayed per request', () => {
  it("masks a key quoted by a vendor's error event after content, and a client key echoed back", async () => {
    const streamKey = 'sk-stream-tier-key-5e6f7a';
    const clientKey = 'sk-ant-client-own-key-8b9c';
    const streaming = await startFakeVendor([
      {
        kind: 'sse',
        chunks: [
          ...anthropicStream('partial answer', { deltas: 2 }).slice(0, 4),
          `event: error\ndata: ${JSON.stringify(anthropicErrorBody('overloaded_error', `key ${streamKey} is overloaded`))}\n\n`,
        ],
      },
    ]);
    const relaying = await startFakeVendor([
      {
        kind: 'json',
        status: 401,
        body: anthropicErrorBody('authentication_error', `invalid key ${clientKey}`),
      },
    ]);
    const harness = await startProxy({
      vendors: [
        { name: 'glm', kind: 'zhipu', baseUrl: streaming.url, apiKey: streamKey },
        { name: 'own', kind: 'anthropic', baseUrl: relaying.url, enabled: false },
      ],
    });
    try {
      const streamed = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
      assert.match(streamed.text, /partial answer|partial/);
      assert.ok(streamed.text.includes(`…${streamKey.slice(-4)}`), streamed.text);
      assert.equal(streamed.text.includes(streamKey), false);

      harness.core.context.router.chain.get('glm')!.enabled = false;
      harness.core.context.router.chain.get('own')!.enabled = true;
      const relayed = await postMessages(harness.url, BASIC_REQUEST, { 'x-api-key': clientKey });
      assert.equal(relaying.requests[0]?.headers['x-api-key'], clientKey, "the client's own key was relayed");
      assert.ok(relayed.text.includes(`…${clientKey.slice(-4)}`), relayed.text);
      assert.equal(relayed.text.includes(clientKey), false);
      const status = await harness.core.handlers.status({});
      assert.equal(JSON.stringify(status).includes(clientKey), false);
    } finally {
      await harness.close();
      await streaming.close();
      await relaying.close();
    }
  });
});
