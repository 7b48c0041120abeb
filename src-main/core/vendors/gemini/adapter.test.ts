import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Message, MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { vendorSchema } from '../../../../src-shared/config-schema.ts';
import type { SseFrame } from '../../sse/sse-frame.ts';
import { SseParser } from '../../sse/sse-parser.ts';
import { assertValidAnthropicStream, collectMessage, eventsFromFrames } from '../anthropic-sequence.ts';
import type { PrepareContext, VendorAdapter } from '../vendor-adapter.ts';
import { createGeminiAdapter } from './adapter.ts';
import type { GeminiRequest } from './gemini-types.ts';

function prepareContext(stream: boolean): PrepareContext {
  return {
    stream,
    clientHeaders: { 'x-api-key': 'sk-ant-client' },
    query: '?beta=true',
    signal: new AbortController().signal,
  };
}

const bashTool = {
  name: 'Bash',
  description: 'Run a command',
  input_schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { command: { type: 'string' } },
    required: ['command'],
    additionalProperties: false,
  },
};

describe('createGeminiAdapter', () => {
  const adapter = createGeminiAdapter(
    vendorSchema.parse({
      name: 'gemini',
      kind: 'gemini',
      apiKey: 'AIza-test',
      modelMap: [{ match: 'claude-sonnet-*', to: 'gemini-2.5-flash' }],
    }),
  );

  it('maps Claude model names with user rules first, then the current defaults (no retired 2.5 model)', () => {
    assert.equal(adapter.mapModel('claude-sonnet-4-5'), 'gemini-2.5-flash');
    assert.equal(adapter.mapModel('claude-opus-4-1'), 'gemini-3.8-flash');
    assert.equal(adapter.mapModel('claude-3-5-haiku-20241022'), 'gemini-3.5-flash-lite');
    assert.equal(adapter.mapModel('gemini-2.0-flash'), 'gemini-2.0-flash');
  });

  it('prepares a streaming call with the API key header and never the client credential', async () => {
    const request: MessagesRequest = {
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    };
    const call = await adapter.prepare(request, prepareContext(true));
    assert.equal(
      call.url,
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse',
    );
    assert.equal(call.headers['x-goog-api-key'], 'AIza-test');
    assert.ok(!Object.values(call.headers).includes('sk-ant-client'));
    assert.equal(call.model, 'gemini-3.8-flash');
    assert.deepEqual((JSON.parse(call.body) as GeminiRequest).contents, [
      { role: 'user', parts: [{ text: 'hi' }] },
    ]);
  });

  it('prepares a non-streaming call to generateContent', async () => {
    const call = await adapter.prepare(
      { model: 'claude-opus-4-1', messages: [{ role: 'user', content: 'hi' }] },
      prepareContext(false),
    );
    assert.match(call.url, /\/models\/gemini-3\.8-flash:generateContent$/);
  });

  it('reports a missing API key as a credential problem and refuses to prepare', async () => {
    const keyless = createGeminiAdapter(vendorSchema.parse({ name: 'g', kind: 'gemini' }));
    assert.match(keyless.credentialProblem?.() ?? '', /apiKey/);
    await assert.rejects(keyless.prepare({ model: 'x', messages: [] }, prepareContext(false)), {
      kind: 'auth',
    });
  });

  it('reads Google errors', () => {
    const error = adapter.readError?.(
      429,
      JSON.stringify({ error: { status: 'RESOURCE_EXHAUSTED', message: 'q' } }),
      {},
    );
    assert.equal(error?.kind === 'http' && error.type, 'rate_limit_error');
  });
});

describe('a Gemini tool loop through a fake Gemini server', () => {
  let server: Server;
  let adapter: VendorAdapter;
  const received: GeminiRequest[] = [];
  const answers = [
    [
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                {
                  functionCall: { name: 'Bash', args: { command: 'ls' } },
                  thoughtSignature: 'SIG-FROM-GEMINI',
                },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5 },
        responseId: 'turn-1',
      },
    ],
    [
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Two files.' }] } }], responseId: 'turn-2' },
      { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP' }], responseId: 'turn-2' },
    ],
  ];

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  before(async () => {
    server = createServer(async (request, response) => {
      received.push(JSON.parse(await readBody(request)) as GeminiRequest);
      assert.equal(request.headers['x-goog-api-key'], 'AIza-test');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of answers[received.length - 1] ?? [])
        response.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
      response.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    adapter = createGeminiAdapter(
      vendorSchema.parse({
        name: 'gemini',
        kind: 'gemini',
        apiKey: 'AIza-test',
        baseUrl: `http://127.0.0.1:${port}/v1beta`,
      }),
    );
  });

  after(() => server.close());

  async function turn(request: MessagesRequest) {
    const call = await adapter.prepare(request, prepareContext(true));
    const response = await fetch(call.url, { method: 'POST', headers: call.headers, body: call.body });
    const parser = new SseParser();
    const translator = adapter.createStreamTranslator({
      requestedModel: request.model,
      upstreamModel: call.model,
      request,
    });
    const frames: SseFrame[] = [];
    for await (const chunk of response.body ?? []) {
      for (const frame of parser.push(chunk as Uint8Array)) frames.push(...translator.push(frame));
    }
    for (const frame of parser.end()) frames.push(...translator.push(frame));
    frames.push(...translator.end());
    const events = eventsFromFrames(frames);
    assertValidAnthropicStream(events);
    const message = collectMessage(events);
    assert.ok(message);
    return message;
  }

  it('sends the thought signature back with the call and names the function in its response', async () => {
    const messages: Message[] = [{ role: 'user', content: 'What is here?' }];
    const request: MessagesRequest = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1000,
      stream: true,
      messages,
      tools: [bashTool],
    };
    const first = await turn(request);
    assert.equal(first.stop_reason, 'tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use') as { id: string };
    // Claude Code appends the assistant content as it received it, then the tool result.
    messages.push({ role: 'assistant', content: first.content });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'a\nb' }],
    });
    const second = await turn({ ...request, messages });
    assert.deepEqual(second.content, [{ type: 'text', text: 'Two files.' }]);
    assert.deepEqual(received[1]?.contents.slice(1), [
      {
        role: 'model',
        parts: [
          {
            functionCall: { id: toolUse.id, name: 'Bash', args: { command: 'ls' } },
            thoughtSignature: 'SIG-FROM-GEMINI',
          },
        ],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { id: toolUse.id, name: 'Bash', response: { result: 'a\nb' } } }],
      },
    ]);
    assert.deepEqual(received[0]?.tools?.[0]?.functionDeclarations[0]?.parameters, {
      type: 'OBJECT',
      properties: { command: { type: 'STRING' } },
      required: ['command'],
    });
  });
});
