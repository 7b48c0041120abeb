// The hot path's shortcuts, over real sockets: what they skip must not change what the vendor and the client get.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { anthropicStream, type FakeVendor, startFakeVendor } from '../support/fake-vendor.ts';
import { type Harness, parseEvents, postMessages, startProxy, textOf } from '../support/proxy-harness.ts';

describe('hot path', () => {
  let vendor: FakeVendor;
  let proxy: Harness;

  before(async () => {
    vendor = await startFakeVendor();
    proxy = await startProxy({
      vendors: [
        { name: 'wire', kind: 'anthropic-compatible', baseUrl: vendor.url, apiKey: 'vendor-key-12345' },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await vendor.close();
  });

  it('relays an unchanged request as the bytes the client sent (spacing, key order, non-ASCII)', async () => {
    vendor.script([{ kind: 'sse', chunks: anthropicStream('ok', { deltas: 2 }) }]);
    const raw =
      '{ "stream": true,\n  "messages": [ {"role":"user", "content":"héllo — 你好 \\u00e9"} ],\n' +
      '  "model": "claude-sonnet-4-5", "max_tokens": 50 }';
    const response = await postMessages(proxy.url, raw, { 'anthropic-beta': 'x' });
    assert.equal(response.status, 200);
    assert.equal(textOf(parseEvents(response.text)), 'ok');
    assert.equal(vendor.requests.at(-1)?.body, raw);
  });

  it('relays a stream whose events use CRLF line endings and comments, event by event', async () => {
    const crlf = anthropicStream('one two three', { deltas: 3 }).map((event) =>
      event.replaceAll('\n', '\r\n'),
    );
    vendor.script([
      { kind: 'sse', chunks: [crlf.slice(0, 4).join(''), ': comment\r\n\r\n', ...crlf.slice(4)] },
    ]);
    const response = await postMessages(proxy.url, {
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(textOf(parseEvents(response.text)), 'one two three');
    assert.equal(proxy.records.at(-1)?.success, true);
  });

  it('redacts a key quoted in a bare data error after content, and records the broken stream', async () => {
    const events = anthropicStream('partial answer', { deltas: 4 });
    const bare = `data: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'bad key vendor-key-12345' } })}\n\n`;
    vendor.script([{ kind: 'sse', chunks: [...events.slice(0, 5), bare] }]);
    const response = await postMessages(proxy.url, {
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(!response.text.includes('vendor-key-12345'), response.text);
    assert.match(response.text, /bad key …2345/);
    assert.equal(proxy.records.at(-1)?.success, false);
  });
});
