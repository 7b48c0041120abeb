// What the edge does with bodies that are not Messages requests: a quiet 400 `invalid_request_error` naming the
// field (never a 500 with a stack trace from code deeper in), and a row in the request log with the status the
// client got, like every other request. What Claude Code and the SDK send passes untouched. Also the Host guard's
// parsing, and the control API's depth limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { RequestPage, RequestView } from '../../src-shared/contract.ts';
import {
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  controlFetch,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';

const TOOLS = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../src-main/core/vendors/gemini/fixtures/claude-code-tools.json'),
    'utf8',
  ),
) as unknown[];

/**
 * A request of the real Claude Code CLI (@anthropic-ai/claude-code 2.1.332, `claude -p "say hi"`, the turn after
 * its first tool list), recorded at a local server; long texts shortened, the device id zeroed. It carries a
 * `role: "system"` message, `output_config`, `context_management` and adaptive thinking.
 */
const RECORDED_CLAUDE_CODE = readFileSync(
  join(import.meta.dirname, 'fixtures/claude-code-2.1-request.json'),
  'utf8',
);

/** A turn of Claude Code as it goes out (system blocks with cache marks, thinking, tools, images, metadata). */
const CLAUDE_CODE_TURN = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32_000,
  stream: true,
  system: [
    { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
    { type: 'text', text: 'Environment…', cache_control: { type: 'ephemeral' } },
  ],
  tools: TOOLS,
  tool_choice: { type: 'auto' },
  thinking: { type: 'enabled', budget_tokens: 4000 },
  metadata: { user_id: 'user_abc_account__session_4f0c2a8e-5b1d-4c3a-9e7f-0a1b2c3d4e5f' },
  context_management: { edits: [] },
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>context</system-reminder>' },
        { type: 'text', text: 'fix the failing test', cache_control: { type: 'ephemeral' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me look.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'abc' },
        { type: 'text', text: 'Running the tests.' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'npm test' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content: [
            { type: 'text', text: '1 failing' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
          is_error: true,
        },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'plain text result' },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } },
      ],
    },
  ],
};

const base = { model: 'claude-sonnet-4-5', max_tokens: 10 };
const user = (content: unknown) => ({ ...base, messages: [{ role: 'user', content }] });

/** Bodies the auditor sent (500s with a stack trace before), and other shapes nothing downstream can read. */
const MALFORMED: Array<[string, unknown, RegExp]> = [
  ['content: 5', user(5), /^messages\.0\.content: must be a string or an array/],
  ['content: [null]', user([null]), /^messages\.0\.content\.0: must be a content block object/],
  ['content: [5]', user([5]), /^messages\.0\.content\.0: must be a content block object/],
  ['tools: "x"', { ...user('hi'), tools: 'x' }, /^tools: must be an array/],
  ['tools: [null]', { ...user('hi'), tools: [null] }, /^tools\.0: must be a tool definition object/],
  ['a block without type', user([{ text: 'x' }]), /^messages\.0\.content\.0\.type: must be a string/],
  ['a text block without text', user([{ type: 'text' }]), /^messages\.0\.content\.0\.text/],
  ['role: 5', { ...base, messages: [{ role: 5, content: 'x' }] }, /^messages\.0\.role: must be a string/],
  ['system: 5', { ...user('hi'), system: 5 }, /^system: must be a string or an array of text blocks/],
  ['system: [null]', { ...user('hi'), system: [null] }, /^system\.0: must be a text block/],
  ['tool_choice: "auto"', { ...user('hi'), tool_choice: 'auto' }, /^tool_choice/],
  ['metadata: "x"', { ...user('hi'), metadata: 'x' }, /^metadata/],
  ['stream: "yes"', { ...user('hi'), stream: 'yes' }, /^stream: must be a boolean/],
  [
    'a tool_result holding null',
    user([{ type: 'tool_result', tool_use_id: 't', content: [null] }]),
    /^messages\.0\.content\.0\.content\.0: must be a content block object/,
  ],
];

/** The request log's rows since `since` (newest first), once it holds `count` of them. */
async function requestLog(proxy: Harness, count: number, since: number): Promise<RequestView[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await controlFetch(proxy, '/api/listRequests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 200, since }),
    });
    const page = (await response.json()) as RequestPage;
    if (page.requests.length >= count) return page.requests;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`the request log never held ${count} requests`);
}

