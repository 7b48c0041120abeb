// The ordering rules of an Anthropic Messages stream, as a checker every translating vendor's tests run their
// output through. Claude Code's SDK is unforgiving: a delta for a block that was never started, two open blocks,
// an empty text block (later rejected with "text content blocks must be non-empty", anthropics/claude-code#88536)
// or `tool_use` without a tool block each break a session in a different way.
import type {
  ContentBlock,
  MessagesResponse,
  OtherBlock,
  StreamEvent,
} from '../../../src-shared/anthropic.ts';
import type { SseFrame } from '../sse/sse-frame.ts';

/** Parses SSE frames into events, checking each frame's event name equals its payload's `type`. */
export function eventsFromFrames(frames: ReadonlyArray<SseFrame>): StreamEvent[] {
  return frames.map((frame, position) => {
    const event = JSON.parse(frame.data) as StreamEvent;
    if (frame.event !== event.type) {
      throw new Error(
        `frame ${position}: event name "${frame.event}" differs from payload type "${event.type}"`,
      );
    }
    return event;
  });
}

/**
 * Throws (with the position of the offending event) unless `events` is a complete, well-ordered stream:
 * message_start first; blocks indexed 0, 1, 2… with one open at a time, each started before its deltas, with
 * deltas of its own kind, and stopped; non-empty text blocks; tool input that is valid JSON; message_delta after
 * every block closed; message_stop last. An `error` event may end the stream at any point (also as the only event).
 * `ping` may appear anywhere before the end.
 */
export function assertValidAnthropicStream(events: ReadonlyArray<StreamEvent>): void {
  const fail = (position: number, why: string): never => {
    throw new Error(
      `invalid Anthropic stream at event ${position} (${events[position]?.type ?? 'end'}): ${why}`,
    );
  };
  if (events.length === 0) fail(0, 'the stream is empty');
  let phase: 'before' | 'content' | 'delta' | 'done' = 'before';
  let open: { index: number; kind: string; text: string } | undefined;
  let nextIndex = 0;
  let sawToolUse = false;

  for (const [position, event] of events.entries()) {
    if (phase === 'done') fail(position, 'events after the end of the stream');
    if (event.type === 'error') {
      phase = 'done';
      continue;
    }
    if (event.type === 'ping') continue;
    if (phase === 'before' && event.type !== 'message_start') fail(position, 'message_start must come first');
    switch (event.type) {
      case 'message_start':
        if (phase !== 'before') fail(position, 'a second message_start');
        phase = 'content';
        continue;
      case 'content_block_start': {
        if (phase !== 'content') fail(position, 'a block started after message_delta');
        if (open) fail(position, `block ${open.index} is still open`);
        if (event.index !== nextIndex)
          fail(position, `expected block index ${nextIndex}, got ${event.index}`);
        nextIndex++;
        const block = event.content_block as { type: string; text?: unknown };
        if (block.type === 'tool_use') sawToolUse = true;
        open = {
          index: event.index,
          kind: block.type,
          text: typeof block.text === 'string' ? block.text : '',
        };
        continue;
      }
      case 'content_block_delta': {
        if (!open || open.index !== event.index)
          fail(position, `delta for block ${event.index}, which is not open`);
        const allowed = DELTAS_BY_BLOCK[open?.kind ?? ''];
        if (allowed && !allowed.includes(event.delta.type)) {
          fail(position, `${event.delta.type} inside a ${open?.kind} block`);
        }
        if (open && event.delta.type === 'text_delta') open.text += event.delta.text;
        if (open && event.delta.type === 'input_json_delta') open.text += event.delta.partial_json;
        continue;
      }
      case 'content_block_stop':
        if (!open || open.index !== event.index)
          fail(position, `stop for block ${event.index}, which is not open`);
        if (open?.kind === 'text' && open.text.length === 0) fail(position, 'an empty text block');
        if (open?.kind === 'tool_use' && open.text.trim() !== '' && !isJsonObject(open.text)) {
          fail(position, `tool input is not a JSON object: ${open.text.slice(0, 80)}`);
        }
        open = undefined;
        continue;
      case 'message_delta':
        if (phase !== 'content') fail(position, 'message_delta twice');
        if (open) fail(position, `message_delta while block ${open.index} is open`);
        if (event.delta.stop_reason === 'tool_use' && !sawToolUse)
          fail(position, 'stop_reason tool_use without a tool_use block');
        if (
          sawToolUse &&
          event.delta.stop_reason !== 'tool_use' &&
          event.delta.stop_reason !== 'max_tokens'
        ) {
          fail(position, `a tool_use block with stop_reason ${event.delta.stop_reason}`);
        }
        phase = 'delta';
        continue;
      case 'message_stop':
        if (phase !== 'delta') fail(position, 'message_stop before message_delta');
        phase = 'done';
        continue;
      default:
        fail(position, 'unknown event type');
    }
  }
  if (phase !== 'done') fail(events.length, 'the stream ends without message_stop or error');
}

