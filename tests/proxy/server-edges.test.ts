import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  controlFetch,
  type Harness,
  postMessages,
  startProxy,
} from '../support/proxy-harness.ts';

function rawRequest(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
) {
  const { port } = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the proxy edge', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    proxy = await startProxy({
      server: { maxBodyBytes: 4096 },
      vendors: [{ name: 'only', kind: 'anthropic', baseUrl: vendor.url }],
    });
  });
  after(async () => {
    await proxy.close();
    await vendor.close();
  });

  it('answers bad JSON with 400 invalid_request_error and no upstream call', async () => {
    const response = await postMessages(proxy.url, '{"model": "x",');
    assert.equal(response.status, 400);
    const body = response.json() as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /not valid JSON/);
    assert.equal(vendor.requests.length, 0);
  });

  it('answers a body missing messages with 400 naming the field', async () => {
    const response = await postMessages(proxy.url, { model: 'claude-sonnet-4-5', max_tokens: 5 });
    assert.equal(response.status, 400);
    assert.match((response.json() as { error: { message: string } }).error.message, /^messages:/);
  });

  it('answers an oversized body with 413 request_too_large', async () => {
    const response = await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      messages: [{ role: 'user', content: 'x'.repeat(10_000) }],
    });
    assert.equal(response.status, 413);
    assert.equal((response.json() as { error: { type: string } }).error.type, 'request_too_large');
    assert.equal(vendor.requests.length, 0);
  });

  it('answers unknown paths with 404 in Anthropic shape', async () => {
    const response = await fetch(`${proxy.url}/v1/nope`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'not_found_error');
  });

  it('serves /health, HEAD / and /v1/models', async () => {
    assert.deepEqual(await (await fetch(`${proxy.url}/health`)).json(), {
      status: 'ok',
      service: 'coding-proxy',
      version: '0.1.0',
      pid: process.pid,
    });
    assert.equal((await fetch(`${proxy.url}/`, { method: 'HEAD' })).status, 200);
    const models = (await (await fetch(`${proxy.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    assert.ok(models.data.every((m) => m.id.includes('claude')));
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    const response = await rawRequest(proxy.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { host: 'attacker.example:8046', 'content-type': 'application/json' },
      body: JSON.stringify(BASIC_REQUEST),
    });
    assert.equal(response.status, 403);
    assert.match(response.body, /not allowed/);
    assert.equal(vendor.requests.length, 0);
  });

  it('accepts localhost as Host', async () => {
    const response = await rawRequest(proxy.url, {
      method: 'GET',
      path: '/health',
      headers: { host: `localhost:${new URL(proxy.url).port}` },
    });
    assert.equal(response.status, 200);
  });

  it('refuses cross-origin browser requests to control endpoints', async () => {
    const port = new URL(proxy.url).port;
    const evil = await rawRequest(proxy.url, {
      method: 'POST',
      path: '/api/reset',
      headers: {
        host: `127.0.0.1:${port}`,
        origin: 'https://evil.example',
        'content-type': 'application/json',
        authorization: `Bearer ${proxy.token}`,
      },
      body: '{}',
    });
    assert.equal(evil.status, 403);
    const same = await rawRequest(proxy.url, {
      method: 'POST',
      path: '/api/reset',
      headers: {
        host: `127.0.0.1:${port}`,
        origin: `http://127.0.0.1:${port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${proxy.token}`,
      },
      body: '{}',
    });
    assert.equal(same.status, 200);
  });

  it('validates control input at the boundary with a typed error', async () => {
    const response = await controlFetch(proxy, '/api/reset', {
      method: 'POST',
      body: JSON.stringify({ tiers: ['ghost'] }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request');
    assert.match(body.error.message, /unknown tier\(s\): ghost/);
    const wrongType = await controlFetch(proxy, '/api/setVendorEnabled', {
      method: 'POST',
      body: JSON.stringify({ name: 'only', enabled: 'yes' }),
    });
    assert.equal(wrongType.status, 400);
  });
});

describe('live tier order', () => {
  it('POST /api/reset with tiers reorders the chain for the next request and saves it', async () => {
    const a = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from a') }]);
    const b = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from b') }]);
    const proxy = await startProxy({
      vendors: [
        { name: 'a', kind: 'anthropic', baseUrl: a.url },
        { name: 'b', kind: 'anthropic-compatible', baseUrl: b.url, apiKey: 'k' },
      ],
    });
    assert.match((await postMessages(proxy.url, BASIC_REQUEST)).text, /from a/);
    const reset = await controlFetch(proxy, '/api/reset', {
      method: 'POST',
      body: JSON.stringify({ tiers: ['b'] }),
    });
    assert.deepEqual(await reset.json(), { ok: true, order: ['b', 'a'] });
    assert.match((await postMessages(proxy.url, BASIC_REQUEST)).text, /from b/);
    assert.deepEqual(proxy.core.context.configStore.get(['tiers']), ['b', 'a']);
    const status = (await (await controlFetch(proxy, '/api/status')).json()) as {
      tiers: Array<{ name: string }>;
      activeTier: string;
    };
    assert.deepEqual(
      status.tiers.map((t) => t.name),
      ['b', 'a'],
    );
    assert.equal(status.activeTier, 'b');
    await proxy.close();
    await a.close();
    await b.close();
  });
});
