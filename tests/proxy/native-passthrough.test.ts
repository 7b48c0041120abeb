// Native API passthrough over real sockets: an SDK-shaped client → the proxy's /api/<family>/… → a fake
// provider on 127.0.0.1. Bytes, credentials and query strings must arrive untouched both ways, and every call
// must land in the real SQLite ledger as client category `api` with its usage counted once.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import { waitForLedgerRows } from '../support/ledger-rows.ts';
import {
  ANTHROPIC_MESSAGE_JSON,
  ANTHROPIC_STREAM_SSE,
  GEMINI_GENERATE_JSON,
  GEMINI_STREAM_SSE,
  OPENAI_CHAT_JSON,
  OPENAI_CHAT_SSE,
  OPENAI_EMBEDDINGS_JSON,
  OPENAI_RESPONSES_SSE,
} from '../support/native-fixtures.ts';
import { BASIC_REQUEST, type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';

describe('native API passthrough', () => {
  let openai: FakeVendor;
  let gemini: FakeVendor;
  let anthropic: FakeVendor;
  let tier: FakeVendor;
  let proxy: Harness;

  before(async () => {
    // The providers' whole APIs are relayed, their model lists included: those answer from the script too.
    const provider = () => startFakeVendor([], { scriptModelLists: true });
    [openai, gemini, anthropic, tier] = await Promise.all([
      provider(),
      provider(),
      provider(),
      startFakeVendor([{ kind: 'json', body: anthropicMessage('tier') }]),
    ]);
    const config: ProxyConfigInput = {
      vendors: [{ name: 'a', kind: 'anthropic', baseUrl: tier.url }],
      nativeApi: {
        openai: { baseUrl: openai.url },
        gemini: { baseUrl: gemini.url },
        anthropic: { baseUrl: anthropic.url },
      },
    };
    proxy = await startProxy(config, { ledger: true });
  });
  after(async () => {
    await proxy?.close();
    await Promise.all([openai, gemini, anthropic, tier].map((fake) => fake?.close()));
  });
  beforeEach(() => {
    for (const fake of [openai, gemini, anthropic]) fake.requests.length = 0;
  });

  it('relays an OpenAI chat call byte for byte with the client credentials and query, and records usage once', async () => {
    openai.script([{ kind: 'json', body: OPENAI_CHAT_JSON, headers: { 'x-request-id': 'req_123' } }]);
    const body = '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}';
    const response = await fetch(`${proxy.url}/api/openai/v1/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk-client-openai-0123456789abcdef',
        'content-type': 'application/json',
      },
      body,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'req_123');
    assert.equal(await response.text(), JSON.stringify(OPENAI_CHAT_JSON));
    const received = openai.requests[0];
    assert.equal(received?.url, '/v1/chat/completions?api-version=2024-10-21');
    assert.equal(received?.method, 'POST');
    assert.equal(received?.headers.authorization, 'Bearer sk-client-openai-0123456789abcdef');
    assert.equal(received?.headers['accept-encoding'], 'identity');
    assert.equal(received?.body, body);

    const [row] = await waitForLedgerRows(proxy.dataDir, "vendor = 'openai' AND operation = 'chat'", []);
    assert.equal(row?.client_category, 'api');
    assert.equal(row?.endpoint, '/v1/chat/completions');
    assert.equal(row?.model_requested, 'gpt-4o');
    assert.equal(row?.model_served, 'gpt-4o-2024-08-06');
    // 1117 prompt tokens of which 1024 were cached: 93 new + 1024 cache reads, never 1117 + 1024.
    assert.equal(row?.input_tokens, 93);
    assert.equal(row?.cache_read_tokens, 1024);
    assert.equal(row?.output_tokens, 46);
    assert.equal(row?.success, 1);
    assert.equal(row?.request_id, 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG');
  });

  it('streams OpenAI chat and Responses SSE unchanged and reads their final usage', async () => {
    openai.script([{ kind: 'sse', chunks: OPENAI_CHAT_SSE }]);
    const chat = await fetch(`${proxy.url}/api/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
      body: '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[]}',
    });
    assert.equal(chat.headers.get('content-type'), 'text/event-stream');
    assert.equal(await chat.text(), OPENAI_CHAT_SSE.join(''));
    const [chatRow] = await waitForLedgerRows(
      proxy.dataDir,
      "vendor = 'openai' AND model_requested = 'gpt-4o-mini'",
      [],
    );
    assert.equal(chatRow?.stream, 1);
    assert.equal(chatRow?.input_tokens, 2006 - 1920);
    assert.equal(chatRow?.cache_read_tokens, 1920);
    assert.equal(chatRow?.output_tokens, 300);
    assert.deepEqual(JSON.parse(String(chatRow?.extra_usage_json)), { reasoning_tokens: 128 });

    openai.script([{ kind: 'sse', chunks: OPENAI_RESPONSES_SSE }]);
    const responses = await fetch(`${proxy.url}/api/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
      body: '{"model":"gpt-4.1","stream":true,"input":"hi"}',
    });
    assert.equal(await responses.text(), OPENAI_RESPONSES_SSE.join(''));
    const [row] = await waitForLedgerRows(proxy.dataDir, "operation = 'responses'", []);
    assert.equal(row?.input_tokens, 328);
    assert.equal(row?.output_tokens, 52);
    assert.equal(row?.model_served, 'gpt-4.1-2025-04-14');
  });

  it('counts OpenAI embeddings', async () => {
    openai.script([{ kind: 'json', body: OPENAI_EMBEDDINGS_JSON }]);
    const response = await fetch(`${proxy.url}/api/openai/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
      body: '{"model":"text-embedding-3-small","input":"x"}',
    });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
    const [row] = await waitForLedgerRows(proxy.dataDir, "operation = 'embedding'", []);
    assert.equal(row?.input_tokens, 8);
  });

  it('relays Gemini with the key in the query and in x-goog-api-key, JSON and SSE, thinking counted as output', async () => {
    gemini.script([{ kind: 'json', body: GEMINI_GENERATE_JSON }]);
    const path =
      '/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaSyClientOwnKey0123456789abcdefghijk';
    const json = await fetch(`${proxy.url}/api/gemini${path}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'AIzaSyHeaderKey', 'content-type': 'application/json' },
      body: '{"contents":[{"parts":[{"text":"hi"}]}]}',
    });
    assert.equal(await json.text(), JSON.stringify(GEMINI_GENERATE_JSON));
    assert.equal(gemini.requests[0]?.url, path);
    assert.equal(gemini.requests[0]?.headers['x-goog-api-key'], 'AIzaSyHeaderKey');
    const [row] = await waitForLedgerRows(proxy.dataDir, "vendor = 'gemini' AND stream = 0", []);
    assert.equal(row?.operation, 'generate_content');
    assert.equal(row?.model_requested, 'gemini-2.5-flash');
    assert.equal(row?.input_tokens, 5000 - 4096);
    assert.equal(row?.cache_read_tokens, 4096);
    assert.equal(row?.output_tokens, 200 + 300);

    gemini.script([{ kind: 'sse', chunks: GEMINI_STREAM_SSE }]);
    const stream = await fetch(
      `${proxy.url}/api/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
      {
        method: 'POST',
        headers: { 'x-goog-api-key': 'AIzaSyHeaderKey', 'content-type': 'application/json' },
        body: '{"contents":[]}',
      },
    );
    assert.equal(await stream.text(), GEMINI_STREAM_SSE.join(''));
    const [streamed] = await waitForLedgerRows(proxy.dataDir, "vendor = 'gemini' AND stream = 1", []);
    assert.equal(streamed?.input_tokens, 40);
    assert.equal(streamed?.output_tokens, 12 + 20);
  });

  it('relays Anthropic messages (JSON and SSE) with the client x-api-key, recorded apart from the anthropic tier', async () => {
    anthropic.script([{ kind: 'json', body: ANTHROPIC_MESSAGE_JSON }]);
    const json = await fetch(`${proxy.url}/api/anthropic/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'sk-ant-client-own-key-0000',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: '{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}',
    });
    assert.equal(await json.text(), JSON.stringify(ANTHROPIC_MESSAGE_JSON));
    assert.equal(anthropic.requests[0]?.headers['x-api-key'], 'sk-ant-client-own-key-0000');
    assert.equal(anthropic.requests[0]?.headers['anthropic-version'], '2023-06-01');
    const [row] = await waitForLedgerRows(proxy.dataDir, "vendor = 'anthropic-native' AND stream = 0", []);
    assert.equal(row?.operation, 'messages');
    assert.equal(row?.input_tokens, 21);
    assert.equal(row?.cache_creation_tokens, 188086);
    assert.equal(row?.output_tokens, 393);

    anthropic.script([{ kind: 'sse', chunks: ANTHROPIC_STREAM_SSE }]);
    const stream = await fetch(`${proxy.url}/api/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-client-own-key-0000', 'content-type': 'application/json' },
      body: '{"model":"claude-sonnet-4-5","max_tokens":10,"stream":true,"messages":[]}',
    });
    assert.equal(await stream.text(), ANTHROPIC_STREAM_SSE.join(''));
    const [streamed] = await waitForLedgerRows(
      proxy.dataDir,
      "vendor = 'anthropic-native' AND stream = 1",
      [],
    );
    assert.equal(streamed?.input_tokens, 25);
    assert.equal(streamed?.cache_read_tokens, 1800);
    assert.equal(streamed?.output_tokens, 15);
    // The tier chain never saw any of it.
    assert.equal(tier.requests.length, 0);
  });

  it('passes upstream errors through as they are, recorded as failures', async () => {
    const error = {
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    };
    openai.script([{ kind: 'json', status: 401, body: error }]);
    const response = await fetch(`${proxy.url}/api/openai/v1/models`, {
      headers: { authorization: 'Bearer bad' },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), error);
    assert.equal(openai.requests[0]?.method, 'GET');
    const [row] = await waitForLedgerRows(proxy.dataDir, "operation = 'model.list'", []);
    assert.equal(row?.success, 0);
    assert.equal(row?.status, 401);
  });

  it('takes no control token (SDK clients have none), while control commands next to it do', async () => {
    openai.script([{ kind: 'json', body: OPENAI_EMBEDDINGS_JSON }]);
    const relayed = await fetch(`${proxy.url}/api/openai/v1/models`, {
      headers: { authorization: 'Bearer sk-client' },
    });
    assert.equal(relayed.status, 200);
    await relayed.arrayBuffer();
    const control = await fetch(`${proxy.url}/api/status`);
    assert.equal(control.status, 401);
    // A browser's cookies never travel to a provider.
    openai.requests.length = 0;
    await (
      await fetch(`${proxy.url}/api/openai/v1/models`, { headers: { cookie: 'coding_proxy=abc' } })
    ).arrayBuffer();
    assert.equal(openai.requests[0]?.headers.cookie, undefined);
  });

  it('refuses browser requests from other sites, as /v1/* does', async () => {
    const fromPage = await fetch(`${proxy.url}/api/openai/v1/models`, {
      headers: { origin: 'https://evil.example', authorization: 'Bearer sk-victim' },
    });
    assert.equal(fromPage.status, 403);
    assert.match(((await fromPage.json()) as { error: { message: string } }).error.message, /web pages/);
    const crossSite = await fetch(`${proxy.url}/api/gemini/v1beta/models`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    assert.equal(
      ((await crossSite.json()) as { error: { status: string } }).error.status,
      'PERMISSION_DENIED',
    );
    assert.equal(openai.requests.length + gemini.requests.length, 0);
  });

  it('lists every passthrough call as a request of category api, next to Claude Code’s in the Spend split', async () => {
    const served = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(served.status, 200);
    const usage = proxy.core.context.usage;
    assert.ok(usage);
    const { requests } = usage.requests({ limit: 100 });
    const byCategory = (category: string) =>
      requests.filter((request) => request.clientCategory === category);
    assert.equal(byCategory('cc').length, 1);
    assert.ok(byCategory('api').length >= 8, `passthrough requests: ${byCategory('api').length}`);
    // What the client got, as for any request: the provider's status, served or not.
    const refused = requests.find((request) => request.clientCategory === 'api' && request.status === 401);
    assert.deepEqual(
      [refused?.success, refused?.servedBy, refused?.errorMessage, refused?.attempts.length],
      [false, null, 'HTTP 401', 1],
    );
    const chat = requests.find((request) => request.modelRequested === 'gpt-4o');
    assert.deepEqual(
      [chat?.status, chat?.servedBy, chat?.modelServed, chat?.stream, chat?.cacheReadTokens],
      [200, 'openai', 'gpt-4o-2024-08-06', false, 1024],
    );
    assert.ok((chat?.ttfbMs ?? -1) >= 0);
    const summary = usage.summary('24h');
    assert.deepEqual(summary.categories, ['api', 'cc']);
    assert.deepEqual([...new Set(summary.byCategory.map((point) => point.key))].sort(), ['api', 'cc']);
    assert.equal(summary.totals.requests, requests.length);
  });
});

