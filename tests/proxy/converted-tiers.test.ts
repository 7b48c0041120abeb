// Copilot and Gemini tiers through the real proxy, against fake GitHub/Copilot and Gemini servers.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { assertValidAnthropicStream } from '../../src-main/core/vendors/anthropic-sequence.ts';
import type { StreamEvent } from '../../src-shared/anthropic.ts';
import {
  type ReceivedRequest,
  anthropicErrorBody,
  anthropicMessage,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages, startProxy } from '../support/proxy-harness.ts';

type ChatAnswer = (req: ReceivedRequest, res: ServerResponse) => void;

function sse(res: ServerResponse, chunks: object[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  res.end('data: [DONE]\n\n');
}

const chunk = (delta: object, finish: string | null = null) => ({
  id: 'chatcmpl-1',
  model: 'claude-sonnet-4.5',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usageChunk = {
  id: 'chatcmpl-1',
  model: 'claude-sonnet-4.5',
  choices: [],
  usage: { prompt_tokens: 30, completion_tokens: 9 },
};

/** A fake GitHub token endpoint and Copilot API in one server; `answers` script /chat/completions in order. */
async function startFakeCopilot(answers: ChatAnswer[]) {
  let chat = 0;
  let tokenCount = 0;
  let tokenStatus = 200;
  const api = await startFakeVendor([
    {
      kind: 'custom',
      handle: (req, res) => {
        if (req.url.startsWith('/copilot_internal/v2/token')) {
          tokenCount++;
          if (tokenStatus !== 200) {
            res
              .writeHead(tokenStatus, { 'content-type': 'application/json' })
              .end('{"message":"Bad credentials"}');
            return;
          }
          const body = {
            token: `copilot-token-${tokenCount}`,
            expires_at: Math.floor(Date.now() / 1000) + 1800,
            refresh_in: 1500,
            endpoints: { api: api.url },
          };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          return;
        }
        if (req.url === '/models') {
          const data = [{ id: 'claude-sonnet-4.5', vendor: 'Anthropic' }, { id: 'gpt-5' }];
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
          return;
        }
        const answer = answers[Math.min(chat++, answers.length - 1)]!;
        answer(req, res);
      },
    },
  ]);
  return {
    api,
    chatRequests: () => api.requests.filter((r) => r.url === '/chat/completions'),
    tokenRequests: () => api.requests.filter((r) => r.url.startsWith('/copilot_internal')),
    revokeGithubToken: () => {
      tokenStatus = 401;
    },
  };
}

const textAnswer: ChatAnswer = (req, res) => {
  const stream = (req.json as { stream?: boolean }).stream;
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-1',
        model: 'claude-sonnet-4.5',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Hello from Copilot' }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 30, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 10 } },
      }),
    );
    return;
  }
  sse(res, [
    chunk({ role: 'assistant', content: 'Hello ' }),
    chunk({ content: 'from Copilot' }),
    chunk({}, 'stop'),
    usageChunk,
  ]);
};

const toolAnswer: ChatAnswer = (_req, res) =>
  sse(res, [
    chunk({
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '' } }],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"file_pa' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: 'th":"/tmp/a.txt"}' } }] }),
    chunk({}, 'tool_calls'),
    usageChunk,
  ]);

const copilotVendor = (url: string) => ({
  name: 'copilot',
  kind: 'copilot' as const,
  githubToken: 'gho_test_github_token',
  tokenUrl: `${url}/copilot_internal/v2/token`,
});