/** `GET /health` with exactly this Host line, over a raw socket (an HTTP client would fix the header up). */
function rawGet(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.end(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('error', fail);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      done({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('the Messages edge', () => {
  let vendor: FakeVendor;
  let proxy: Harness;
  const printed: unknown[] = [];
  const consoleError = console.error;

  before(async () => {
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    proxy = await startProxy(
      {
        server: { maxBodyBytes: 64 * 1024 },
        vendors: [{ name: 'glm', kind: 'zhipu', baseUrl: vendor.url, apiKey: 'k-glm' }],
        nativeApi: { openai: { enabled: false } },
      },
      { ledger: true },
    );
    console.error = (...args: unknown[]) => printed.push(args);
  });
  after(async () => {
    console.error = consoleError;
    await proxy.close();
    await vendor.close();
  });

  it('answers each malformed shape with a quiet 400 invalid_request_error naming the field', async () => {
    for (const [label, body, message] of MALFORMED) {
      for (const path of ['/v1/messages', '/v1/messages/count_tokens']) {
        const response = await fetch(`${proxy.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as { type: string; error: { type: string; message: string } };
        assert.equal(response.status, 400, `${label} on ${path}: ${JSON.stringify(answer)}`);
        assert.equal(answer.type, 'error');
        assert.equal(answer.error.type, 'invalid_request_error', label);
        assert.match(answer.error.message, message, label);
      }
    }
    assert.equal(vendor.requests.length, 0, 'no vendor was asked');
    assert.deepEqual(printed, [], 'nothing printed: no stack trace');
  });

  it('serves what Claude Code and the SDK send, odd-but-valid shapes included', async () => {
    vendor.script([
      { kind: 'sse', chunks: anthropicStream('recorded ok') },
      { kind: 'sse', chunks: anthropicStream('streamed ok') },
    ]);
    const recorded = await postMessages(proxy.url, RECORDED_CLAUDE_CODE);
    assert.equal(recorded.status, 200, recorded.text.slice(0, 300));
    assert.equal(textOf(parseEvents(recorded.text)), 'recorded ok');
    const turn = await postMessages(proxy.url, CLAUDE_CODE_TURN);
    assert.equal(turn.status, 200, turn.text.slice(0, 300));
    assert.equal(textOf(parseEvents(turn.text)), 'streamed ok');
    vendor.script([{ kind: 'json', body: anthropicMessage('sdk ok') }]);
    const sdk = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-sdk', maxRetries: 0 });
    const message = await sdk.messages.create({
      ...base,
      system: 'terse',
      tools: [{ name: 't', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 't' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    assert.equal(message.content[0]?.type, 'text');
    // null for an optional field counts as absent, and an empty content list is the vendor's to judge.
    vendor.script([{ kind: 'json', body: anthropicMessage('nulls ok') }]);
    const nulls = await postMessages(proxy.url, {
      ...user([]),
      messages: [
        { role: 'user', content: [] },
        { role: 'user', content: 'hi' },
      ],
      system: null,
      tools: null,
      tool_choice: null,
      metadata: null,
      stream: null,
    });
    assert.equal(nulls.status, 200, nulls.text);
    assert.deepEqual(printed, []);
  });

  it('records every request refused at the edge with the status its client got; refused web pages are not', async () => {
    const since = Date.now();
    const expected: Array<[number, string]> = [];
    const send = async (status: number, body: string | object, headers: Record<string, string> = {}) => {
      const answer = await postMessages(proxy.url, body, headers);
      assert.equal(answer.status, status, answer.text.slice(0, 200));
      expected.push([status, (answer.json() as { error: { type: string } }).error.type]);
    };
    await send(400, '{"model": ');
    await send(400, { max_tokens: 5, messages: [] });
    await send(400, user(5));
    await send(413, user('x'.repeat(70 * 1024)));
    await send(415, BASIC_REQUEST, { 'content-type': 'text/plain' });
    await send(400, `{"model":"claude-sonnet-4-5","messages":[],"x":${'['.repeat(600)}${']'.repeat(600)}}`);
    // A switched-off passthrough provider answers 404, and the request log keeps it.
    const off = await fetch(`${proxy.url}/api/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":"gpt-x","messages":[]}',
    });
    assert.equal(off.status, 404);
    // Refused web pages are attacks, not clients: answered 403, never recorded.
    const page = await postMessages(proxy.url, BASIC_REQUEST, { origin: 'http://127.0.0.1:1' });
    assert.equal(page.status, 403);

    const rows = await requestLog(proxy, expected.length + 1, since);
    const passthrough = rows.find((row) => row.clientCategory === 'api');
    assert.equal(passthrough?.status, 404);
    assert.equal(passthrough?.success, false);
    const edge = rows.filter((row) => row.clientCategory === 'cc');
    const pairs = (list: Array<[number | null, string | null]>) => list.map((pair) => pair.join(' ')).sort();
    assert.deepEqual(pairs(edge.map((row) => [row.status, row.errorType])), pairs(expected));
    for (const row of edge) {
      assert.equal(row.success, false);
      assert.equal(row.servedBy, null);
      assert.ok(row.errorMessage, 'the message the client got is kept');
    }
    const shaped = edge.find((row) => /^messages\.0\.content/.test(row.errorMessage ?? ''));
    assert.equal(shaped?.modelRequested, 'claude-sonnet-4-5', 'what is known of the body is kept');
    assert.ok(rows.every((row) => row.status !== 403));
  });

  it('parses Host strictly: userinfo, paths and stray colons are not hosts', async () => {
    const port = new URL(proxy.url).port;
    for (const host of [
      'localhost:80@evil.com',
      `127.0.0.1:${port}@evil.com`,
      'localhost/evil',
      'localhost:80:80',
      'evil.com#localhost',
      'localhost:999999',
      '[::1',
      '',
    ]) {
      const answer = await rawGet(proxy.url, host);
      assert.equal(answer.status, 400, `${host}: ${answer.body}`);
      assert.match(answer.body, /Malformed Host header/);
    }
    assert.equal((await rawGet(proxy.url, 'evil.com:80')).status, 403);
    for (const host of [`localhost:${port}`, 'LOCALHOST', `127.0.0.1:${port}`, `[::1]:${port}`, '127.0.0.1:'])
      assert.equal((await rawGet(proxy.url, host)).status, 200, host);
  });

  it('refuses control bodies nested too deeply with a 400, not a 500', async () => {
    const modelMapBefore = proxy.core.context.config.vendors[0]?.modelMap;
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const response = await controlFetch(proxy, '/api/saveVendor', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"vendor":{"name":"glm","kind":"zhipu","modelMap":${deep}}}`,
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request');
    assert.match(body.error.message, /nests deeper than 512 levels/);
    assert.deepEqual(proxy.core.context.config.vendors[0]?.modelMap, modelMapBefore, 'nothing saved');
    assert.deepEqual(printed, []);
  });
});
