// Chat Completions chunks → Anthropic stream events (vendors-protocols §3.3): a small state machine fed one SSE
// frame at a time. It always produces a valid Anthropic sequence (`anthropic-sequence.ts` checks that in the
// tests), or ends in an Anthropic `error` event when the vendor failed — including the "fake 200" failures
// (empty completion, runaway whitespace) that must fail over instead of reaching Claude Code as a blank answer.
import type { StreamEvent } from '../../../../src-shared/anthropic.ts';
import { jsonFrame, type SseFrame } from '../../sse/sse-frame.ts';
import type { StreamTranslator } from '../vendor-adapter.ts';
import { vendorErrorFrame } from '../error-shapes.ts';
import { openAIStreamErrorFrame } from './stream-errors.ts';
import {
  anthropicUsage,
  isUsage,
  messageId,
  reasoningOf,
  stopReasonFor,
  toolUseId,
  vendorModel,
} from './response-mapping.ts';
import { isCompleteJson, ToolCalls, type ToolState } from './stream-tool-calls.ts';
import type { OpenAIChatChunk, OpenAIResponseMessage, OpenAIResponseToolCall, OpenAIUsage } from './types.ts';

/**
 * Copilot (and some local servers) occasionally stream whitespace forever (cc-switch raised its abort threshold
 * for exactly this). No real answer holds this many whitespace characters in a row.
 */
export const RUNAWAY_WHITESPACE_CHARS = 2000;

export interface OpenAIStreamContext {
  requestedModel: string;
  upstreamModel: string;
}

type OpenBlock =
  | { kind: 'text' | 'thinking'; index: number }
  | { kind: 'tool'; index: number; tool: ToolState };