describe('native API passthrough, disabled or unreachable', () => {
  let proxy: Harness;
  let tier: FakeVendor;
  before(async () => {
    tier = await startFakeVendor([{ kind: 'json', body: anthropicMessage('tier') }]);
    // A port nothing listens on: bind one, learn it, close it.
    const closed = await startFakeVendor();
    const deadUrl = closed.url;
    await closed.close();
    proxy = await startProxy(
      {
        vendors: [{ name: 'a', kind: 'anthropic', baseUrl: tier.url }],
        nativeApi: {
          openai: { enabled: false },
          gemini: { enabled: false },
          anthropic: { baseUrl: deadUrl, connectTimeoutMs: 1000 },
        },
      },
      { ledger: true },
    );
  });
  after(async () => {
    await proxy?.close();
    await tier?.close();
  });

  it('answers 404 in each provider’s own error shape when the provider is disabled', async () => {
    const openai = await fetch(`${proxy.url}/api/openai/v1/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(openai.status, 404);
    const openaiBody = (await openai.json()) as { error: { message: string; type: string } };
    assert.match(openaiBody.error.message, /native api provider 'openai' is not enabled/);
    assert.equal(openaiBody.error.type, 'invalid_request_error');
    const gemini = await fetch(`${proxy.url}/api/gemini/v1beta/models`);
    assert.equal(gemini.status, 404);
    assert.deepEqual(
      ((await gemini.json()) as { error: { code: number; status: string } }).error.status,
      'NOT_FOUND',
    );
  });

  it('answers 502 when the upstream cannot be reached, and records the failure', async () => {
    const response = await fetch(`${proxy.url}/api/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-x', 'content-type': 'application/json' },
      body: '{"model":"claude-haiku-4-5","messages":[]}',
    });
    assert.equal(response.status, 502);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'api_error');
    assert.match(body.error.message, /upstream unreachable/);
    const [row] = await waitForLedgerRows(proxy.dataDir, "vendor = 'anthropic-native'", []);
    assert.equal(row?.success, 0);
    assert.equal(row?.model_requested, 'claude-haiku-4-5');
    assert.match(String(row?.extra_usage_json), /failure_reason/);
    const [logged] = proxy.core.context.usage?.requests({ vendor: 'anthropic-native' }).requests ?? [];
    assert.deepEqual(
      [logged?.status, logged?.clientCategory, logged?.errorType, logged?.success],
      [502, 'api', 'network', false],
    );
    assert.match(logged?.errorMessage ?? '', /upstream unreachable/);
  });
});
