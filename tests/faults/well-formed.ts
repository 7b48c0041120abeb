// What "the client got something well-formed" means, as assertions: an Anthropic message, an Anthropic error, or
// a stream that opens with one message_start and ends with message_stop or an error event, and nothing after.
import assert from 'node:assert/strict';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';

export interface ClientAnswer {
  status: number;
  contentType: string;
  text: string;
}

export type StreamEnding = 'message_stop' | 'error';

export interface StreamSummary {
  ending: StreamEnding;
  text: string;
  errorType?: string;
}

export function assertAnthropicError(answer: ClientAnswer): { type: string; message: string } {
  assert.ok(
    answer.status >= 400,
    `expected an error status, got ${answer.status}: ${answer.text.slice(0, 200)}`,
  );
  assert.match(answer.contentType, /application\/json/);
  const body = JSON.parse(answer.text) as { type?: unknown; error?: { type?: unknown; message?: unknown } };
  assert.equal(body.type, 'error', answer.text.slice(0, 200));
  assert.equal(typeof body.error?.type, 'string', answer.text.slice(0, 200));
  assert.equal(typeof body.error?.message, 'string', answer.text.slice(0, 200));
  return { type: body.error?.type as string, message: body.error?.message as string };
}

export function assertMessage(answer: ClientAnswer): { text: string } {
  assert.equal(answer.status, 200, answer.text.slice(0, 300));
  assert.match(answer.contentType, /application\/json/);
  const body = JSON.parse(answer.text) as { type?: unknown; content?: unknown };
  assert.equal(body.type, 'message');
  assert.ok(Array.isArray(body.content), 'content is an array');
  const text = (body.content as Array<{ type?: unknown; text?: unknown }>)
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
  return { text };
}

/** Checks the event grammar of an Anthropic stream and says how it ended. */
export function assertWellFormedStream(answer: ClientAnswer): StreamSummary {
  assert.equal(answer.status, 200, answer.text.slice(0, 300));
  assert.match(answer.contentType, /text\/event-stream/);
  const parser = new SseParser();
  const frames = [...parser.push(answer.text), ...parser.end()];
  assert.ok(frames.length > 0, 'the stream has events');
  const events = frames.map((frame, position) => {
    let data: { type?: unknown; [key: string]: unknown };
    try {
      data = JSON.parse(frame.data) as typeof data;
    } catch {
      assert.fail(
        `event #${position} (${frame.event}) carries data that is not JSON: ${frame.data.slice(0, 120)}`,
      );
    }
    assert.equal(frame.event, data.type, `event name matches data.type at #${position}`);
    return { event: frame.event, data };
  });
  const names = events.map((e) => e.event);
  const last = events[events.length - 1]!;
  if (last.event !== 'error') {
    assert.equal(names[0], 'message_start', `a stream opens with message_start: ${names.join(',')}`);
  }
  assert.ok(names.filter((n) => n === 'message_start').length <= 1, 'never two message_starts');
  assert.ok(
    last.event === 'message_stop' || last.event === 'error',
    `a stream ends with message_stop or error, not ${last.event}`,
  );
  const terminal = names.findIndex((n) => n === 'message_stop' || n === 'error');
  assert.equal(terminal, names.length - 1, `nothing after the terminal event: ${names.join(',')}`);
  const text = events
    .filter((e) => e.event === 'content_block_delta')
    .map((e) => (e.data.delta as { text?: string } | undefined)?.text ?? '')
    .join('');
  if (last.event === 'error') {
    const error = last.data.error as { type?: unknown; message?: unknown } | undefined;
    assert.equal(typeof error?.type, 'string', 'error event has error.type');
    assert.equal(typeof error?.message, 'string', 'error event has error.message');
    return { ending: 'error', text, errorType: error?.type as string };
  }
  const open = new Set<unknown>();
  for (const { event, data } of events) {
    if (event === 'content_block_start') open.add(data.index);
    if (event === 'content_block_stop')
      assert.ok(open.delete(data.index), `stop of an unopened block ${data.index}`);
  }
  assert.equal(open.size, 0, 'every content block is closed before message_stop');
  return { ending: 'message_stop', text };
}
