// A client's own mistakes stay client errors, and slow or malformed clients cannot hold the proxy.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';

/** JSON text of a request whose tool_use input nests `depth` levels (built as text: too deep to stringify). */
function nestedRequest(depth: number): string {
  let inner = '"bottom"';
  for (let level = 0; level < depth; level++) inner = level % 2 ? `{"a":${inner}}` : `[${inner}]`;
  const toolUse = `{"type":"tool_use","id":"toolu_1","name":"t","input":{"deep":${inner}}}`;
  const messages = [
    '{"role":"user","content":"call the tool"}',
    `{"role":"assistant","content":[${toolUse}]}`,
    '{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}',
  ];
  return `{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[${messages.join(',')}]}`;
}

function openAiAnswer(text: string): object {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'gpt-test',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  };
}

describe('bodies the proxy could not re-serialise are the client’s error', () => {
  let anthropicCompatible: FakeVendor;
  let openai: FakeVendor;
  let proxy: Harness;

  before(async () => {
    anthropicCompatible = await startFakeVendor([{ kind: 'json', body: anthropicMessage('mapped ok') }]);
    openai = await startFakeVendor([{ kind: 'json', body: openAiAnswer('converted ok') }]);
    proxy = await startProxy({
      vendors: [
        {
          name: 'mapped',
          kind: 'anthropic-compatible',
          baseUrl: anthropicCompatible.url,
          apiKey: 'k-mapped',
          // The model changes, so the body is re-serialised rather than relayed byte for byte.
          modelMap: [{ match: 'claude-*', to: 'glm-5.1' }],
          circuitBreaker: { failureThreshold: 1 },
        },
        {
          name: 'openai',
          kind: 'openai-compatible',
          baseUrl: `${openai.url}/v1`,
          apiKey: 'k-openai',
          modelMap: [{ match: 'claude-*', to: 'gpt-test' }],
          circuitBreaker: { failureThreshold: 1 },
        },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await anthropicCompatible.close();
    await openai.close();
  });

  it('answers 20 000-deep JSON with 400 invalid_request_error: no vendor call, no breaker, no failover', async () => {
    for (const tiers of [
      ['mapped', 'openai'],
      ['openai', 'mapped'],
    ]) {
      proxy.core.context.router.chain.promote(tiers);
      const response = await postMessages(proxy.url, nestedRequest(20_000));
      assert.equal(response.status, 400);
      const error = (response.json() as { error: { type: string; message: string } }).error;
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.message, /nests deeper than 512 levels/);
    }
    assert.equal(anthropicCompatible.requests.length, 0);
    assert.equal(openai.requests.length, 0);
    assert.equal(proxy.records.length, 0);
    for (const name of ['mapped', 'openai']) {
      const circuit = proxy.core.context.router.chain.status(name).circuit;
      assert.equal(circuit.state, 'closed');
      assert.equal(circuit.failures, 0);
    }
  });

  it('still serves a body nested just under the limit through both kinds of tier', async () => {
    proxy.core.context.router.chain.promote(['mapped', 'openai']);
    assert.match((await postMessages(proxy.url, nestedRequest(500))).text, /mapped ok/);
    proxy.core.context.router.chain.promote(['openai', 'mapped']);
    assert.match((await postMessages(proxy.url, nestedRequest(500))).text, /converted ok/);
  });
});

describe('malformed URLs', () => {
  it('answer GET /% and /%E0%A4%A with a quiet 400', async () => {
    const vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    const proxy = await startProxy({ vendors: [{ name: 'a', kind: 'anthropic', baseUrl: vendor.url }] });
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      for (const path of ['/%', '/%E0%A4%A', '/v1/%zz', '/api/%']) {
        const response = await fetch(`${proxy.url}${path}`);
        assert.equal(response.status, 400, path);
        const body = (await response.json()) as { error: { type: string } };
        assert.equal(body.error.type, 'invalid_request_error');
      }
    } finally {
      console.error = original;
      await proxy.close();
      await vendor.close();
    }
    assert.deepEqual(logged, [], 'nothing printed, no stack trace');
  });
});

/** Resolves with what the server said once it closes the socket; fails if it is still open after a long bound. */
function closedByServer(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const bound = setTimeout(() => {
      socket.destroy();
      reject(new Error("the proxy kept a slow client's socket open"));
    }, 15_000);
    socket.on('close', () => {
      clearTimeout(bound);
      resolve(received);
    });
  });
}

function open(url: string): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('slow clients', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  before(async () => {
    vendor = await startFakeVendor([
      // Slower than the request timeout: the answer itself must not be cut.
      {
        kind: 'sse',
        chunks: anthropicStream('slow but whole', { deltas: 3 }).flatMap((c) => [c, { delayMs: 80 }]),
      },
    ]);
    proxy = await startProxy({
      server: { headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 200 },
      vendors: [{ name: 'a', kind: 'anthropic', baseUrl: vendor.url }],
    });
  });
  after(async () => {
    await proxy.close();
    await vendor.close();
  });

  it('closes an idle connection, half-sent headers and a trickling body', async () => {
    const idle = await open(proxy.url);
    const halfHeaders = await open(proxy.url);
    halfHeaders.write('POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = await open(proxy.url);
    trickle.write(
      'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    const drip = setInterval(() => {
      if (!trickle.destroyed) trickle.write(' ');
    }, 20);
    try {
      const [idleSaid, halfSaid, trickleSaid] = await Promise.all([
        closedByServer(idle),
        closedByServer(halfHeaders),
        closedByServer(trickle),
      ]);
      assert.ok(idleSaid === '' || idleSaid.includes('408'), idleSaid);
      assert.match(halfSaid, /408/);
      assert.match(trickleSaid, /408/);
    } finally {
      clearInterval(drip);
    }
    assert.equal(vendor.requests.length, 0);
  });

  it('lets an answer take longer than the request timeout once the request is in', async () => {
    const response = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(response.status, 200);
    assert.match(response.text, /message_stop/);
  });
});