const DELTAS_BY_BLOCK: Record<string, string[]> = {
  text: ['text_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
};

/** Folds a (valid) event sequence into the message a client would assemble, for asserting content in tests. */
export function collectMessage(events: ReadonlyArray<StreamEvent>): MessagesResponse | undefined {
  let message: MessagesResponse | undefined;
  const partialJson = new Map<number, string>();
  for (const event of events) {
    if (event.type === 'message_start') message = { ...event.message, content: [] };
    if (!message) continue;
    if (event.type === 'content_block_start') message.content[event.index] = { ...event.content_block };
    if (event.type === 'content_block_delta') {
      const block = message.content[event.index] as Record<string, unknown> | undefined;
      if (!block) continue;
      const delta = event.delta;
      if (delta.type === 'text_delta') block.text = `${block.text ?? ''}${delta.text}`;
      if (delta.type === 'thinking_delta') block.thinking = `${block.thinking ?? ''}${delta.thinking}`;
      if (delta.type === 'signature_delta') block.signature = `${block.signature ?? ''}${delta.signature}`;
      if (delta.type === 'input_json_delta') {
        partialJson.set(event.index, (partialJson.get(event.index) ?? '') + delta.partial_json);
      }
    }
    if (event.type === 'content_block_stop' && partialJson.has(event.index)) {
      const block = message.content[event.index] as ContentBlock | OtherBlock;
      const json = partialJson.get(event.index) ?? '';
      (block as Record<string, unknown>).input = json.trim() === '' ? {} : JSON.parse(json);
    }
    if (event.type === 'message_delta') {
      message.stop_reason = event.delta.stop_reason;
      message.stop_sequence = event.delta.stop_sequence;
      message.usage = { ...message.usage, ...event.usage };
    }
  }
  return message;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * A whole message as the event sequence a streaming client expects — the inverse of `collectMessage`. Used when a
 * vendor answered a streaming request with one JSON body.
 */
export function messageToFrames(message: MessagesResponse): SseFrame[] {
  const frames: SseFrame[] = [];
  const push = (event: { type: string; [key: string]: unknown }) =>
    frames.push({ event: event.type, data: JSON.stringify(event) });
  push({
    type: 'message_start',
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...message.usage, output_tokens: 0 },
    },
  });
  message.content.forEach((block, index) => {
    const b = block as {
      type: string;
      text?: string;
      thinking?: string;
      input?: unknown;
      signature?: string;
    };
    if (b.type === 'text') {
      push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text ?? '' } });
    } else if (b.type === 'thinking') {
      push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '' } });
      push({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: b.thinking ?? '' },
      });
      if (b.signature)
        push({
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: b.signature },
        });
    } else if (b.type === 'tool_use') {
      push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input ?? {}) },
      });
    } else {
      push({ type: 'content_block_start', index, content_block: block });
    }
    push({ type: 'content_block_stop', index });
  });
  push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: message.usage,
  });
  push({ type: 'message_stop' });
  return frames;
}
