// Context-window-aware tiers over real sockets: a prompt too big for tier A is served by tier B with A never
// called and no breaker effect; when every tier is too small the client gets Anthropic's own 400, which makes
// Claude Code compact the conversation.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { estimateTokens } from '../../src-main/core/common/estimate-tokens.ts';
import type { MessagesRequest } from '../../src-shared/anthropic.ts';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import { type Harness, postMessages, startProxy } from '../support/proxy-harness.ts';

/** About 6,000 tokens of ordinary code-review text. */
const BIG_PROMPT: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [
    {
      role: 'user',
      content: 'Review this function and explain every branch of it in detail. '.repeat(600),
    },
  ],
};
const SMALL_PROMPT = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
};

describe('context-window-aware tiers', () => {
  let small: FakeVendor;
  let large: FakeVendor;
  let proxy: Harness;
  const estimate = estimateTokens(BIG_PROMPT);

  before(async () => {
    small = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from the 4k tier') }]);
    large = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from the large tier') }]);
    proxy = await startProxy(
      {
        vendors: [
          // The window on the vendor …
          { name: 'small', kind: 'zhipu', baseUrl: small.url, apiKey: 'zk-small', contextWindow: 4000 },
          // … or on the modelMap rule that maps the requested model.
          {
            name: 'large',
            kind: 'kimi',
            baseUrl: large.url,
            apiKey: 'sk-large',
            modelMap: [{ match: 'claude-*', to: 'kimi-k2.5', contextWindow: 256_000 }],
          },
        ],
      },
      { ledger: true },
    );
    assert.ok(estimate > 4000 && estimate < 256_000, `estimate ${estimate}`);
  });
  after(async () => {
    await proxy?.close();
    await small?.close();
    await large?.close();
  });
  beforeEach(() => {
    small.requests.length = 0;
    large.requests.length = 0;
    proxy.records.length = 0;
  });

  it('serves a prompt too big for the first tier from the next one, never calling the first', async () => {
    const answer = await postMessages(proxy.url, BIG_PROMPT);
    assert.equal(answer.status, 200);
    assert.match(answer.text, /from the large tier/);
    assert.equal(small.requests.length, 0);
    assert.equal(large.requests.length, 1);
    // The attempt timeline and the ledger name the skip and its numbers.
    const [row] = proxy.records;
    assert.equal(row?.vendor, 'large');
    assert.deepEqual(row?.skipped, [{ tier: 'small', reason: `context window (${estimate} > 4000)` }]);
    const [request] = proxy.core.context.usage?.recent({ limit: 1 }) ?? [];
    assert.deepEqual(request?.skipped, [{ tier: 'small', reason: `context window (${estimate} > 4000)` }]);
    // The status shows it; the breaker does not care.
    const status = proxy.core.context.router.chain.status('small');
    assert.equal(status.contextSkip?.reason, `context window (${estimate} > 4000)`);
    assert.equal(status.circuit.state, 'closed');
    assert.equal(status.circuit.failures, 0);
  });

  it('still serves small prompts from the small tier', async () => {
    const answer = await postMessages(proxy.url, SMALL_PROMPT);
    assert.match(answer.text, /from the 4k tier/);
    assert.equal(large.requests.length, 0);
  });

  it('answers like Anthropic when every tier is too small, so Claude Code compacts', async () => {
    const huge: MessagesRequest = {
      ...BIG_PROMPT,
      messages: [{ role: 'user', content: 'Summarise the design decisions in this module. '.repeat(30_000) }],
    };
    const tokens = estimateTokens(huge);
    const answer = await postMessages(proxy.url, huge);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json(), {
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: `prompt is too long: ${tokens} tokens > 256000 maximum`,
      },
    });
    assert.equal(small.requests.length + large.requests.length, 0);
    // No tier was tried, yet the request log has it with what the client got and why each tier was passed over.
    assert.deepEqual(proxy.records, []);
    const page = proxy.core.context.usage?.requests({ outcome: 'no-tier' });
    const [logged] = page?.requests ?? [];
    assert.deepEqual(
      [logged?.status, logged?.errorType, logged?.errorMessage, logged?.clientCategory, logged?.attempts],
      [400, 'invalid_request_error', `prompt is too long: ${tokens} tokens > 256000 maximum`, 'cc', []],
    );
    assert.deepEqual(logged?.skipped, [
      { tier: 'small', reason: `context window (${tokens} > 4000)` },
      { tier: 'large', reason: `context window (${tokens} > 256000)` },
    ]);
    assert.deepEqual(
      logged?.timeline.map((step) => step.kind),
      ['skipped', 'skipped'],
    );
  });

  it('counts tokens for a non-Anthropic tier with the same estimator', async () => {
    const response = await fetch(`${proxy.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client' },
      body: JSON.stringify(BIG_PROMPT),
    });
    assert.deepEqual(await response.json(), { input_tokens: estimate });
  });
});
