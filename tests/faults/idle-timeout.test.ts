// An upstream that goes silent after content has reached the client is cut after the tier's idle time, and the
// client's stream ends with an Anthropic error event rather than hanging until the (much longer) overall timeout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicStream, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages, startProxy } from '../support/proxy-harness.ts';
import { assertWellFormedStream } from './well-formed.ts';

describe('idle stream timeout', () => {
  it('cuts a stream that goes silent after content and ends it with an error event', async () => {
    const frames = anthropicStream('first words then silence', { deltas: 4 });
    const silent = await startFakeVendor([{ kind: 'sse', chunks: [...frames.slice(0, 5), { stall: true }] }]);
    const backup = await startFakeVendor([{ kind: 'sse', chunks: anthropicStream('must not be used') }]);
    const proxy = await startProxy({
      vendors: [
        // The first-byte timeout is far beyond the test's own limit: only the idle timeout can end this stream.
        { name: 'silent', kind: 'anthropic', baseUrl: silent.url, timeoutMs: 600_000, idleTimeoutMs: 300 },
        { name: 'backup', kind: 'kimi', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
    try {
      const response = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
      const summary = assertWellFormedStream({
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: response.text,
      });
      assert.equal(summary.ending, 'error');
      assert.equal(summary.text, 'first words then silence'.slice(0, summary.text.length));
      assert.ok(summary.text.length > 0);
      assert.match(response.text, /idle/);
      assert.equal(backup.requests.length, 0, 'no second message after content');
      assert.equal(proxy.records.length, 1);
      assert.equal(proxy.records[0]?.success, false);
      assert.equal(proxy.records[0]?.status, 200);
      assert.match(proxy.records[0]?.errorMessage ?? '', /timeout \(idle\)/);
    } finally {
      await proxy.close();
      await silent.close();
      await backup.close();
    }
  });

  it('keeps a stream whose pauses are each shorter than the idle time, however long it lasts in total', async () => {
    const frames = anthropicStream('steady trickle', { deltas: 6 });
    const chunks = frames.flatMap((frame) => [frame, { delayMs: 60 }]);
    const steady = await startFakeVendor([{ kind: 'sse', chunks }]);
    const proxy = await startProxy({
      vendors: [
        { name: 'steady', kind: 'anthropic', baseUrl: steady.url, timeoutMs: 5_000, idleTimeoutMs: 300 },
      ],
    });
    try {
      const response = await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true });
      const summary = assertWellFormedStream({
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: response.text,
      });
      assert.equal(summary.ending, 'message_stop');
      assert.equal(summary.text, 'steady trickle');
      assert.equal(proxy.records[0]?.success, true);
    } finally {
      await proxy.close();
      await steady.close();
    }
  });
});
