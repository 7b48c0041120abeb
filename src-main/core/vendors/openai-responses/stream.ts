// Responses API events → Anthropic stream events, one SSE frame at a time. Blocks are keyed by `output_index`
// (plus `content_index` for text), never by item id: Copilot sends a different `item_id` on every event (vercel/ai
// fixture github-copilot-id-rotation.1.chunks.txt). Output items arrive one after another, so one Anthropic block
// is open at a time; a late delta for a closed block is dropped rather than corrupting another.
import type { StreamEvent } from '../../../../src-shared/anthropic.ts';
import { jsonFrame, type SseFrame } from '../../sse/sse-frame.ts';
import { messageId, toolUseId, vendorModel } from '../openai/response-mapping.ts';
import type { ExchangeContext, StreamTranslator } from '../vendor-adapter.ts';
import { responsesError, responsesStopReason, responsesUsage } from './mapping.ts';
import { reasoningSignature } from './reasoning-signature.ts';
import { vendorErrorFrame } from '../error-shapes.ts';
import { openAIStreamErrorFrame } from '../openai/stream-errors.ts';
import type { ResponsesOutputItem, ResponsesResult, ResponsesStreamEvent } from './types.ts';

type Kind = 'text' | 'thinking' | 'tool';

interface Block {
  key: string;
  kind: Kind;
  index: number;
  /** Deltas sent (a `.done` event only fills in what no delta carried). */
  sent: boolean;
}

