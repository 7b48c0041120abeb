import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SseFrame } from '../sse/sse-frame.ts';
import { SseLimitError, SseParser } from '../sse/sse-parser.ts';
import { readAnthropicWireEventError } from '../vendors/anthropic/errors.ts';
import { PreContentGate } from './pre-content-gate.ts';
import { type Outgoing, type StreamPump, TranslatingPump, WirePump } from './stream-pump.ts';
import { UsageAccumulator } from './usage-accumulator.ts';

// The WirePump relays an Anthropic-format vendor's bytes after content instead of parsing and re-encoding them.
// The TranslatingPump with an identity translator is the reference: for every input and every way of cutting it
// into chunks, the client must read the same events, and the gate and the usage must end the same way.

const SECRET = 'sk-vendor-secret-1234567890';
const redact = (text: string) => text.split(SECRET).join('…7890');
const event = (type: string, body: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
const START = event('message_start', {
  message: { id: 'msg_1', model: 'claude-x', content: [], usage: { input_tokens: 12, output_tokens: 1 } },
});
const BLOCK = event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
const DELTA = (text: string) =>
  event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
const TAIL =
  event('content_block_stop', { index: 0 }) +
  event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }) +
  event('message_stop', {});
const STREAM = START + event('ping', {}) + BLOCK + DELTA('Hé') + DELTA('llo 你好') + DELTA('!') + TAIL;

interface Run {
  events: SseFrame[];
  text: string;
  failure: string | undefined;
  committed: boolean;
  usage: { totals: object; model: string | undefined; stop: string | undefined };
}

function run(kind: 'wire' | 'reference', chunks: readonly Uint8Array[]): Run {
  const gate = new PreContentGate({ tierName: 'wire', readEventError: readAnthropicWireEventError });
  const usage = new UsageAccumulator();
  const parts = { gate, usage, translator: { push: (f: SseFrame) => [f], end: () => [] }, redact };
  const pump: StreamPump = kind === 'wire' ? new WirePump(parts) : new TranslatingPump(parts);
  const written: Outgoing = [];
  for (const chunk of chunks) {
    written.push(...pump.push(chunk));
    if (gate.failure) break;
  }
  if (!gate.failure) written.push(...pump.end());
  const text = Buffer.concat(written.map((piece) => Buffer.from(piece))).toString('utf8');
  const parser = new SseParser();
  return {
    events: [...parser.push(text), ...parser.end()],
    text,
    failure: gate.failure ? JSON.stringify(gate.failure) : undefined,
    committed: gate.committed,
    usage: { totals: { ...usage.totals }, model: usage.model, stop: usage.stopReason },
  };
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

function cuts(input: Buffer, at: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of at) {
    out.push(input.subarray(from, cut));
    from = cut;
  }
  out.push(input.subarray(from));
  return out;
}

/** Wire and reference agree for the input whole, cut in two anywhere, and cut in many seeded-random pieces. */
function assertSameEverywhere(input: string): Run {
  const data = bytes(input);
  const whole = run('wire', [data]);
  assert.deepEqual(whole, { ...run('reference', [data]), text: whole.text });
  for (let cut = 1; cut < data.length; cut++) {
    const chunks = cuts(data, [cut]);
    const wire = run('wire', chunks);
    const reference = run('reference', chunks);
    assert.deepEqual({ ...wire, text: '' }, { ...reference, text: '' }, `cut at ${cut}`);
  }
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let round = 0; round < 50; round++) {
    const at = [...new Set(Array.from({ length: 6 }, () => 1 + Math.floor(random() * (data.length - 1))))];
    const chunks = cuts(
      data,
      at.sort((a, b) => a - b),
    );
    assert.deepEqual({ ...run('wire', chunks), text: '' }, { ...run('reference', chunks), text: '' });
  }
  return whole;
}

/** A WirePump whose stream already reached content. */
function committedWirePump(): WirePump {
  const gate = new PreContentGate({ tierName: 'wire', readEventError: readAnthropicWireEventError });
  const pump = new WirePump({
    gate,
    usage: new UsageAccumulator(),
    translator: { push: (f) => [f], end: () => [] },
  });
  pump.push(bytes(START + BLOCK + DELTA('a')));
  assert.equal(gate.committed, true);
  return pump;
}

