import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

const STREAM = { ...BASIC_REQUEST, stream: true };
const errorEvent = (type: string, message: string) =>
  `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message } })}\n\n`;

describe('streams', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let proxy: Harness;
  const full = anthropicStream('Hello from the primary', { deltas: 4 });
  const [start, ping, blockStart, firstDelta] = full;

  before(async () => {
    primary = await startFakeVendor();
    backup = await startFakeVendor();
    proxy = await startProxy({
      vendors: [
        {
          name: 'primary',
          kind: 'anthropic',
          baseUrl: primary.url,
          timeoutMs: 2000,
          idleTimeoutMs: 400,
          circuitBreaker: { failureThreshold: 1000 },
        },
        { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await primary.close();
    await backup.close();
  });

  it('relays a stream split at arbitrary byte boundaries, event by event', async () => {
    const joined = full.join('');
    const pieces: string[] = [];
    for (let i = 0; i < joined.length; i += 7) pieces.push(joined.slice(i, i + 7));
    primary.script([{ kind: 'sse', chunks: pieces }]);
    const response = await postMessages(proxy.url, STREAM);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(textOf(parseEvents(response.text)), 'Hello from the primary');
    const record = proxy.records.at(-1)!;
    assert.equal(record.success, true);
    assert.equal(record.inputTokens, 12);
    assert.equal(record.outputTokens, 7);
    assert.equal(record.upstreamRequestId, 'msg_fake_1');
  });

  it('fails over invisibly when the vendor sends an overloaded error event before any content', async () => {
    primary.script([{ kind: 'sse', chunks: [start!, ping!, errorEvent('overloaded_error', 'Overloaded')] }]);
    backup.script([{ kind: 'sse', chunks: anthropicStream('clean answer', { id: 'msg_backup' }) }]);
    const events = parseEvents((await postMessages(proxy.url, STREAM)).text);
    assert.equal(textOf(events), 'clean answer');
    assert.equal(events.filter((e) => e.event === 'message_start').length, 1);
    assert.equal((events[0]!.data.message as { id: string }).id, 'msg_backup');
    assert.equal(events.filter((e) => e.event === 'error').length, 0);
  });

  it('fails over invisibly when the connection drops before any content', async () => {
    primary.script([{ kind: 'sse', chunks: [start!, blockStart!, { drop: true }] }]);
    backup.script([{ kind: 'sse', chunks: anthropicStream('after the drop') }]);
    const events = parseEvents((await postMessages(proxy.url, STREAM)).text);
    assert.equal(textOf(events), 'after the drop');
    assert.equal(events.filter((e) => e.event === 'message_start').length, 1);
  });

  it('after content reached the client, ends with an Anthropic error event and never starts a second message', async () => {
    primary.script([
      { kind: 'sse', chunks: [start!, blockStart!, firstDelta!, { delayMs: 20 }, { drop: true }] },
    ]);
    backup.script([{ kind: 'sse', chunks: anthropicStream('must not appear') }]);
    const before = backup.requests.length;
    const response = await postMessages(proxy.url, STREAM);
    const events = parseEvents(response.text);
    assert.equal(events.filter((e) => e.event === 'message_start').length, 1);
    assert.equal(events.at(-1)?.event, 'error');
    assert.equal((events.at(-1)!.data.error as { type: string }).type, 'api_error');
    assert.equal(backup.requests.length, before, 'no second tier after content');
    const record = proxy.records.at(-1)!;
    assert.equal(record.vendor, 'primary');
    assert.equal(record.success, false);
  });

  it('forwards a vendor error event that arrives after content, then closes', async () => {
    primary.script([
      {
        kind: 'sse',
        chunks: [start!, blockStart!, firstDelta!, errorEvent('overloaded_error', 'Overloaded mid-answer')],
      },
    ]);
    const events = parseEvents((await postMessages(proxy.url, STREAM)).text);
    assert.equal(events.at(-1)?.event, 'error');
    assert.equal((events.at(-1)!.data.error as { message: string }).message, 'Overloaded mid-answer');
    assert.equal(events.filter((e) => e.event === 'error').length, 1);
  });

  it('cuts an upstream that goes silent mid-stream after the idle timeout', async () => {
    primary.script([{ kind: 'sse', chunks: [start!, blockStart!, firstDelta!, { stall: true }] }]);
    const events = parseEvents((await postMessages(proxy.url, STREAM)).text);
    assert.equal(events.at(-1)?.event, 'error');
    assert.match((events.at(-1)!.data.error as { message: string }).message, /timeout \(idle\)/);
  });

  it('replays a whole JSON answer as events when the vendor ignored stream: true', async () => {
    primary.script([{ kind: 'json', body: anthropicMessage('not streamed') }]);
    const events = parseEvents((await postMessages(proxy.url, STREAM)).text);
    assert.equal(textOf(events), 'not streamed');
    assert.deepEqual(
      events.map((e) => e.event),
      [
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
  });

  it('aborts the upstream request when the client disconnects', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    primary.script([
      {
        kind: 'custom',
        handle: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(start! + blockStart! + firstDelta!);
          res.on('close', () => upstreamClosed());
        },
      },
    ]);
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(STREAM),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await closed;
    // The attempt is recorded as a client abort, not as a vendor failure.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(proxy.records.at(-1)?.errorClass, 'client_aborted');
    assert.equal(proxy.core.context.router.chain.status('primary').circuit.failures, 0);
  });

  it('strips thinking blocks minted by another vendor when the conversation moves, keeping the message non-empty', async () => {
    primary.script([
      {
        kind: 'json',
        status: 529,
        body: { type: 'error', error: { type: 'overloaded_error', message: 'x' } },
      },
    ]);
    backup.script([{ kind: 'json', body: anthropicMessage('ok') }]);
    await postMessages(proxy.url, {
      ...BASIC_REQUEST,
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [{ type: 'thinking', thinking: 'hmm', signature: 'anthropic-signature' }],
        },
        { role: 'user', content: [{ type: 'text', text: 'again', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    const sent = backup.requests.at(-1)!.json as { messages: Array<{ content: unknown }>; system: unknown };
    assert.deepEqual(sent.messages[1]!.content, [{ type: 'text', text: '[thinking]' }]);
    assert.deepEqual(
      sent.messages[2]!.content,
      [{ type: 'text', text: 'again' }],
      'zhipu gets no cache_control',
    );
    assert.deepEqual(sent.system, [{ type: 'text', text: 'sys' }]);
    const toPrimary = primary.requests.at(-1)!.json as { messages: Array<{ content: unknown }> };
    assert.deepEqual(toPrimary.messages[1]!.content, [
      { type: 'thinking', thinking: 'hmm', signature: 'anthropic-signature' },
    ]);
  });
});

describe('keep-alive pings on quiet streams', () => {
  it('pings a client while a slow vendor is silent, then still fails over invisibly before content', async () => {
    const frame = (type: string, data: object) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const slow = await startFakeVendor([
      {
        kind: 'sse',
        chunks: [
          { delayMs: 250 },
          frame('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
        ],
      },
    ]);
    const backup = await startFakeVendor([{ kind: 'sse', chunks: anthropicStream('after the pings') }]);
    const proxy = await startProxy(
      {
        vendors: [
          { name: 'slow', kind: 'anthropic', baseUrl: slow.url },
          { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'k' },
        ],
      },
      { keepAliveMs: 50 },
    );
    const response = await postMessages(proxy.url, STREAM);
    assert.equal(response.status, 200);
    const events = parseEvents(response.text);
    const firstStart = events.findIndex((e) => e.event === 'message_start');
    assert.ok(
      events.slice(0, firstStart).some((e) => e.event === 'ping'),
      'pings were sent while waiting',
    );
    assert.equal(events.filter((e) => e.event === 'message_start').length, 1);
    assert.equal(textOf(events), 'after the pings');
    await proxy.close();
    await slow.close();
    await backup.close();
  });

  it('ends a stream that already got pings with an Anthropic error event when every tier fails', async () => {
    const slow = await startFakeVendor([
      {
        kind: 'custom',
        handle: (_req, res) => {
          setTimeout(() => {
            res.writeHead(529, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
            );
          }, 250);
        },
      },
    ]);
    const proxy = await startProxy(
      { vendors: [{ name: 'slow', kind: 'anthropic', baseUrl: slow.url }] },
      { keepAliveMs: 50 },
    );
    try {
      const response = await postMessages(proxy.url, STREAM);
      assert.equal(response.status, 200, 'the status went out with the first ping');
      const events = parseEvents(response.text);
      assert.equal(events[0]?.event, 'ping');
      assert.equal(events.at(-1)?.event, 'error');
      assert.equal((events.at(-1)!.data.error as { type: string }).type, 'overloaded_error');
    } finally {
      await proxy.close();
      await slow.close();
    }
  });
});
