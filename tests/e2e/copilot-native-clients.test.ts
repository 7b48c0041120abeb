// The clients our users run — the Claude Code CLI and the Anthropic SDK — through a Copilot tier whose Claude model
// is served on Copilot's own /v1/messages (the fake Copilot of tests/vendors mirrors the real one; sources there).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { type Harness, startProxy } from '../support/proxy-harness.ts';
import { type FakeCopilot, startFakeCopilot } from '../vendors/fake-copilot.ts';
import { MESSAGES_TEXT, MESSAGES_THINKING } from '../vendors/fake-copilot-messages.ts';
import { eventually } from '../vendors/helpers.ts';

const CLAUDE = resolve(import.meta.dirname, '../../node_modules/.bin/claude');

let copilot: FakeCopilot;
let proxy: Harness;

function runClaude(home: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    ANTHROPIC_BASE_URL: proxy.url,
    ANTHROPIC_API_KEY: 'sk-ant-test-client-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
  return new Promise((done) => {
    const child = spawn(CLAUDE, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

before(async () => {
  copilot = await startFakeCopilot();
  proxy = await startProxy({
    vendors: [
      {
        name: 'copilot',
        kind: 'copilot',
        githubToken: 'ghu_signed_in_user',
        tokenUrl: `${copilot.url}/copilot_internal/v2/token`,
      },
    ],
  });
  const catalogue = proxy.core.context.router.chain.get('copilot')?.adapter.modelCatalogue;
  await eventually(() => catalogue?.snapshot().fetchedAt !== undefined, 'Copilot /models was read');
});
after(async () => {
  await proxy.close();
  await copilot.close();
});

describe('real clients on Copilot’s native Messages API', () => {
  it('Claude Code (`claude -p`) is answered by Claude on Copilot’s /v1/messages, its request accepted as Copilot checks it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cp-claude-copilot-'));
    try {
      const { code, output } = await runClaude(home, ['-p', 'say hi', '--model', 'claude-sonnet-4-6']);
      assert.equal(code, 0, output);
      assert.match(output, new RegExp(MESSAGES_TEXT));
      const main = copilot
        .calls('/v1/messages')
        .map((call) => ({ call, body: JSON.parse(call.body) as { stream?: boolean; tools?: unknown[] } }))
        .find(({ body }) => body.stream === true && (body.tools?.length ?? 0) > 5);
      assert.ok(main, 'Claude Code’s streamed request with its real tools reached /v1/messages');
      assert.equal(main.call.headers['x-api-key'], undefined, 'the client key never reaches GitHub');
      assert.equal(copilot.calls('/chat/completions').length, 0, 'nothing was converted');
      const served = proxy.records.filter((row) => row.vendor === 'copilot' && row.success);
      assert.ok(
        served.some((row) => row.modelServed === 'claude-sonnet-4.5'),
        JSON.stringify(served),
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the Anthropic SDK streams a thinking block whose signature survives the round trip back to Copilot', async () => {
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'sk-ant-sdk', maxRetries: 0 });
    const request = {
      model: 'claude-sonnet-4-6',
      max_tokens: 2000,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const first = await client.messages.stream(request).finalMessage();
    const thinking = first.content[0];
    assert.equal(thinking?.type, 'thinking');
    assert.equal(thinking.type === 'thinking' && thinking.thinking, MESSAGES_THINKING);
    const signature = thinking.type === 'thinking' ? thinking.signature : '';
    assert.match(signature, /^copilot-messages:v1:copilot-sig-\d+$/);
    assert.equal(first.usage.cache_read_input_tokens, 1200);

    const second = await client.messages
      .stream({
        ...request,
        messages: [
          ...request.messages,
          { role: 'assistant', content: first.content },
          { role: 'user', content: 'and again' },
        ],
      })
      .finalMessage();
    assert.equal(second.stop_reason, 'end_turn');
    const sent = JSON.parse(copilot.calls('/v1/messages').at(-1)?.body ?? '{}') as {
      messages: Array<{ content: Array<{ signature?: string }> }>;
    };
    assert.equal(
      `copilot-messages:v1:${sent.messages[1]?.content[0]?.signature}`,
      signature,
      'Copilot got back exactly the signature it minted',
    );
  });
});
