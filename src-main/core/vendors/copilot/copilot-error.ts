// Copilot answers errors in two shapes. Its own gateway (token, quota, model access, client version) speaks
// OpenAI's `{"error":{"message","code"}}` on every path — 402 `quota_exceeded`, 400 `model_not_supported`, 466 —
// while on `/v1/messages` the model's own refusals ("prompt is too long", a bad field) keep Anthropic's
// `{"type":"error","error":{"type","message"}}`, which is forwarded unchanged: Claude Code reads its wording to
// recover (compaction on "prompt is too long"). Both readers give the same verdicts (vendor-verdict.ts).
import type { UpstreamError } from '../../common/upstream-error.ts';
import { readAnthropicError } from '../anthropic/errors.ts';
import { readOpenAIError } from '../openai/errors.ts';

function isAnthropicShaped(bodyText: string): boolean {
  if (!bodyText.includes('"type"')) return false;
  try {
    const body = JSON.parse(bodyText) as { type?: unknown; error?: { type?: unknown } } | null;
    return body?.type === 'error' && typeof body.error?.type === 'string';
  } catch {
    return false;
  }
}

export function readCopilotError(
  status: number,
  bodyText: string,
  headers: Record<string, string>,
  now: number,
): UpstreamError {
  return isAnthropicShaped(bodyText)
    ? readAnthropicError(status, bodyText, headers, 'GitHub Copilot', now)
    : readOpenAIError(status, bodyText, headers, now);
}
