import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('keeps an event split across chunks anywhere, including inside a UTF-8 character', () => {
    const text = 'event: content_block_delta\ndata: {"text":"héllo 你好"}\n\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = new SseParser();
      const frames = [...parser.push(bytes.slice(0, cut)), ...parser.push(bytes.slice(cut)), ...parser.end()];
      assert.deepEqual(
        frames,
        [{ event: 'content_block_delta', data: '{"text":"héllo 你好"}' }],
        `cut at ${cut}`,
      );
    }
  });

  it('accepts CRLF and CR line endings, even with the CRLF pair split', () => {
    const parser = new SseParser();
    const frames = [...parser.push('data: a\r'), ...parser.push('\n\r\ndata: b\r\r'), ...parser.end()];
    assert.deepEqual(frames, [
      { event: '', data: 'a' },
      { event: '', data: 'b' },
    ]);
  });

  it('joins multi-line data, skips comments and flushes a final event without a blank line', () => {
    const parser = new SseParser();
    const frames = [
      ...parser.push(': keep-alive\n\nevent: x\ndata: 1\ndata: 2\n\ndata: [DONE]'),
      ...parser.end(),
    ];
    assert.deepEqual(frames, [
      { event: 'x', data: '1\n2' },
      { event: '', data: '[DONE]' },
    ]);
  });
});
