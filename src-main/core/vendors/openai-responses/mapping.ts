// What the whole-answer reader and the stream translator share, so both read a Responses answer the same way.
import type { StopReason, Usage } from '../../../../src-shared/anthropic.ts';
import { anthropicErrorTypeForDetails } from '../openai/errors.ts';
import type { ResponsesResult, ResponsesUsage } from './types.ts';

/** `input_tokens` includes cached tokens; Anthropic counts them separately. */
export function responsesUsage(usage: ResponsesUsage | null | undefined): Usage {
  const input = count(usage?.input_tokens);
  const cached = count(usage?.input_tokens_details?.cached_tokens);
  const result: Usage = {
    input_tokens: Math.max(0, input - cached),
    output_tokens: count(usage?.output_tokens),
  };
  if (cached > 0) result.cache_read_input_tokens = cached;
  return result;
}

/** `tool_use` exactly when a tool block was produced; an answer cut by the output limit is `max_tokens`. */
export function responsesStopReason(result: ResponsesResult | undefined, sawToolUse: boolean): StopReason {
  if (result?.status === 'incomplete' && result.incomplete_details?.reason === 'max_output_tokens') {
    return 'max_tokens';
  }
  if (sawToolUse) return 'tool_use';
  if (result?.incomplete_details?.reason === 'content_filter') return 'refusal';
  return 'end_turn';
}

/** A failed response's error as an Anthropic error type + message. */
export function responsesError(error: { code?: unknown; message?: unknown } | null | undefined): {
  type: string;
  message: string;
} {
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' && error.message ? error.message : 'the response failed';
  return { type: anthropicErrorTypeForDetails({ message, type: undefined, code }), message };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
