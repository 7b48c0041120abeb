import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSseReader, readSse, type SseMessage } from './sse-reader.ts';

const STREAM =
  ': connected\n\nevent: hello\ndata: {"a":1}\n\nevent: tier-changed\ndata: {"b":\ndata: 2}\n\n: keep-alive\n\ndata: plain\r\n\r\n';

describe('the dashboard’s server-sent events reader', () => {
  it('reads events however the stream is cut, comments skipped, multi-line data joined', () => {
    const expected = [
      { event: 'hello', data: '{"a":1}' },
      { event: 'tier-changed', data: '{"b":\n2}' },
      { event: 'message', data: 'plain' },
    ];
    for (const size of [1, 2, 3, 7, STREAM.length]) {
      const seen: SseMessage[] = [];
      const reader = createSseReader((message) => seen.push(message));
      for (let at = 0; at < STREAM.length; at += size) reader.push(STREAM.slice(at, at + size));
      assert.deepEqual(seen, expected, `chunks of ${size}`);
    }
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const seen: SseMessage[] = [];
    const reader = createSseReader((message) => seen.push(message));
    reader.push('event: hello\ndata: {}\n');
    assert.deepEqual(seen, []);
    reader.push('\n');
    assert.deepEqual(seen, [{ event: 'hello', data: '{}' }]);
  });

  it('reads a byte stream to its end, multi-byte characters split across chunks included', async () => {
    const bytes = new TextEncoder().encode('event: hello\ndata: "héllo ✓"\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const seen: SseMessage[] = [];
    await readSse(body, (message) => seen.push(message));
    assert.deepEqual(seen, [{ event: 'hello', data: '"héllo ✓"' }]);
  });
});