describe('WirePump (Anthropic-wire relay after content)', () => {
  it('gives the client the same events, gate verdict and usage as parsing everything, however the bytes are cut', () => {
    const result = assertSameEverywhere(STREAM);
    assert.equal(result.failure, undefined);
    assert.deepEqual(result.usage.totals, {
      inputTokens: 12,
      outputTokens: 7,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
    });
    assert.equal(result.usage.stop, 'end_turn');
  });

  it('relays the bytes after the first delta exactly as the vendor sent them', () => {
    const odd = `${DELTA('x')}: a comment\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"y"}}\nid: 3\n\n`;
    const input = START + BLOCK + DELTA('Hi') + odd + TAIL;
    const result = run('wire', [bytes(START + BLOCK + DELTA('Hi')), bytes(odd), bytes(TAIL)]);
    assert.ok(result.text.endsWith(odd + TAIL), result.text);
    assert.deepEqual(result.events, run('reference', [bytes(input)]).events);
  });

  it('redacts an error event after content, named or bare, and ends the stream there', () => {
    const message = `invalid key ${SECRET}`;
    const named = event('error', { error: { type: 'overloaded_error', message } });
    const bare = `data: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`;
    for (const error of [named, bare]) {
      const input = START + BLOCK + DELTA('a') + DELTA('b') + error + DELTA('never');
      const result = assertSameEverywhere(input);
      assert.ok(result.failure?.includes('"afterContent":true'), result.failure);
      assert.ok(!result.text.includes(SECRET), result.text);
      assert.ok(result.text.includes('…7890'));
      assert.ok(!result.text.includes('never'));
      assert.equal(result.events.at(-1)?.data.includes('error'), true);
    }
  });

  it('reads an event whose first line names a delta but whose last event line renames it', () => {
    const renamed = `event: content_block_delta\nevent: error\ndata: {"type":"error","error":{"type":"api_error","message":"${SECRET}"}}\n\n`;
    const result = assertSameEverywhere(START + BLOCK + DELTA('a') + renamed + TAIL);
    assert.equal(result.events.at(-1)?.event, 'error');
    assert.ok(!result.text.includes(SECRET));
  });

  it('falls back to the parser for CR line endings and gives the same events', () => {
    assertSameEverywhere(STREAM.replaceAll('\n', '\r\n'));
    assertSameEverywhere(STREAM.slice(0, 400) + STREAM.slice(400).replaceAll('\n', '\r'));
  });

  it('ends with the gate’s error event when the vendor stops before message_stop', () => {
    const result = assertSameEverywhere(START + BLOCK + DELTA('a') + DELTA('b'));
    assert.match(result.events.at(-1)?.data ?? '', /ended before message_stop/);
  });

  it('flushes a final event that has no blank line after it', () => {
    const result = assertSameEverywhere(STREAM.slice(0, -1));
    assert.equal(result.failure, undefined);
  });

  it('holds a long event arriving in small chunks without copying or searching it again per chunk', () => {
    const long = DELTA('z'.repeat(2 * 1024 * 1024));
    const input = bytes(START + BLOCK + DELTA('a') + long + TAIL);
    const chunks = cuts(
      input,
      Array.from({ length: Math.floor(input.length / 1000) }, (_, i) => (i + 1) * 1000),
    );
    const originalConcat = Buffer.concat;
    const originalToString = Buffer.prototype.toString;
    let work = 0;
    Buffer.concat = (list: readonly Uint8Array[], length?: number) => {
      const out = originalConcat(list, length);
      work += out.length;
      return out;
    };
    Buffer.prototype.toString = function (this: Buffer, ...args: Parameters<Buffer['toString']>) {
      work += this.length;
      return originalToString.apply(this, args);
    };
    let result: Run;
    try {
      result = run('wire', chunks);
    } finally {
      Buffer.concat = originalConcat;
      Buffer.prototype.toString = originalToString;
    }
    // Copying the held bytes on every 1 KB chunk would be ~2 GB of work; linear handling is a few times the input.
    assert.ok(work < input.length * 6, `work ${work} for ${input.length} bytes`);
    assert.equal(result.failure, undefined);
    assert.ok(result.text.includes(long));
  });

  it('keeps the parser’s limit on an unfinished event after content', () => {
    const huge = `event: content_block_delta\ndata: ${'x'.repeat(8 * 1024 * 1024 + 10)}`;
    const pump = committedWirePump();
    assert.throws(() => pump.push(bytes(huge)), SseLimitError);
  });

  it('keeps the parser’s limit on a whole oversized content event after content, even amid normal ones', () => {
    const pump = committedWirePump();
    const oversized = DELTA('x'.repeat(8 * 1024 * 1024 + 10));
    assert.throws(() => pump.push(bytes(DELTA('b') + DELTA('c') + oversized + DELTA('d'))), SseLimitError);
  });
});
