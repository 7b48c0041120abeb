// A whole (non-streamed) Responses answer → an Anthropic message. Output items map one to one: reasoning →
// thinking (signed so it can be replayed), message → text, function_call → tool_use.
import type { ContentBlock, MessagesResponse } from '../../../../src-shared/anthropic.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { messageId, parseToolArguments, toolUseId, vendorModel } from '../openai/response-mapping.ts';
import type { ExchangeContext } from '../vendor-adapter.ts';
import { responsesError, responsesStopReason, responsesUsage } from './mapping.ts';
import { reasoningSignature } from './reasoning-signature.ts';
import type { ResponsesOutputItem, ResponsesResult } from './types.ts';

function summaryText(item: ResponsesOutputItem): string {
  return (item.summary ?? [])
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n\n');
}

export function itemBlocks(item: ResponsesOutputItem): ContentBlock[] {
  switch (item.type) {
    case 'reasoning': {
      const thinking = summaryText(item);
      const signed = typeof item.encrypted_content === 'string' && item.encrypted_content && item.id;
      if (!thinking && !signed) return [];
      const block: ContentBlock = { type: 'thinking', thinking };
      if (signed) block.signature = reasoningSignature(String(item.id), String(item.encrypted_content));
      return [block];
    }
    case 'message':
      return (item.content ?? []).flatMap((part): ContentBlock[] => {
        const text = part.type === 'refusal' ? part.refusal : part.text;
        return typeof text === 'string' && text !== '' ? [{ type: 'text', text }] : [];
      });
    case 'function_call':
      return [
        {
          type: 'tool_use',
          id: toolUseId(item.call_id),
          name: String(item.name ?? ''),
          input: parseToolArguments(item.arguments),
        },
      ];
    default:
      return [];
  }
}

export function fromResponsesResult(body: unknown, ctx: ExchangeContext): MessagesResponse {
  const result = (body ?? {}) as ResponsesResult;
  if (result.status === 'failed' || (result.error && typeof result.error === 'object')) {
    const { type, message } = responsesError(result.error);
    const error: UpstreamError = { kind: 'stream', afterContent: false, type, message };
    throw error;
  }
  const content = (Array.isArray(result.output) ? result.output : []).flatMap(itemBlocks);
  if (!content.some((block) => block.type === 'text' || block.type === 'tool_use')) {
    const error: UpstreamError = {
      kind: 'stream',
      afterContent: false,
      type: 'api_error',
      message: `the vendor returned an empty response (status ${result.status ?? 'unknown'})`,
    };
    throw error;
  }
  return {
    id: messageId(result.id),
    type: 'message',
    role: 'assistant',
    model: vendorModel(result.model, ctx.upstreamModel),
    content,
    stop_reason: responsesStopReason(
      result,
      content.some((block) => block.type === 'tool_use'),
    ),
    stop_sequence: null,
    usage: responsesUsage(result.usage),
  };
}
