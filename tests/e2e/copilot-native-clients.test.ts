// The clients our users run — the Claude Code CLI and the Anthropic SDK — through a Copilot tier whose Claude model
// is served on Copilot's own /v1/messages (the fake Copilot of tests/vendors mirrors the real one; sources there).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { CLAUDE, claudeEnv, run } from '../support/claude-cli.ts';
import { type Harness, startProxy } from '../support/proxy-harness.ts';
import { copilotTierFor, type FakeCopilot, startFakeCopilot } from '../vendors/fake-copilot.ts';
import { MESSAGES_TEXT, MESSAGES_THINKING } from '../vendors/fake-copilot-messages.ts';
import { eventually } from '../vendors/helpers.ts';

let copilot: FakeCopilot;
let proxy: Harness;

before(async () => {
  copilot = await startFakeCopilot();
  proxy = await startProxy({
    vendors: [copilotTierFor(copilot)],
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
      const { code, output } = await run(
        CLAUDE,
        ['-p', 'say hi', '--model', 'claude-sonnet-4-6'],
        claudeEnv(home, proxy.url),
      );
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
