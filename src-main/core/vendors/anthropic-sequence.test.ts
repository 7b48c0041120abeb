import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesResponse, StreamEvent } from '../../../src-shared/anthropic.ts';
import { jsonFrame } from '../sse/sse-frame.ts';
import {
  assertValidAnthropicStream,
  collectMessage,
  eventsFromFrames,
  messageToFrames,
} from './anthropic-sequence.ts';

const message: MessagesResponse = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'm',
  content: [],
  stop_reason: null,
  stop_sequence: null,
  usage: { input_tokens: 0, output_tokens: 0 },
};
const start: StreamEvent = { type: 'message_start', message };
const stop: StreamEvent = { type: 'message_stop' };
const endTurn: StreamEvent = {
  type: 'message_delta',
  delta: { stop_reason: 'end_turn', stop_sequence: null },
  usage: { output_tokens: 3 },
};
const textStart = (index: number): StreamEvent => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'text', text: '' },
});
const text = (index: number, value: string): StreamEvent => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'text_delta', text: value },
});
const blockStop = (index: number): StreamEvent => ({ type: 'content_block_stop', index });
const toolStart = (index: number): StreamEvent => ({
  type: 'content_block_start',
  index,
  content_block: { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} },
});
const json = (index: number, partial: string): StreamEvent => ({
  type: 'content_block_delta',
  index,
  delta: { type: 'input_json_delta', partial_json: partial },
});
const toolUse: StreamEvent = {
  type: 'message_delta',
  delta: { stop_reason: 'tool_use', stop_sequence: null },
  usage: {},
};

describe('assertValidAnthropicStream', () => {
  it('accepts a text answer followed by a tool call', () => {
    assertValidAnthropicStream([
      start,
      { type: 'ping' },
      textStart(0),
      text(0, 'Hi'),
      blockStop(0),
      toolStart(1),
      json(1, '{"path":'),
      json(1, '"a"}'),
      blockStop(1),
      toolUse,
      stop,
    ]);
  });

  it('accepts an error as the only event and an error ending a stream mid-block', () => {
    assertValidAnthropicStream([{ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }]);
    assertValidAnthropicStream([
      start,
      textStart(0),
      text(0, 'x'),
      { type: 'error', error: { type: 'api_error', message: 'x' } },
    ]);
  });

  const invalid: Array<[string, StreamEvent[], RegExp]> = [
    ['an empty stream', [], /empty/],
    [
      'content before message_start',
      [textStart(0), text(0, 'a'), blockStop(0), endTurn, stop],
      /message_start must come first/,
    ],
    ['two message_starts', [start, start, endTurn, stop], /second message_start/],
    ['a delta for a block never started', [start, text(0, 'a'), endTurn, stop], /not open/],
    [
      'a block index that skips',
      [start, textStart(1), text(1, 'a'), blockStop(1), endTurn, stop],
      /expected block index 0/,
    ],
    ['two blocks open at once', [start, textStart(0), text(0, 'a'), textStart(1)], /still open/],
    ['a block never stopped', [start, textStart(0), text(0, 'a'), endTurn, stop], /while block 0 is open/],
    ['an empty text block', [start, textStart(0), blockStop(0), endTurn, stop], /empty text block/],
    [
      'a json delta inside a text block',
      [start, textStart(0), json(0, '{}'), blockStop(0), endTurn, stop],
      /input_json_delta inside a text block/,
    ],
    [
      'tool input that is not JSON',
      [start, toolStart(0), json(0, '{"a":'), blockStop(0), toolUse, stop],
      /not a JSON object/,
    ],
    [
      'tool_use without a tool block',
      [start, textStart(0), text(0, 'a'), blockStop(0), toolUse, stop],
      /without a tool_use block/,
    ],
    [
      'a tool block reported as end_turn',
      [start, toolStart(0), blockStop(0), endTurn, stop],
      /tool_use block with stop_reason end_turn/,
    ],
    [
      'message_stop without message_delta',
      [start, textStart(0), text(0, 'a'), blockStop(0), stop],
      /before message_delta/,
    ],
    [
      'no message_stop',
      [start, textStart(0), text(0, 'a'), blockStop(0), endTurn],
      /ends without message_stop/,
    ],
    ['events after message_stop', [start, endTurn, stop, { type: 'ping' }], /after the end/],
  ];
  for (const [name, events, why] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => assertValidAnthropicStream(events), why);
    });
  }
});

describe('eventsFromFrames', () => {
  it('parses frames and insists the event name matches the payload type', () => {
    assert.deepEqual(eventsFromFrames([jsonFrame(stop)]), [stop]);
    assert.throws(() => eventsFromFrames([{ event: 'ping', data: '{"type":"message_stop"}' }]), /differs/);
  });
});

describe('collectMessage', () => {
  it('assembles text, parsed tool input, stop reason and usage like a client would', () => {
    const collected = collectMessage([
      start,
      textStart(0),
      text(0, 'Hel'),
      text(0, 'lo'),
      blockStop(0),
      toolStart(1),
      json(1, '{"path":'),
      json(1, '"a"}'),
      blockStop(1),
      toolUse,
      stop,
    ]);
    assert.deepEqual(collected?.content, [
      { type: 'text', text: 'Hello' },
      { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } },
    ]);
    assert.equal(collected?.stop_reason, 'tool_use');
  });
});

describe('messageToFrames', () => {
  it('replays a whole message as a valid stream that collects back into the same message', () => {
    const message: MessagesResponse = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Let me look.', signature: 'sig' },
        { type: 'text', text: 'Reading the file.' },
        { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a', lines: [1, 2] } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 34 },
    };
    const events = eventsFromFrames(messageToFrames(message));
    assertValidAnthropicStream(events);
    assert.deepEqual(collectMessage(events), message);
  });
});
