// The clients our users run, against the real proxy: the Claude Code CLI and the Anthropic SDK.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { anthropicErrorBody, anthropicStream, startFakeVendor } from '../support/fake-vendor.ts';
import { CLAUDE, claudeEnv, run } from '../support/claude-cli.ts';
import { startProxy } from '../support/proxy-harness.ts';

function openAiChunks(text: string): string[] {
  const chunk = (delta: object, finish: string | null = null, usage: object | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', model: 'gpt-test', choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], usage })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }),
    ...text.split(' ').map((word, i) => chunk({ content: i ? ` ${word}` : word })),
    chunk({}, 'stop'),
    chunk({}, null, { prompt_tokens: 20, completion_tokens: 5 }),
    'data: [DONE]\n\n',
  ];
}

describe('real clients through the proxy', () => {
  it('Claude Code (`claude -p`) gets its answer from the second tier when the first is overloaded', async () => {
    const overloaded = await startFakeVendor([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    const healthy = await startFakeVendor([
      { kind: 'sse', chunks: anthropicStream('Hi from the backup tier', { deltas: 5 }) },
    ]);
    const proxy = await startProxy({
      vendors: [
        { name: 'anthropic', kind: 'anthropic', baseUrl: overloaded.url },
        { name: 'glm', kind: 'zhipu', baseUrl: healthy.url, apiKey: 'glm-key' },
      ],
    });
    const home = mkdtempSync(join(tmpdir(), 'cp-claude-home-'));
    try {
      const { code, output } = await run(CLAUDE, ['-p', 'say hi'], claudeEnv(home, proxy.url));
      assert.equal(code, 0, output);
      assert.match(output, /Hi from the backup tier/);
      const main = healthy.requests.find(
        (r) => (r.json as { stream?: boolean } | undefined)?.stream === true,
      );
      assert.ok(main, 'Claude Code streamed through the proxy');
      // Zhipu documents Bearer: the tier's key goes there and the client's x-api-key never travels.
      assert.equal(main.headers.authorization, 'Bearer glm-key', 'the tier key reaches the third-party tier');
      assert.equal(main.headers['x-api-key'], undefined, 'the client key never reaches the third-party tier');
      assert.ok(
        ((main.json as { tools?: unknown[] }).tools?.length ?? 0) > 5,
        'its real tool schemas travelled',
      );
      assert.ok(proxy.records.some((r) => r.vendor === 'glm' && r.success && r.failoverFrom === 'anthropic'));
    } finally {
      await proxy.close();
      await overloaded.close();
      await healthy.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the Anthropic SDK reads a stream converted from an OpenAI-compatible tier without error', async () => {
    const openai = await startFakeVendor([{ kind: 'sse', chunks: openAiChunks('converted stream works') }]);
    const proxy = await startProxy({
      vendors: [
        {
          name: 'local',
          kind: 'openai-compatible',
          baseUrl: `${openai.url}/v1`,
          modelMap: [{ match: 'claude-*', to: 'gpt-test' }],
        },
      ],
    });
    try {
      const client = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-sdk', maxRetries: 0 });
      const stream = client.messages.stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hi' }],
      });
      const message = await stream.finalMessage();
      assert.deepEqual(
        message.content,
        [{ type: 'text', text: 'converted stream works', citations: null }].map(
          ({ citations: _c, ...b }) => b,
        ),
      );
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.output_tokens, 5);
      assert.equal(openai.requests[0]?.url, '/v1/chat/completions');
      assert.equal(openai.requests[0]?.headers.authorization, undefined, 'no key configured, none sent');
    } finally {
      await proxy.close();
      await openai.close();
    }
  });

  it('Claude Code runs a tool round trip through an OpenAI-compatible tier (tool call → Read → tool result → answer)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cp-claude-tools-'));
    const file = join(home, 'note.txt');
    writeFileSync(file, 'the secret word is pelican');
    const sse = (res: import('node:http').ServerResponse, chunks: object[]) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      res.end('data: [DONE]\n\n');
    };
    const choice = (delta: object, finish: string | null = null) => ({
      id: 'c1',
      model: 'gpt-test',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const openai = await startFakeVendor([
      {
        kind: 'custom',
        handle: (req, res) => {
          const messages = (
            req.json as { messages: Array<{ role: string; content?: unknown; tool_call_id?: string }> }
          ).messages;
          const toolResult = messages.find((m) => m.role === 'tool');
          if (!toolResult) {
            sse(res, [
              choice({
                role: 'assistant',
                tool_calls: [
                  {
                    index: 0,
                    id: 'call_read_1',
                    type: 'function',
                    function: { name: 'Read', arguments: '' },
                  },
                ],
              }),
              choice({
                tool_calls: [{ index: 0, function: { arguments: JSON.stringify({ file_path: file }) } }],
              }),
              choice({}, 'tool_calls'),
            ]);
            return;
          }
          const seen = JSON.stringify(toolResult.content);
          const word = /pelican/.test(seen) ? 'pelican' : 'nothing';
          sse(res, [choice({ role: 'assistant', content: `The word is ${word}.` }), choice({}, 'stop')]);
        },
      },
    ]);
    const proxy = await startProxy({
      vendors: [
        {
          name: 'local',
          kind: 'openai-compatible',
          baseUrl: `${openai.url}/v1`,
          modelMap: [{ match: '/.*/', to: 'gpt-test' }],
        },
      ],
    });
    try {
      const { code, output } = await run(
        CLAUDE,
        ['-p', 'What is the secret word in note.txt?', '--allowedTools', 'Read'],
        claudeEnv(home, proxy.url),
      );
      assert.equal(code, 0, output);
      assert.match(output, /The word is pelican\./);
      const withResult = openai.requests.find((r) =>
        (r.json as { messages: Array<{ role: string }> }).messages.some((m) => m.role === 'tool'),
      );
      assert.ok(withResult, 'the tool result came back through the proxy as an OpenAI tool message');
      const tools = (withResult.json as { tools?: Array<{ function: { name: string } }> }).tools ?? [];
      assert.ok(
        tools.some((t) => t.function.name === 'Read'),
        'Claude Code tool schemas were converted',
      );
    } finally {
      await proxy.close();
      await openai.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
