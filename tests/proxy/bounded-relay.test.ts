// What the proxy does when the trouble is its own or a vendor floods it: a request it cannot prepare is answered
// at once without blaming any tier, and a vendor that holds back content too long or answers with an enormous
// body is given up for the next tier instead of growing the proxy's memory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProxyConfigInput } from '../../src-shared/config-schema.ts';
import { HELD_EVENTS_LIMIT } from '../../src-main/core/router/pre-content-gate.ts';
import { MAX_ANSWER_BYTES } from '../../src-main/core/router/relay-whole.ts';
import {
  type FakeVendor,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';

type VendorInput = NonNullable<ProxyConfigInput['vendors']>[number];

/** A tool schema nested far deeper than any serialiser recurses (JSON.parse reads it, JSON.stringify cannot). */
function deeplyNestedRequest(depth = 20_000): string {
  const schema = `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
  return `{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"deep","description":"d","input_schema":${schema}}]}`;
}

describe('a request the proxy itself cannot prepare', () => {
  let first: FakeVendor;
  let backup: FakeVendor;
  let proxy: Harness;

  before(async () => {
    first = await startFakeVendor([{ kind: 'json', body: anthropicMessage('never') }]);
    backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('never either') }]);
  });
  after(async () => {
    await proxy?.close();
    await first.close();
    await backup.close();
  });

  const chains: Array<[string, Pick<VendorInput, 'kind' | 'apiKey' | 'modelMap'>]> = [
    [
      'an Anthropic-format tier that maps the model',
      { kind: 'zhipu', apiKey: 'k', modelMap: [{ match: 'claude-*', to: 'glm-4.6' }] },
    ],
    ['an OpenAI-format tier', { kind: 'openai-compatible', apiKey: 'k' }],
  ];
  for (const [label, vendor] of chains) {
    it(`is a 400 invalid_request_error with no breaker, quota or failover effect (${label})`, async () => {
      await proxy?.close();
      proxy = await startProxy({
        vendors: [
          {
            name: 'first',
            baseUrl: first.url,
            circuitBreaker: { failureThreshold: 1 },
            quotaGuards: [{ windowHours: 5, tokenBudget: 1000 }],
            ...vendor,
          },
          { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
        ],
      });
      const before = first.requests.length + backup.requests.length;
      const answer = await postMessages(proxy.url, deeplyNestedRequest());
      assert.equal(answer.status, 400, answer.text.slice(0, 300));
      const body = answer.json() as { type: string; error: { type: string; message: string } };
      assert.equal(body.type, 'error');
      assert.equal(body.error.type, 'invalid_request_error');
      assert.equal(first.requests.length + backup.requests.length, before, 'no vendor was called');
      const status = proxy.core.context.router.chain.status('first');
      assert.equal(status.circuit.state, 'closed');
      assert.equal(status.circuit.failures, 0);
      assert.equal(status.lastError, undefined);
      assert.equal(status.quota[0]?.state, 'ok');
      assert.ok(
        proxy.records.every((r) => r.vendor === 'first' && r.errorClass === 'proxy:invalid_request_error'),
        JSON.stringify(proxy.records),
      );
      // The tier still serves the next (sane) request at once.
      assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 200);
    });
  }
});

describe('a vendor that floods the proxy', () => {
  let flooding: FakeVendor;
  let backup: FakeVendor;
  let proxy: Harness;

  before(async () => {
    flooding = await startFakeVendor();
    backup = await startFakeVendor([
      { kind: 'sse', chunks: anthropicStream('served by backup', { id: 'msg_backup' }) },
    ]);
    proxy = await startProxy({
      vendors: [
        { name: 'flooding', kind: 'zhipu', baseUrl: flooding.url, apiKey: 'k' },
        { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await flooding.close();
    await backup.close();
  });

  it('gives up a stream that holds back content past the limit, before any byte reached the client', async () => {
    const [messageStart] = anthropicStream('x', { id: 'msg_flood' });
    const ping = `event: ping\ndata: ${JSON.stringify({ type: 'ping', pad: 'p'.repeat(16 * 1024) })}\n\n`;
    // Far more than any socket buffer holds: if the proxy kept reading, all of it would be sent.
    const floodPings = (32 * HELD_EVENTS_LIMIT.characters) / ping.length;
    let sent = 0;
    flooding.script([
      {
        kind: 'large',
        headers: { 'content-type': 'text/event-stream' },
        *parts() {
          yield messageStart ?? '';
          // Then content that must never reach the client.
          for (; sent < floodPings; sent++) yield ping;
          yield* anthropicStream('from the flood', { id: 'msg_flood' }).slice(2);
        },
      },
    ]);
    backup.script([{ kind: 'sse', chunks: anthropicStream('served by backup', { id: 'msg_backup' }) }]);
    const answer = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(answer.status, 200);
    const events = parseEvents(answer.text);
    assert.equal(textOf(events), 'served by backup');
    const starts = events.filter((e) => e.event === 'message_start');
    assert.equal(starts.length, 1);
    assert.equal((starts[0]?.data.message as { id?: string } | undefined)?.id, 'msg_backup');
    assert.equal(events.filter((e) => e.event === 'ping' && 'pad' in e.data).length, 0);
    const given = proxy.records.find((r) => r.vendor === 'flooding');
    assert.match(given?.errorMessage ?? '', /without any content/);
    assert.ok(sent < floodPings, `the proxy stopped reading the flood (${sent} of ${floodPings} pings sent)`);
  });

  it('gives up a whole answer larger than the cap and serves from the next tier', async () => {
    const piece = 'x'.repeat(1024 * 1024);
    let written = 0;
    flooding.script([
      {
        kind: 'large',
        *parts() {
          yield '{"id":"msg_huge","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"';
          for (; written <= MAX_ANSWER_BYTES / piece.length + 8; written++) yield piece;
          yield '"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}';
        },
      },
    ]);
    backup.script([{ kind: 'json', body: anthropicMessage('small answer from backup') }]);
    const answer = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.equal(
      (answer.json() as { content: Array<{ text: string }> }).content[0]?.text,
      'small answer from backup',
    );
    const given = proxy.records.findLast((r) => r.vendor === 'flooding');
    assert.match(given?.errorMessage ?? '', /larger than \d+ bytes/);
    assert.equal(given?.errorClass, 'stream:api_error');
  });
});