export function createResponsesStreamTranslator(
  ctx: Pick<ExchangeContext, 'upstreamModel'>,
): StreamTranslator {
  let started = false;
  let finished = false;
  let nextIndex = 0;
  let open: Block | undefined;
  const closed = new Set<string>();
  let sawContent = false;
  let sawToolUse = false;
  let out: SseFrame[] = [];

  const emit = (event: StreamEvent): void => {
    out.push(jsonFrame(event));
  };

  function start(response: ResponsesResult | undefined): void {
    if (started) return;
    started = true;
    emit({
      type: 'message_start',
      message: {
        id: messageId(response?.id),
        type: 'message',
        role: 'assistant',
        model: vendorModel(response?.model, ctx.upstreamModel),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  function close(): void {
    if (!open) return;
    emit({ type: 'content_block_stop', index: open.index });
    closed.add(open.key);
    open = undefined;
  }

  /** The open block for `key`, opening it (and closing another) when needed; undefined once it was closed. */
  function blockFor(key: string, kind: Kind, item?: ResponsesOutputItem): Block | undefined {
    if (open?.key === key) return open;
    if (closed.has(key)) return undefined;
    start(undefined);
    close();
    open = { key, kind, index: nextIndex++, sent: false };
    if (kind === 'tool') {
      sawToolUse = true;
      emit({
        type: 'content_block_start',
        index: open.index,
        content_block: {
          type: 'tool_use',
          id: toolUseId(item?.call_id),
          name: String(item?.name ?? ''),
          input: {},
        },
      });
    } else {
      const block =
        kind === 'text'
          ? { type: 'text' as const, text: '' }
          : { type: 'thinking' as const, thinking: '', signature: '' };
      emit({ type: 'content_block_start', index: open.index, content_block: block });
    }
    return open;
  }

  function text(key: string, value: string, whole: boolean): void {
    if (!value) return;
    const block = blockFor(key, 'text');
    if (!block || (whole && block.sent)) return;
    block.sent = true;
    sawContent = true;
    emit({ type: 'content_block_delta', index: block.index, delta: { type: 'text_delta', text: value } });
  }

  function thinking(key: string, value: string): void {
    if (!value) return;
    const block = blockFor(key, 'thinking');
    if (!block) return;
    // A second summary part of the same reasoning item reads as a new paragraph.
    const separated = block.sent ? `\n\n${value}` : value;
    block.sent = true;
    emit({
      type: 'content_block_delta',
      index: block.index,
      delta: { type: 'thinking_delta', thinking: separated },
    });
  }

  function toolArguments(key: string, value: string, whole: boolean, item?: ResponsesOutputItem): void {
    const block = blockFor(key, 'tool', item);
    if (!block || !value || (whole && block.sent)) return;
    block.sent = true;
    sawContent = true;
    emit({
      type: 'content_block_delta',
      index: block.index,
      delta: { type: 'input_json_delta', partial_json: value },
    });
  }

  function itemDone(key: string, item: ResponsesOutputItem): void {
    if (item.type === 'function_call') {
      toolArguments(key, item.arguments ?? '', true, item);
      sawContent = true;
      if (open?.key === key) close();
    } else if (item.type === 'reasoning') {
      const signed = typeof item.encrypted_content === 'string' && item.encrypted_content !== '' && item.id;
      if (signed) {
        const block = blockFor(key, 'thinking');
        const signature = reasoningSignature(String(item.id), String(item.encrypted_content));
        if (block)
          emit({
            type: 'content_block_delta',
            index: block.index,
            delta: { type: 'signature_delta', signature },
          });
      }
      if (open?.key === key) close();
    }
  }

  function fail(type: string, message: string): void {
    failWith(vendorErrorFrame({ type, message }));
  }

  /** Ends the stream with the vendor's error, read by its error reader (verdict included). */
  function failWith(frame: SseFrame): void {
    close();
    out.push(frame);
    finished = true;
  }

  function complete(response: ResponsesResult | undefined): void {
    start(response);
    close();
    if (!sawContent) {
      fail('api_error', `the vendor returned an empty response (status ${response?.status ?? 'unknown'})`);
      return;
    }
    emit({
      type: 'message_delta',
      delta: { stop_reason: responsesStopReason(response, sawToolUse), stop_sequence: null },
      usage: responsesUsage(response?.usage),
    });
    emit({ type: 'message_stop' });
    finished = true;
  }

  function onEvent(event: ResponsesStreamEvent): void {
    const output = event.output_index ?? 0;
    const textKey = `${output}:${event.content_index ?? 0}`;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
        start(event.response);
        return;
      case 'response.output_item.added':
        if (event.item?.type === 'function_call')
          toolArguments(String(output), event.item.arguments ?? '', false, event.item);
        return;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        text(textKey, event.delta ?? '', false);
        return;
      case 'response.output_text.done':
        text(textKey, event.text ?? '', true);
        return;
      case 'response.reasoning_summary_text.delta':
        thinking(String(output), event.delta ?? '');
        return;
      case 'response.function_call_arguments.delta':
        toolArguments(String(output), event.delta ?? '', false);
        return;
      case 'response.function_call_arguments.done':
        toolArguments(String(output), event.arguments ?? '', true);
        return;
      case 'response.output_item.done':
        if (event.item) itemDone(String(output), event.item);
        return;
      case 'response.completed':
      case 'response.incomplete':
        complete(event.response);
        return;
      case 'response.failed':
      case 'error': {
        // The vendor's error object, judged as the same object on an HTTP status (openai/stream-errors.ts).
        const error =
          event.type !== 'error'
            ? event.response?.error
            : typeof event.error === 'object' && event.error !== null
              ? (event.error as Record<string, unknown>)
              : { code: event.code, message: event.message };
        failWith(openAIStreamErrorFrame({ error }, responsesError(error).message));
        return;
      }
    }
  }

  return {
    push(frame) {
      out = [];
      if (finished) return out;
      const data = frame.data.trim();
      if (!data || data === '[DONE]') return out;
      let event: ResponsesStreamEvent;
      try {
        event = JSON.parse(data) as ResponsesStreamEvent;
      } catch {
        return out; // a malformed frame is skipped; the completion event still decides the outcome
      }
      if (event && typeof event === 'object') onEvent({ ...event, type: event.type ?? frame.event });
      return out;
    },
    end() {
      out = [];
      // Responses always ends with response.completed/incomplete/failed: without one the answer was cut short.
      if (!finished) fail('api_error', 'the vendor ended the stream before response.completed');
      return out;
    },
  };
}
