// Gemini SSE (`data: <GenerateContentResponse>` lines, no event names, no [DONE], v1internal wrapped in
// `response`) → Anthropic SSE. message_start waits for the first part, so an answer with no content at all
// becomes a lone `error` frame and the router can still fail over (vendors-protocols.md §4.5).
import { errorBody, type StreamEvent } from '../../../../src-shared/anthropic.ts';
import { jsonFrame, type SseFrame } from '../../sse/sse-frame.ts';
import type { ExchangeContext, StreamTranslator } from '../vendor-adapter.ts';
import { GeminiContentAssembler } from './content-assembler.ts';
import { vendorErrorFrame } from '../error-shapes.ts';
import { readGeminiErrorObject } from './errors.ts';
import type { GeminiUsageMetadata } from './gemini-types.ts';
import { unwrapGeminiBody } from './gemini-types.ts';
import type { GeminiResponseContext } from './response.ts';
import {
  idSeed,
  isBlockedFinish,
  isFinish,
  messageIdFor,
  stopReasonFor,
  usageFrom,
} from './response-metadata.ts';

export type GeminiStreamContext = GeminiResponseContext &
  Partial<Pick<ExchangeContext, 'request'>> & {
    /** The proxy's clock, for resets Google states relative to now (a per-day quota lifts at midnight Pacific). */
    now?: () => number;
  };

export function createGeminiStreamTranslator(ctx: GeminiStreamContext): StreamTranslator {
  const toolNames = ctx.toolNames ?? ctx.request?.tools?.map((tool) => tool.name);
  let assembler: GeminiContentAssembler | undefined;
  let seed: string | undefined;
  let usage: GeminiUsageMetadata | undefined;
  let started = false;
  let done = false;

  const frames = (events: StreamEvent[]): SseFrame[] => events.map((event) => jsonFrame(event));

  const fail = (type: string, message: string): SseFrame[] => {
    done = true;
    return [jsonFrame(errorBody(type, message))];
  };

  const start = (): StreamEvent[] => {
    if (started) return [];
    started = true;
    const current = seed ?? idSeed(undefined);
    const message = {
      id: messageIdFor(current),
      type: 'message' as const,
      role: 'assistant' as const,
      model: ctx.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usageFrom(usage), output_tokens: 0 },
    };
    return [{ type: 'message_start', message }];
  };

  const finish = (finishReason: string | undefined, blockReason: string | undefined): SseFrame[] => {
    const builder = assembler ?? new GeminiContentAssembler({ idSeed: seed ?? idSeed(undefined), toolNames });
    const events: StreamEvent[] = [];
    const blocked = isBlockedFinish(finishReason) || blockReason !== undefined;
    if (builder.blockCount === 0) {
      if (!blocked) {
        return fail('api_error', `Gemini returned an empty answer (finishReason ${finishReason ?? 'none'})`);
      }
      events.push(
        ...start(),
        ...builder.accept({ text: `[Gemini blocked this answer: ${blockReason ?? finishReason}]` }),
      );
    }
    done = true;
    events.push(...builder.close(), {
      type: 'message_delta',
      delta: {
        stop_reason: stopReasonFor(blocked ? 'SAFETY' : finishReason, builder.sawToolUse),
        stop_sequence: null,
      },
      usage: usageFrom(usage),
    });
    events.push({ type: 'message_stop' });
    return frames(events);
  };

  return {
    push(frame) {
      if (done) return [];
      const data = frame.data.trim();
      if (data === '' || data === '[DONE]') return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return fail('api_error', `Gemini sent an unreadable stream event: ${data.slice(0, 120)}`);
      }
      const unwrapped = unwrapGeminiBody(parsed);
      if (unwrapped.kind === 'error') {
        // Judged as the same error object on its HTTP status: per-day vs per-minute, QUOTA_EXHAUSTED and its reset.
        const error = readGeminiErrorObject(unwrapped.error, 200, {}, ctx.now?.());
        done = true;
        const { type, message, verdict, retryAfterMs } = error;
        return [
          vendorErrorFrame({
            type,
            message,
            ...(verdict ? { verdict } : {}),
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          }),
        ];
      }
      if (unwrapped.kind === 'unknown') return [];
      const response = unwrapped.response;
      seed ??= idSeed(response.responseId);
      assembler ??= new GeminiContentAssembler({ idSeed: seed, toolNames });
      if (response.usageMetadata) usage = response.usageMetadata;
      const candidate = response.candidates?.[0];
      const events: StreamEvent[] = [];
      for (const part of candidate?.content?.parts ?? []) events.push(...assembler.accept(part));
      const out = frames(events.length > 0 ? [...start(), ...events] : []);
      const blockReason = response.promptFeedback?.blockReason;
      if (isFinish(candidate?.finishReason) || blockReason) {
        out.push(...finish(candidate?.finishReason, blockReason));
      }
      return out;
    },
    end() {
      // Gemini ends some streams without a finish reason; what was said still counts (CP does the same).
      return done ? [] : finish(undefined, undefined);
    },
  };
}