describe('Copilot tier', () => {
  it('exchanges the GitHub token once and answers text, non-stream and stream', async () => {
    const copilot = await startFakeCopilot([textAnswer]);
    const proxy = await startProxy({ vendors: [copilotVendor(copilot.api.url)] });
    const whole = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(whole.status, 200, whole.text);
    const message = whole.json() as {
      content: unknown;
      usage: { input_tokens: number; cache_read_input_tokens: number };
    };
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from Copilot' }]);
    assert.equal(message.usage.input_tokens, 20);
    assert.equal(message.usage.cache_read_input_tokens, 10);

    const streamed = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    const events = parseEvents(streamed.text);
    assertValidAnthropicStream(events.map((e) => e.data as StreamEvent));
    assert.equal(copilot.tokenRequests().length, 1, 'the Copilot token is cached');
    assert.equal(copilot.tokenRequests()[0]?.headers.authorization, 'token gho_test_github_token');
    const sent = copilot.chatRequests()[0]!;
    assert.equal(sent.headers.authorization, 'Bearer copilot-token-1');
    assert.ok(sent.headers['editor-version'] && sent.headers['copilot-integration-id']);
    assert.equal((sent.json as { model: string }).model, 'claude-sonnet-4.5');
    assert.doesNotMatch(JSON.stringify(sent.headers), /sk-ant-/);
    assert.equal(proxy.records.at(-1)?.inputTokens, 30);
    await proxy.close();
    await copilot.api.close();
  });

  it('streams a tool call with argument fragments, then sends the tool result back as a tool message', async () => {
    const copilot = await startFakeCopilot([toolAnswer, textAnswer]);
    const proxy = await startProxy({ vendors: [copilotVendor(copilot.api.url)] });
    const first = parseEvents((await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true })).text);
    assertValidAnthropicStream(first.map((e) => e.data as StreamEvent));
    const start = first.find((e) => e.event === 'content_block_start')!.data.content_block as {
      type: string;
      id: string;
      name: string;
    };
    assert.equal(start.type, 'tool_use');
    assert.equal(start.name, 'Read');
    const json = first
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (e.data.delta as { partial_json?: string }).partial_json ?? '')
      .join('');
    assert.deepEqual(JSON.parse(json), { file_path: '/tmp/a.txt' });
    assert.equal(
      (first.find((e) => e.event === 'message_delta')!.data.delta as { stop_reason: string }).stop_reason,
      'tool_use',
    );

    await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      messages: [
        { role: 'user', content: 'read it' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: start.id, name: 'Read', input: { file_path: '/tmp/a.txt' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: start.id, content: 'file body' },
            { type: 'text', text: 'thanks' },
          ],
        },
      ],
    });
    const messages = (
      copilot.chatRequests()[1]!.json as {
        messages: Array<{ role: string; tool_call_id?: string; content?: unknown }>;
      }
    ).messages;
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'tool', 'user'],
    );
    assert.equal(messages[2]?.tool_call_id, start.id);
    await proxy.close();
    await copilot.api.close();
  });

  it('takes over mid-conversation from an overloaded Anthropic tier, without the foreign thinking blocks', async () => {
    const anthropic = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const copilot = await startFakeCopilot([textAnswer]);
    const proxy = await startProxy({
      vendors: [
        { name: 'anthropic', kind: 'anthropic', baseUrl: anthropic.url },
        copilotVendor(copilot.api.url),
      ],
    });
    const response = await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      messages: [
        { role: 'user', content: 'q1' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'private reasoning', signature: 'EqQBCkYIBxgCKkA' },
            { type: 'text', text: 'a1' },
          ],
        },
        { role: 'user', content: 'q2' },
      ],
    });
    assert.equal(response.status, 200);
    const sent = JSON.stringify(copilot.chatRequests()[0]!.json);
    assert.doesNotMatch(sent, /private reasoning|EqQBCkYIBxgCKkA/);
    assert.match(sent, /a1/);
    assert.equal(proxy.records.at(-1)?.failoverFrom, 'anthropic');
    await proxy.close();
    await copilot.api.close();
    await anthropic.close();
  });

  it('fails over on a Copilot 429 and counts it against the breaker', async () => {
    const copilot = await startFakeCopilot([
      (_req, res) =>
        res
          .writeHead(429, { 'content-type': 'application/json' })
          .end('{"error":{"message":"rate limited","code":"rate_limited"}}'),
    ]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup answer') }]);
    const proxy = await startProxy({
      vendors: [
        copilotVendor(copilot.api.url),
        { name: 'glm', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
    const response = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(response.text, /backup answer/);
    assert.equal(proxy.core.context.router.chain.status('copilot').circuit.failures, 1);
    await proxy.close();
    await copilot.api.close();
    await backup.close();
  });

  it('on 401 refreshes the Copilot token and retries; a revoked GitHub token shows "sign in again" instead of spinning the breaker', async () => {
    const unauthorized: ChatAnswer = (_req, res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"token expired"}}');
    const copilot = await startFakeCopilot([unauthorized, textAnswer, unauthorized]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup answer') }]);
    const proxy = await startProxy({
      vendors: [
        copilotVendor(copilot.api.url),
        { name: 'glm', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
      ],
    });

    const refreshed = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(refreshed.text, /Hello from Copilot/);
    assert.equal(copilot.tokenRequests().length, 2, 'a new Copilot token was exchanged after the 401');
    assert.equal(copilot.chatRequests()[1]?.headers.authorization, 'Bearer copilot-token-2');

    copilot.revokeGithubToken();
    const revoked = await postMessages(proxy.url, BASIC_REQUEST);
    assert.match(revoked.text, /backup answer/);
    const status = proxy.core.context.router.chain.status('copilot');
    assert.match(status.signInNeeded ?? '', /auth login copilot/);
    assert.equal(status.circuit.state, 'closed', 'credentials problems do not open the breaker');
    const chatCalls = copilot.chatRequests().length;
    await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(
      copilot.chatRequests().length,
      chatCalls,
      'the tier is skipped until the user signs in again',
    );
    await proxy.close();
    await copilot.api.close();
    await backup.close();
  });
});

describe('Gemini tier', () => {
  const geminiChunks = [
    {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Let me look.' }] } }],
      modelVersion: 'gemini-2.5-pro',
      responseId: 'r1',
    },
    {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              {
                functionCall: { name: 'Read', args: { file_path: '/tmp/b.txt' } },
                thoughtSignature: 'c2lnbmF0dXJl',
              },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 12, cachedContentTokenCount: 8 },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'r1',
    },
  ];

  it('streams text and a function call from the key path, and hands the conversation to the next tier when Gemini is exhausted', async () => {
    const gemini = await startFakeVendor([
      {
        kind: 'sse',
        chunks: geminiChunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`),
      },
      {
        kind: 'json',
        status: 429,
        body: {
          error: {
            code: 429,
            status: 'RESOURCE_EXHAUSTED',
            message: 'Quota exceeded',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '42s' }],
          },
        },
      },
    ]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup took over') }]);
    const proxy = await startProxy({
      vendors: [
        { name: 'gemini', kind: 'gemini', baseUrl: gemini.url, apiKey: 'AIza-test' },
        { name: 'glm', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
    const events = parseEvents((await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true })).text);
    assertValidAnthropicStream(events.map((e) => e.data as StreamEvent));
    const blocks = events
      .filter((e) => e.event === 'content_block_start')
      .map((e) => (e.data.content_block as { type: string }).type);
    assert.ok(blocks.includes('text') && blocks.includes('tool_use'), `blocks: ${blocks.join(',')}`);
    assert.equal(gemini.requests[0]?.url, '/models/gemini-3.8-flash:streamGenerateContent?alt=sse');
    assert.equal(gemini.requests[0]?.headers['x-goog-api-key'], 'AIza-test');
    assert.equal(gemini.requests[0]?.headers['x-api-key'], undefined);

    // Replay the conversation as Claude Code would (with Gemini's blocks), now that Gemini is exhausted.
    const assistant = { role: 'assistant', content: [] as unknown[] };
    for (const e of events) {
      if (e.event === 'content_block_start') assistant.content.push(e.data.content_block);
    }
    const toolUse = assistant.content.find((b) => (b as { type: string }).type === 'tool_use') as {
      id: string;
    };
    const followUp = await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      messages: [
        { role: 'user', content: 'read b' },
        assistant,
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'b body' }] },
      ],
    });
    assert.match(followUp.text, /backup took over/);
    const circuit = proxy.core.context.router.chain.status('gemini').circuit;
    assert.equal(circuit.state, 'open', 'RESOURCE_EXHAUSTED with retry info opens the breaker at once');
    const sentToBackup = JSON.stringify(backup.requests[0]!.json);
    assert.doesNotMatch(sentToBackup, /gemini-thought-signature/);
    assert.match(sentToBackup, new RegExp(toolUse.id));
    await proxy.close();
    await gemini.close();
    await backup.close();
  });

  it('takes over a conversation from an overloaded Anthropic tier: tool history becomes function calls and responses, Anthropic thinking is dropped', async () => {
    const anthropic = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const gemini = await startFakeVendor([
      {
        kind: 'json',
        body: {
          candidates: [
            { content: { role: 'model', parts: [{ text: 'The file says hello.' }] }, finishReason: 'STOP' },
          ],
          usageMetadata: { promptTokenCount: 50, candidatesTokenCount: 6 },
          modelVersion: 'gemini-2.5-pro',
        },
      },
    ]);
    const proxy = await startProxy({
      vendors: [
        { name: 'anthropic', kind: 'anthropic', baseUrl: anthropic.url },
        { name: 'gemini', kind: 'gemini', baseUrl: gemini.url, apiKey: 'AIza-test' },
      ],
    });
    const response = await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      tools: [
        {
          name: 'Read',
          input_schema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            additionalProperties: false,
            properties: { file_path: { type: 'string' } },
            required: ['file_path'],
          },
        },
      ],
      messages: [
        { role: 'user', content: 'read /tmp/c.txt' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'anthropic reasoning', signature: 'EqQBCkYIAnthropicSig' },
            { type: 'tool_use', id: 'toolu_01abc', name: 'Read', input: { file_path: '/tmp/c.txt' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01abc', content: 'hello' }] },
      ],
    });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual((response.json() as { content: unknown }).content, [
      { type: 'text', text: 'The file says hello.' },
    ]);
    const sent = gemini.requests[0]!.json as {
      contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
      tools: Array<{ functionDeclarations: Array<{ parameters: Record<string, unknown> }> }>;
    };
    assert.deepEqual(
      sent.contents.map((c) => c.role),
      ['user', 'model', 'user'],
    );
    const call = (
      sent.contents[1]!.parts.find((p) => 'functionCall' in p) as {
        functionCall: { name: string; args: unknown };
      }
    ).functionCall;
    assert.equal(call.name, 'Read');
    assert.deepEqual(call.args, { file_path: '/tmp/c.txt' });
    assert.equal(
      (sent.contents[2]!.parts[0] as { functionResponse: { name: string } }).functionResponse.name,
      'Read',
    );
    assert.doesNotMatch(
      JSON.stringify(sent),
      /anthropic reasoning|AnthropicSig|additionalProperties|\$schema/,
    );
    assert.equal(proxy.records.at(-1)?.failoverFrom, 'anthropic');
    await proxy.close();
    await anthropic.close();
    await gemini.close();
  });
});
