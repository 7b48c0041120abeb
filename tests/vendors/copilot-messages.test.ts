// Claude on GitHub Copilot's own Anthropic Messages endpoint, black-box: the real proxy on 127.0.0.1 in front of a
// fake Copilot that behaves as the real one does today (fake-copilot.ts, fake-copilot-messages.ts: sources there).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { MessagesResponse, StreamEvent } from '../../src-shared/anthropic.ts';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import {
  assertValidAnthropicStream,
  collectMessage,
} from '../../src-main/core/vendors/anthropic-sequence.ts';
import type { FakeVendor } from '../support/fake-vendor.ts';
import {
  controlFetch,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';
import { copilotTierFor, type FakeCopilot, startFakeCopilot } from './fake-copilot.ts';
import { MESSAGES_TEXT, MESSAGES_THINKING } from './fake-copilot-messages.ts';
import { BACKUP_TEXT, backupVendor, eventually, startBackup } from './helpers.ts';

let copilot: FakeCopilot;
let backup: FakeVendor;
let proxy: Harness | undefined;

const MARK = 'copilot-messages:v1:';
const THINKING_REQUEST = {
  model: 'claude-sonnet-4-5-20250929',
  max_tokens: 2000,
  thinking: { type: 'enabled', budget_tokens: 1024 },
  messages: [{ role: 'user', content: 'hi' }],
};

const copilotTier = (extra: Partial<VendorConfigInput> = {}) => copilotTierFor(copilot, extra);

/** The proxy with a Copilot tier (whose `/models` has been read) and a healthy backup behind it. */
async function start(vendor: VendorConfigInput = copilotTier()): Promise<Harness> {
  proxy = await startProxy({ vendors: [vendor, backupVendor(backup.url)] }, { ledger: true });
  const catalogue = proxy.core.context.router.chain.get('copilot')?.adapter.modelCatalogue;
  await eventually(() => catalogue?.snapshot().fetchedAt !== undefined, 'Copilot /models was read');
  return proxy;
}

const sentBody = (index = 0) =>
  JSON.parse(copilot.calls('/v1/messages')[index]?.body ?? '{}') as Record<string, unknown>;

before(async () => {
  copilot = await startFakeCopilot();
  backup = await startBackup();
});
after(async () => {
  await proxy?.close();
  await copilot.close();
  await backup.close();
});
beforeEach(async () => {
  await proxy?.close();
  proxy = undefined;
  copilot.seen.length = 0;
  copilot.minted.clear();
  backup.requests.length = 0;
  copilot.outOfQuota = false;
  copilot.rateLimited = false;
});

describe('Claude on Copilot’s native /v1/messages', () => {
  it('streams unconverted: thinking with its signature, Copilot headers, refused fields and betas removed, ledger row with cache tokens', async () => {
    const harness = await start();
    const answer = await postMessages(
      harness.url,
      {
        ...THINKING_REQUEST,
        stream: true,
        cache_control: { type: 'ephemeral' },
        context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
        system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral', scope: 'global' } }],
      },
      {
        'anthropic-beta':
          'claude-code-20250219,interleaved-thinking-2025-05-14,advisor-tool-2026-03-01,context-management-2025-06-27',
      },
    );
    assert.equal(answer.status, 200, answer.text);
    const events = parseEvents(answer.text).map((event) => event.data as StreamEvent);
    assertValidAnthropicStream(events);
    const message = collectMessage(events);
    assert.deepEqual(message?.content, [
      { type: 'thinking', thinking: MESSAGES_THINKING, signature: `${MARK}copilot-sig-1` },
      { type: 'text', text: MESSAGES_TEXT },
    ]);
    assert.equal(copilot.calls('/chat/completions').length, 0, 'never converted');

    const call = copilot.calls('/v1/messages')[0];
    assert.equal(call?.headers.authorization, 'Bearer tid=fake;gen=1;exp=9999999999;sku=copilot_pro');
    assert.equal(call?.headers['copilot-integration-id'], 'vscode-chat');
    assert.equal(call?.headers['x-initiator'], 'user');
    assert.equal(call?.headers['anthropic-version'], '2023-06-01');
    assert.equal(
      call?.headers['anthropic-beta'],
      'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27',
    );
    assert.equal(call?.headers['x-api-key'], undefined, 'the client’s Anthropic key never reaches GitHub');
    const body = sentBody();
    assert.equal(body.model, 'claude-sonnet-4.5');
    assert.equal(body.cache_control, undefined);
    assert.deepEqual(body.system, [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(body.context_management, { edits: [{ type: 'clear_thinking_20251015' }] });

    const row = harness.records.at(-1);
    assert.equal(row?.vendor, 'copilot');
    assert.equal(row?.modelServed, 'claude-sonnet-4.5');
    assert.deepEqual(
      [row?.inputTokens, row?.outputTokens, row?.cacheCreationTokens, row?.cacheReadTokens],
      [42, 17, 7, 1200],
    );
  });

  it('answers whole JSON, and Copilot’s own thinking goes back to it intact on the next (tool_result) turn', async () => {
    const harness = await start();
    const first = (await postMessages(harness.url, THINKING_REQUEST)).json() as MessagesResponse;
    const thinking = first.content[0] as { signature: string };
    assert.equal(thinking.signature, `${MARK}copilot-sig-1`);
    assert.equal((first.content[1] as { text: string }).text, MESSAGES_TEXT);

    const second = await postMessages(harness.url, {
      ...THINKING_REQUEST,
      messages: [
        { role: 'user', content: 'read it' },
        {
          role: 'assistant',
          content: [thinking, { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'text' }] },
      ],
    });
    assert.equal(second.status, 200, second.text);
    const history = sentBody(1).messages as Array<{ content: Array<{ signature?: string }> }>;
    assert.equal(history[1]?.content[0]?.signature, 'copilot-sig-1', 'Copilot’s own signature, unmarked');
    assert.equal(
      copilot.calls('/v1/messages')[1]?.headers['x-initiator'],
      'agent',
      'a tool loop is not billed',
    );
    // No client betas and budgeted thinking: Copilot Chat's interleaved-thinking beta.
    assert.equal(
      copilot.calls('/v1/messages')[1]?.headers['anthropic-beta'],
      'interleaved-thinking-2025-05-14',
    );
  });

  it('drops context_management without its beta, and thinking another vendor signed', async () => {
    const harness = await start();
    const answer = await postMessages(harness.url, {
      ...THINKING_REQUEST,
      context_management: { edits: [] },
      messages: [
        { role: 'user', content: 'one' },
        {
          role: 'assistant',
          content: [{ type: 'thinking', thinking: 'elsewhere', signature: 'EqQBanthropic' }],
        },
        { role: 'user', content: 'two' },
      ],
    });
    assert.equal(answer.status, 200, answer.text);
    const body = sentBody();
    assert.equal(body.context_management, undefined);
    assert.deepEqual((body.messages as Array<{ content: unknown }>)[1]?.content, [
      { type: 'text', text: '[thinking]' },
    ]);
  });

  it('a model whose /models entry lacks /v1/messages still goes through chat completions, as does Claude with nativeMessages: false', async () => {
    let harness = await start(copilotTier({ modelMap: [{ match: 'claude-*', to: 'gemini-2.5-pro' }] }));
    let answer = await postMessages(harness.url, { ...THINKING_REQUEST, stream: true });
    assert.match(answer.text, /copilot chat answered/);
    assert.equal(copilot.calls('/v1/messages').length, 0);
    assert.equal(JSON.parse(copilot.calls('/chat/completions')[0]?.body ?? '{}').model, 'gemini-2.5-pro');

    await harness.close();
    copilot.seen.length = 0;
    harness = await start(copilotTier({ nativeMessages: false }));
    answer = await postMessages(harness.url, { ...THINKING_REQUEST, stream: true });
    assert.match(answer.text, /copilot chat answered/);
    assert.equal(copilot.calls('/v1/messages').length, 0);
    assert.equal(JSON.parse(copilot.calls('/chat/completions')[0]?.body ?? '{}').model, 'claude-sonnet-4.5');
  });

  it('classifies its errors like Copilot’s other paths: 402 quota, 429 rate limit, prompt too long → the next tier', async () => {
    const harness = await start(copilotTier({ circuitBreaker: { failureThreshold: 5 } }));
    copilot.rateLimited = true;
    let answer = await postMessages(harness.url, THINKING_REQUEST);
    assert.match(answer.text, new RegExp(BACKUP_TEXT));
    assert.equal(harness.records.at(-2)?.errorClass, 'http_429:rate_limit_error');

    copilot.rateLimited = false;
    answer = await postMessages(harness.url, {
      ...THINKING_REQUEST,
      messages: [{ role: 'user', content: 'HUGE-PROMPT' }],
    });
    assert.match(answer.text, new RegExp(BACKUP_TEXT));
    assert.match(harness.records.at(-2)?.errorMessage ?? '', /prompt token count of 200123 exceeds/);

    copilot.outOfQuota = true;
    answer = await postMessages(harness.url, THINKING_REQUEST);
    assert.match(answer.text, new RegExp(BACKUP_TEXT));
    assert.equal(harness.records.at(-2)?.status, 402);
    assert.ok(
      harness.core.context.router.chain.status('copilot').vendorQuota,
      'the vendor said the quota is spent',
    );
    assert.ok(copilot.calls('/v1/messages').length >= 3, 'each failure came from /v1/messages');
  });

  it('an error inside the 200 stream fails over before content, judged as the anthropic kind judges it', async () => {
    const harness = await start(copilotTier({ circuitBreaker: { failureThreshold: 5 } }));
    const answer = await postMessages(harness.url, {
      ...THINKING_REQUEST,
      stream: true,
      messages: [{ role: 'user', content: 'THROTTLED-IN-STREAM' }],
    });
    assert.equal(textOf(parseEvents(answer.text)), BACKUP_TEXT);
    assert.doesNotMatch(answer.text, /msg_copilot_2/, 'nothing of the failed attempt reached the client');
    assert.equal(harness.records.at(-2)?.errorClass, 'stream:rate_limit_error');
    assert.equal(
      harness.core.context.router.chain.status('copilot').circuit.state,
      'open',
      'a throttle, for 20s',
    );
  });

  it('the dashboard’s offered models still come from Copilot’s /models', async () => {
    const harness = await start();
    const listed = await controlFetch(harness, '/api/vendorModels', {
      method: 'POST',
      body: JSON.stringify({ name: 'copilot' }),
    });
    const offered = (await listed.json()) as { models: Array<{ id: string }>; mapped: { sonnet?: string } };
    assert.ok(offered.models.some((model) => model.id === 'claude-sonnet-4.5'));
    assert.equal(offered.mapped.sonnet, 'claude-sonnet-4.5');
  });

  it('an expired Copilot token (401) is exchanged again and the request still served natively', async () => {
    const harness = await start();
    assert.equal((await postMessages(harness.url, THINKING_REQUEST)).status, 200);
    const exchanges = copilot.calls('/copilot_internal/v2/token').length;
    copilot.rotateToken();
    const answer = await postMessages(harness.url, THINKING_REQUEST);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(harness.records.at(-1)?.vendor, 'copilot');
    assert.equal(copilot.calls('/copilot_internal/v2/token').length, exchanges + 1);
    assert.equal(copilot.calls('/v1/messages').at(-1)?.headers.authorization?.includes('gen=2'), true);
  });

  it('a conversation moving from Copilot-native to another tier loses Copilot’s thinking blocks', async () => {
    const harness = await start();
    const session = { 'x-claude-code-session-id': 'session-moving' };
    const first = (await postMessages(harness.url, THINKING_REQUEST, session)).json() as MessagesResponse;
    copilot.outOfQuota = true;
    const answer = await postMessages(
      harness.url,
      {
        ...THINKING_REQUEST,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: 'and now?' },
        ],
      },
      session,
    );
    assert.match(answer.text, new RegExp(BACKUP_TEXT));
    const sent = backup.requests.at(-1)?.json as { messages: Array<{ content: Array<{ type: string }> }> };
    assert.deepEqual(
      sent.messages[1]?.content.map((block) => block.type),
      ['text'],
      'the thinking block stayed behind',
    );
  });

  it('with no session to go by, an Anthropic tier still recognises Copilot’s thinking and drops only that', async () => {
    proxy = await startProxy({
      vendors: [
        { name: 'anthropic', kind: 'anthropic', baseUrl: backup.url, apiKey: 'sk-ant-tier' },
        copilotTier(),
      ],
    });
    const answer = await postMessages(proxy.url, {
      ...THINKING_REQUEST,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'on Copilot', signature: `${MARK}copilot-sig-9` },
            { type: 'thinking', thinking: 'on Anthropic', signature: 'EqQBanthropic' },
            { type: 'text', text: 'hello' },
          ],
        },
        { role: 'user', content: 'again' },
      ],
    });
    assert.match(answer.text, new RegExp(BACKUP_TEXT));
    const sent = backup.requests.at(-1)?.json as {
      messages: Array<{ content: Array<{ thinking?: string }> }>;
    };
    assert.deepEqual(
      sent.messages[1]?.content.map((block) => block.thinking),
      ['on Anthropic', undefined],
    );
  });
});
