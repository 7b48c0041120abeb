// Small mappings both the whole-response reader and the stream translator need, kept in one place so a streamed
// and a non-streamed answer from the same vendor read the same way.
import { randomBytes } from 'node:crypto';
import type { StopReason, Usage } from '../../../../src-shared/anthropic.ts';
import type { OpenAIResponseMessage, OpenAIUsage } from './types.ts';

/**
 * finish_reason → stop_reason (vendors-protocols §3.4). `tool_use` is reported exactly when a tool block was
 * produced (§8.4): Claude Code waits for tool results after `tool_use`, so reporting it without a block hangs
 * the turn, and some servers say `stop` even though they returned tool calls.
 */
export function stopReasonFor(finishReason: string | null | undefined, sawToolBlock: boolean): StopReason {
  if (finishReason === 'length') return 'max_tokens';
  if (sawToolBlock) return 'tool_use';
  if (finishReason === 'content_filter') return 'refusal';
  return 'end_turn';
}

/** OpenAI counts cached prompt tokens inside `prompt_tokens`; Anthropic counts them separately. */
export function anthropicUsage(usage: OpenAIUsage | undefined): Usage {
  const prompt = nonNegative(usage?.prompt_tokens);
  const cached = nonNegative(usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens);
  const result: Usage = {
    input_tokens: Math.max(0, prompt - cached),
    output_tokens: nonNegative(usage?.completion_tokens),
  };
  if (cached > 0) result.cache_read_input_tokens = cached;
  return result;
}

export function isUsage(value: unknown): value is OpenAIUsage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Anthropic-style id; the vendor's own id stays readable inside it for tracing in the ledger. */
export function messageId(upstreamId: unknown): string {
  if (typeof upstreamId === 'string' && /^[\w.:-]{1,200}$/.test(upstreamId)) {
    return upstreamId.startsWith('msg_') ? upstreamId : `msg_${upstreamId}`;
  }
  return `msg_${randomBytes(12).toString('hex')}`;
}

export function toolUseId(upstreamId: unknown): string {
  if (typeof upstreamId === 'string' && upstreamId.length > 0) return upstreamId;
  return `toolu_${randomBytes(12).toString('hex')}`;
}

/**
 * Tool arguments → tool input. Invalid JSON becomes `{}` rather than an error or an invented field: Claude Code
 * then reports the missing parameters back to the model, which retries the call — and the block stays valid for
 * any vendor it is replayed to later (an extra `raw_arguments` key would be rejected by Anthropic's schema).
 * Some models double-encode (`"{\"a\":1}"`), so a string that itself holds an object is unwrapped once.
 */
export function parseToolArguments(text: string | null | undefined): Record<string, unknown> {
  if (typeof text !== 'string' || text.trim() === '') return {};
  let value = tryParse(text);
  if (typeof value === 'string') value = tryParse(value);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The reasoning text of a message or delta, whichever field this vendor uses for it. */
export function reasoningOf(message: OpenAIResponseMessage): string {
  for (const value of [message.reasoning_content, message.reasoning, message.reasoning_text]) {
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return '';
}

export function vendorModel(model: unknown, upstreamModel: string): string {
  return typeof model === 'string' && model.length > 0 ? model : upstreamModel;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function nonNegative(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
