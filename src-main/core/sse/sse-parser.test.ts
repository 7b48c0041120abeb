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

/** Counts every character comparison the parser makes, whatever it scans with (charCodeAt or indexOf). */
function countingStringWork<T>(run: () => T): { result: T; work: number } {
  const proto = String.prototype;
  const charCodeAt = proto.charCodeAt;
  const indexOf = proto.indexOf;
  let work = 0;
  proto.charCodeAt = function (this: string, index: number) {
    work++;
    return charCodeAt.call(this, index);
  };
  proto.indexOf = function (this: string, search: string, from?: number) {
    const found = indexOf.call(this, search, from);
    work += (found === -1 ? this.length : found + 1) - (from ?? 0);
    return found;
  };
  try {
    return { result: run(), work };
  } finally {
    proto.charCodeAt = charCodeAt;
    proto.indexOf = indexOf;
  }
}

describe('SseParser cost and limits', () => {
  it('scans each character once: a long line in small chunks costs work linear in its length', () => {
    const line = `data: ${'x'.repeat(400_000)}\n\n`;
    const { result: frames, work } = countingStringWork(() => {
      const parser = new SseParser();
      const out = [];
      for (let offset = 0; offset < line.length; offset += 100)
        out.push(...parser.push(line.slice(offset, offset + 100)));
      out.push(...parser.end());
      assert.equal(parser.scanned, line.length, 'the parser itself counts one look per character');
      return out;
    });
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.data.length, 400_000);
    // A rescan of the buffer per chunk would be ~ n²/200 = 800 million looks; linear is a few per character.
    assert.ok(work < line.length * 3, `work ${work} for ${line.length} characters`);
  });

  it('fails the stream as a vendor error when a line exceeds the maximum, without waiting for its end', () => {
    const parser = new SseParser({ maxLineLength: 1000 });
    parser.push('data: ok\n\n');
    assert.throws(
      () => {
        for (let i = 0; i < 100; i++) parser.push('y'.repeat(100));
      },
      (error: unknown) => {
        const e = error as { kind?: string; type?: string; message?: string };
        assert.equal(e.kind, 'stream');
        assert.equal(e.type, 'api_error');
        assert.match(e.message ?? '', /longer than 1000 characters/);
        return true;
      },
    );
  });

  it('limits one event made of many data lines, but not a long stream of small events', () => {
    const parser = new SseParser({ maxLineLength: 1000 });
    let frames = 0;
    for (let i = 0; i < 1000; i++) frames += parser.push(`event: e\ndata: ${'z'.repeat(50)}\n\n`).length;
    assert.equal(frames, 1000);
    assert.throws(() => {
      for (let i = 0; i < 100; i++) parser.push(`data: ${'z'.repeat(50)}\n`);
    }, /event larger than 1000 characters/);
  });
});
