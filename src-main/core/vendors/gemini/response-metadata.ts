// Everything about a Gemini answer besides its parts: ids, stop reason, usage (vendors-protocols.md §4.4).
import { createHash, randomUUID } from 'node:crypto';
import type { StopReason, Usage } from '../../../../src-shared/anthropic.ts';
import type { GeminiUsageMetadata } from './gemini-types.ts';

/** Finish reasons meaning "Gemini refused / filtered the answer". */
const BLOCKED_FINISH_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
]);

export function isBlockedFinish(finishReason: string | undefined): boolean {
  return finishReason !== undefined && BLOCKED_FINISH_REASONS.has(finishReason);
}

/** `FINISH_REASON_UNSPECIFIED` is "not finished yet", not a finish. */
export function isFinish(finishReason: string | undefined): finishReason is string {
  return (
    typeof finishReason === 'string' && finishReason !== '' && finishReason !== 'FINISH_REASON_UNSPECIFIED'
  );
}

/** Gemini says STOP even after function calls; Claude Code only runs tools on `tool_use` (§8.4). */
export function stopReasonFor(finishReason: string | undefined, sawToolUse: boolean): StopReason {
  if (sawToolUse) return 'tool_use';
  if (finishReason === 'MAX_TOKENS') return 'max_tokens';
  if (isBlockedFinish(finishReason)) return 'refusal';
  return 'end_turn';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Anthropic's input excludes cache reads; Gemini's prompt count includes them, and thoughts are billed as output. */
export function usageFrom(metadata: GeminiUsageMetadata | undefined): Usage {
  const cached = count(metadata?.cachedContentTokenCount);
  return {
    input_tokens: Math.max(count(metadata?.promptTokenCount) - cached, 0),
    output_tokens: count(metadata?.candidatesTokenCount) + count(metadata?.thoughtsTokenCount),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** A seed for ids: Gemini's responseId when it sent one, so the same answer always gets the same ids. */
export function idSeed(responseId: unknown): string {
  return typeof responseId === 'string' && responseId !== '' ? responseId : randomUUID();
}

export function messageIdFor(seed: string): string {
  const safe = seed.replace(/[^A-Za-z0-9_-]/g, '');
  return `msg_${safe || createHash('sha256').update(seed).digest('base64url').slice(0, 24)}`;
}

/** Stable between a streamed and a non-streamed reading of the same response. */
export function toolIdFor(seed: string, ordinal: number): string {
  return `toolu_${createHash('sha256').update(`${seed}:${ordinal}`).digest('base64url').slice(0, 24)}`;
}

const ANTHROPIC_TOOL_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Gemini 3 / Antigravity sometimes send their own call id; keep it when Anthropic would accept it. */
export function usableVendorId(id: unknown): string | undefined {
  return typeof id === 'string' && ANTHROPIC_TOOL_ID.test(id) ? id : undefined;
}
