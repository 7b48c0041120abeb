// Copilot's Messages endpoint answers in Anthropic's format (JSON, or an event stream), so its answer goes to the
// client as it came, with one change: the thinking signatures are marked as Copilot's (native-signature.ts). Only
// the events that can carry one are parsed; every other event passes as the vendor sent it.
import type { MessagesResponse } from '../../../../src-shared/anthropic.ts';
import type { SseFrame } from '../../sse/sse-frame.ts';
import { readAnthropicWireEventError } from '../anthropic/errors.ts';
import type { VendorErrorFrame } from '../error-shapes.ts';
import type { StreamTranslator } from '../vendor-adapter.ts';
import { markBlock, markCopilotSignature } from './native-signature.ts';

/** A whole (non-streamed) answer from `/v1/messages`. */
export function fromNativeResponse(body: unknown): MessagesResponse {
  const message = body as MessagesResponse;
  if (!Array.isArray(message?.content)) return message;
  return { ...message, content: message.content.map(markBlock) };
}

function marked(frame: SseFrame): SseFrame {
  let event: {
    type?: unknown;
    content_block?: { type?: unknown };
    delta?: { type?: unknown; signature?: unknown };
  };
  try {
    event = JSON.parse(frame.data);
  } catch {
    return frame; // the pre-content gate judges unreadable events
  }
  if (event.content_block && typeof event.content_block === 'object') {
    const block = markBlock(event.content_block);
    if (block === event.content_block) return frame;
    return { event: frame.event, data: JSON.stringify({ ...event, content_block: block }) };
  }
  const delta = event.delta;
  if (delta?.type === 'signature_delta' && typeof delta.signature === 'string' && delta.signature !== '') {
    const signature = markCopilotSignature(delta.signature);
    return { event: frame.event, data: JSON.stringify({ ...event, delta: { ...delta, signature } }) };
  }
  return frame;
}

/** The event's own `type`, for the rare relay that sends `data:` lines without an `event:` line. */
function namedFrame(frame: SseFrame): SseFrame {
  if (frame.event !== '') return frame;
  try {
    const type = (JSON.parse(frame.data) as { type?: unknown }).type;
    return typeof type === 'string' && type !== '' ? { event: type, data: frame.data } : frame;
  } catch {
    return frame;
  }
}

export function createNativeStreamTranslator(): StreamTranslator {
  return {
    push(frame) {
      // An OpenAI-style terminator some Copilot relays append (caozhiyuan api-flows.ts stops at it): not an event.
      if (frame.data === '[DONE]') return [];
      const named = namedFrame(frame);
      if (named.event === 'error') {
        // Judged as the anthropic kind judges it (quota, throttle, cannot serve); the vendor's bytes go as they came.
        const failure = readAnthropicWireEventError(named);
        return [failure ? ({ ...named, failure } satisfies VendorErrorFrame) : named];
      }
      if (named.event === 'content_block_start') {
        return [named.data.includes('thinking"') ? marked(named) : named];
      }
      if (named.event === 'content_block_delta' && named.data.includes('"signature_delta"'))
        return [marked(named)];
      return [named];
    },
    end: () => [],
  };
}