export function createOpenAIStreamTranslator(ctx: OpenAIStreamContext): StreamTranslator {
  let started = false;
  let finished = false;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  const tools = new ToolCalls();
  let finishReason: string | undefined;
  let usage: OpenAIUsage | undefined;
  let sawText = false;
  let sawToolBlock = false;
  // Whitespace not yet forwarded: held until non-whitespace follows, so a runaway run is never half-sent and a
  // whitespace-only answer never opens a text block.
  let pendingWhitespace = '';
  let out: SseFrame[] = [];

  const emit = (event: StreamEvent): void => {
    out.push(jsonFrame(event));
  };

  function start(chunk: OpenAIChatChunk): void {
    if (started) return;
    started = true;
    emit({
      type: 'message_start',
      message: {
        id: messageId(chunk.id),
        type: 'message',
        role: 'assistant',
        model: vendorModel(chunk.model, ctx.upstreamModel),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  function closeOpen(): void {
    if (!open) return;
    if (open.kind === 'text' && pendingWhitespace) {
      emit({
        type: 'content_block_delta',
        index: open.index,
        delta: { type: 'text_delta', text: pendingWhitespace },
      });
      pendingWhitespace = '';
    }
    if (open.kind === 'tool') open.tool.state = 'closed';
    emit({ type: 'content_block_stop', index: open.index });
    open = undefined;
  }

  function fail(type: string, message: string): void {
    failWith(vendorErrorFrame({ type, message }));
  }

  /** Ends the stream with the vendor's error, read by its error reader (verdict included). */
  function failWith(frame: SseFrame): void {
    closeOpen();
    out.push(frame);
    finished = true;
  }

  function onReasoning(text: string): void {
    if (open?.kind !== 'thinking') {
      closeOpen();
      pendingWhitespace = '';
      open = { kind: 'thinking', index: nextIndex++ };
      emit({
        type: 'content_block_start',
        index: open.index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
    }
    emit({
      type: 'content_block_delta',
      index: open.index,
      delta: { type: 'thinking_delta', thinking: text },
    });
  }

  function onText(text: string): void {
    const combined = pendingWhitespace + text;
    const trailing = /\s*$/.exec(combined)?.[0] ?? '';
    if (trailing.length === combined.length) {
      pendingWhitespace = combined;
      if (pendingWhitespace.length > RUNAWAY_WHITESPACE_CHARS) {
        fail(
          'api_error',
          `the vendor streamed more than ${RUNAWAY_WHITESPACE_CHARS} whitespace characters in a row (runaway generation)`,
        );
      }
      return;
    }
    pendingWhitespace = trailing;
    if (open?.kind !== 'text') {
      closeOpen();
      open = { kind: 'text', index: nextIndex++ };
      emit({ type: 'content_block_start', index: open.index, content_block: { type: 'text', text: '' } });
    }
    const visible = combined.slice(0, combined.length - trailing.length);
    emit({ type: 'content_block_delta', index: open.index, delta: { type: 'text_delta', text: visible } });
    sawText = true;
  }

  function startTool(tool: ToolState): void {
    closeOpen();
    pendingWhitespace = '';
    const index = nextIndex++;
    tool.state = 'open';
    open = { kind: 'tool', index, tool };
    sawToolBlock = true;
    emit({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: toolUseId(tool.id), name: tool.name ?? '', input: {} },
    });
    if (tool.args)
      emit({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: tool.args },
      });
  }

  /**
   * A pending tool streams live once its id and name are known — unless another tool's block is open with
   * incomplete arguments: some servers interleave fragments of parallel calls (§8.2), and an Anthropic block
   * cannot be reopened, so the newcomer then waits (buffered) until the open one completes or the turn finishes.
   */
  function tryStartPendingTools(): void {
    for (const tool of tools.all()) {
      if (tool.state !== 'pending' || !tool.id || !tool.name) continue;
      if (open?.kind === 'tool' && !isCompleteJson(open.tool.args)) return;
      startTool(tool);
    }
  }

  function onToolCall(call: OpenAIResponseToolCall): void {
    const { tool, fragment } = tools.add(call);
    if (tool.state === 'open' && fragment && open?.kind === 'tool') {
      emit({
        type: 'content_block_delta',
        index: open.index,
        delta: { type: 'input_json_delta', partial_json: fragment },
      });
    }
    // A fragment for a tool whose block is already closed cannot be delivered (only possible when text arrived
    // between two fragments of one call); it is dropped rather than corrupting another block.
    tryStartPendingTools();
  }

  function onFinishReason(): void {
    closeOpen();
    pendingWhitespace = '';
    for (const tool of tools.all()) {
      if (tool.state !== 'pending') continue;
      if (!tool.name) {
        tool.state = 'closed'; // a call without a name cannot be run by Claude Code
        continue;
      }
      startTool(tool);
      closeOpen();
    }
  }

  function finalise(): void {
    if (finished) return;
    onFinishReason();
    if (!sawText && !sawToolBlock) {
      fail(
        'api_error',
        `the vendor returned an empty completion (no text and no tool call; finish_reason ${finishReason ?? 'none'})`,
      );
      return;
    }
    emit({
      type: 'message_delta',
      delta: { stop_reason: stopReasonFor(finishReason, sawToolBlock), stop_sequence: null },
      usage: anthropicUsage(usage),
    });
    emit({ type: 'message_stop' });
    finished = true;
  }

  function onDelta(delta: OpenAIResponseMessage): void {
    const reasoning = reasoningOf(delta);
    if (reasoning) onReasoning(reasoning);
    if (typeof delta.content === 'string' && delta.content.length > 0) onText(delta.content);
    if (finished) return;
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (call && typeof call === 'object') onToolCall(call);
    }
  }

  function onChunk(chunk: OpenAIChatChunk): void {
    if (chunk.error !== undefined && chunk.error !== null) {
      failWith(openAIStreamErrorFrame(chunk, 'the vendor reported an error mid-stream'));
      return;
    }
    start(chunk);
    let usageArrived = false;
    if (isUsage(chunk.usage)) {
      usage = chunk.usage;
      usageArrived = true;
    }
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (!choice || typeof choice !== 'object') continue;
      if (isUsage(choice.usage)) {
        usage = choice.usage;
        usageArrived = true;
      }
      if (choice.delta && typeof choice.delta === 'object') onDelta(choice.delta);
      if (finished) return;
      const reason = choice.finish_reason;
      if (reason === 'error') {
        fail('api_error', 'the vendor ended the completion with finish_reason "error"');
        return;
      }
      if (typeof reason === 'string' && reason.length > 0 && finishReason === undefined) {
        finishReason = reason;
        onFinishReason();
      }
    }
    // With include_usage the usage comes in a chunk after the finish: message_delta waits for it (or [DONE]).
    if (finishReason !== undefined && usageArrived) finalise();
  }

  return {
    push(frame: SseFrame): SseFrame[] {
      out = [];
      if (finished) return out;
      const data = frame.data.trim();
      if (data === '[DONE]') finalise();
      else if (data) {
        const chunk = parseChunk(data);
        if (chunk) onChunk(chunk);
      }
      return out;
    },
    end(): SseFrame[] {
      out = [];
      finalise();
      return out;
    },
  };
}

function parseChunk(data: string): OpenAIChatChunk | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as OpenAIChatChunk)
      : undefined;
  } catch {
    return undefined; // a malformed frame is skipped, not fatal: the rest of the stream is usually fine
  }
}
