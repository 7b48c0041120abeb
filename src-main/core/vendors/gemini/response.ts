// A whole Gemini GenerateContentResponse (public or v1internal envelope) → Anthropic Messages response.
import type { MessagesResponse, StreamEvent } from '../../../../src-shared/anthropic.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { collectMessage } from '../anthropic-sequence.ts';
import { GeminiContentAssembler } from './content-assembler.ts';
import { readGeminiErrorObject } from './errors.ts';
import { unwrapGeminiBody } from './gemini-types.ts';
import { idSeed, isBlockedFinish, messageIdFor, stopReasonFor, usageFrom } from './response-metadata.ts';

export interface GeminiResponseContext {
  requestedModel: string;
  upstreamModel: string;
  /** Tool names Claude Code declared, to map sanitised Gemini function names back. */
  toolNames?: readonly string[];
}

function emptyAnswerError(message: string): UpstreamError {
  const body = JSON.stringify({ type: 'error', error: { type: 'api_error', message } });
  return {
    kind: 'http',
    status: 502,
    type: 'api_error',
    message,
    retryAfterMs: undefined,
    body,
    headers: {},
  };
}

/**
 * Throws an `UpstreamError` (never a plain Error) when the body is a Gemini error or an answer with nothing in
 * it, so the router can fail over exactly as it does for a non-2xx status.
 */
export function fromGeminiResponse(body: unknown, ctx: GeminiResponseContext): MessagesResponse {
  const unwrapped = unwrapGeminiBody(body);
  if (unwrapped.kind === 'error') throw readGeminiErrorObject(unwrapped.error, 500, {});
  if (unwrapped.kind === 'unknown') throw emptyAnswerError('Gemini answered with an unrecognised body');
  const response = unwrapped.response;
  const candidate = response.candidates?.[0];
  const seed = idSeed(response.responseId);
  const assembler = new GeminiContentAssembler({ idSeed: seed, toolNames: ctx.toolNames });
  const usage = usageFrom(response.usageMetadata);
  const events: StreamEvent[] = [
    {
      type: 'message_start',
      message: {
        id: messageIdFor(seed),
        type: 'message',
        role: 'assistant',
        model: ctx.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    },
  ];
  for (const part of candidate?.content?.parts ?? []) events.push(...assembler.accept(part));
  events.push(...assembler.close());

  const blockReason = response.promptFeedback?.blockReason;
  const finishReason = candidate?.finishReason ?? (blockReason ? 'SAFETY' : undefined);
  const message = collectMessage(events);
  if (!message) throw emptyAnswerError('Gemini answered with an unrecognised body');
  if (message.content.length === 0) {
    if (!isBlockedFinish(finishReason)) {
      throw emptyAnswerError(`Gemini returned an empty answer (finishReason ${finishReason ?? 'none'})`);
    }
    // A blocked prompt or answer is a clean refusal, not a crash and not an empty text block (§8.3).
    message.content.push({
      type: 'text',
      text: `[Gemini blocked this answer: ${blockReason ?? finishReason}]`,
    });
  }
  message.stop_reason = stopReasonFor(finishReason, assembler.sawToolUse);
  message.stop_sequence = null;
  return message;
}
