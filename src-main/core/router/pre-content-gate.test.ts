import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SseFrame } from '../sse/sse-frame.ts';
import { readErrorEvent } from '../vendors/error-shapes.ts';
import { readAnthropicWireEventError } from '../vendors/anthropic/errors.ts';
import { type GateOptions, PreContentGate } from './pre-content-gate.ts';

const jsonFrame = (event: { type: string; [key: string]: unknown }): SseFrame => ({
  event: event.type,
  data: JSON.stringify(event),
});

// The frames of a short Anthropic answer, as api.anthropic.com streams it (message_start … message_stop).
const START = jsonFrame({
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 1 },
  },
});
const PING = jsonFrame({ type: 'ping' });
const BLOCK_START = jsonFrame({
  type: 'content_block_start',
  index: 0,
  content_block: { type: 'text', text: '' },
});
const DELTA = jsonFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } });
const BLOCK_STOP = jsonFrame({ type: 'content_block_stop', index: 0 });
const MESSAGE_DELTA = jsonFrame({
  type: 'message_delta',
  delta: { stop_reason: 'end_turn', stop_sequence: null },
  usage: { output_tokens: 2 },
});
const STOP = jsonFrame({ type: 'message_stop' });
const OVERLOADED = jsonFrame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });

function gate(options: Partial<GateOptions> = {}): PreContentGate {
  return new PreContentGate({ tierName: 'primary', readEventError: readErrorEvent, ...options });
}

function events(frames: readonly SseFrame[]): string[] {
  return frames.map((frame) => frame.event);
}

describe('PreContentGate', () => {
  it('holds everything before the first content delta, then lets it all out in order', () => {
    const g = gate();
    assert.deepEqual(g.push([START, PING, BLOCK_START]).write, []);
    assert.equal(g.committed, false);
    const step = g.push([DELTA, BLOCK_STOP]);
    assert.deepEqual(events(step.write), [
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
    ]);
    assert.equal(g.committed, true);
    assert.deepEqual(events(g.push([MESSAGE_DELTA, STOP]).write), ['message_delta', 'message_stop']);
    assert.deepEqual(g.end(), { write: [], failure: undefined });
  });

  it('writes nothing and fails before content when the vendor sends an overloaded error', () => {
    const g = gate();
    g.push([START, PING]);
    const step = g.push([OVERLOADED, BLOCK_START]);
    assert.deepEqual(step.write, []);
    assert.deepEqual(step.failure, {
      kind: 'stream',
      afterContent: false,
      type: 'overloaded_error',
      message: 'Overloaded',
    });
    assert.deepEqual(g.push([DELTA]).write, [], 'nothing passes once the attempt failed');
  });

  it('after content relays the vendor error event as the one and only error the client gets', () => {
    const g = gate();
    g.push([START, BLOCK_START, DELTA]);
    const step = g.push([OVERLOADED]);
    assert.deepEqual(step.write, [OVERLOADED]);
    assert.equal(step.failure?.kind === 'stream' && step.failure.afterContent, true);
    assert.deepEqual(g.end().write, [], 'no second error event at the end');
    assert.deepEqual(g.interrupt({ kind: 'network', code: 'ECONNRESET', message: 'reset' }).write, []);
  });

  it('ends a stream cut after content with one error event naming the tier', () => {
    const g = gate();
    g.push([START, BLOCK_START, DELTA]);
    const step = g.interrupt({ kind: 'network', code: 'ECONNRESET', message: 'socket hang up' });
    assert.equal(step.write.length, 1);
    assert.equal(step.write[0]?.event, 'error');
    const body = JSON.parse(step.write[0]?.data ?? '{}') as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'api_error');
    assert.match(body.error.message, /^primary: stream broke after content: network error ECONNRESET/);
    assert.deepEqual(step.failure, {
      kind: 'stream',
      afterContent: true,
      type: 'api_error',
      message: 'network error ECONNRESET: socket hang up',
    });
  });

  it('keeps a connection lost before content as the network error it is (the tier is replaced)', () => {
    const g = gate();
    g.push([START]);
    const error = { kind: 'timeout', phase: 'idle', message: 'no bytes' } as const;
    assert.deepEqual(g.interrupt(error), { write: [], failure: error });
  });

  it('fails when the upstream ends without message_stop: silently before content, with an error event after', () => {
    const before = gate();
    before.push([START, PING]);
    assert.deepEqual(before.end().write, []);
    assert.equal(before.failure?.kind === 'stream' && before.failure.afterContent, false);

    const after = gate();
    after.push([START, BLOCK_START, DELTA]);
    const step = after.end();
    assert.deepEqual(events(step.write), ['error']);
    assert.match(step.write[0]?.data ?? '', /ended before message_stop/);
  });

  it('lets a complete message without any content delta through at the end', () => {
    const g = gate();
    assert.deepEqual(g.push([START, MESSAGE_DELTA, STOP]).write, []);
    const step = g.end();
    assert.deepEqual(events(step.write), ['message_start', 'message_delta', 'message_stop']);
    assert.equal(step.failure, undefined);
  });

  it('fails over on an unparsable message event before content rather than relaying it', () => {
    const g = gate();
    const step = g.push([START, { event: 'content_block_start', data: '{"type":"content_blo' }]);
    assert.deepEqual(step.write, []);
    assert.match(step.failure?.message ?? '', /unreadable content_block_start event/);
  });

  it('gives up on a vendor that holds too many events or too much text before content', () => {
    const byCount = gate({ limit: { frames: 3, characters: 1_000_000 } });
    assert.equal(byCount.push([START, PING, PING]).failure, undefined);
    const step = byCount.push([PING, DELTA]);
    assert.deepEqual(step.write, []);
    assert.match(step.failure?.message ?? '', /sent 4 events .* without any content/);
    assert.equal(step.failure?.kind === 'stream' && step.failure.afterContent, false);

    const big = { event: 'ping', data: JSON.stringify({ type: 'ping', pad: 'x'.repeat(600) }) };
    const bySize = gate({ limit: { frames: 100, characters: 1_000 } });
    assert.equal(bySize.push([big]).failure, undefined);
    assert.match(bySize.push([big]).failure?.message ?? '', /characters\) without any content/);
  });

  it('places no limit on what follows content', () => {
    const g = gate({ limit: { frames: 3, characters: 2_000 } });
    g.push([START, BLOCK_START, DELTA]);
    const many = Array.from({ length: 50 }, () => DELTA);
    const step = g.push(many);
    assert.equal(step.write.length, 50);
    assert.equal(step.failure, undefined);
  });

  it('asks the adapter which frames are errors (a bare data-only error from an Anthropic-format vendor)', () => {
    const bare = { event: '', data: '{"type":"error","error":{"type":"api_error","message":"boom"}}' };
    assert.equal(gate().push([START, bare]).failure, undefined, 'a translated stream does not send those');
    const wire = gate({ readEventError: readAnthropicWireEventError });
    assert.deepEqual(wire.push([START, bare]).failure, {
      kind: 'stream',
      afterContent: false,
      type: 'api_error',
      message: 'boom',
    });
  });
});
