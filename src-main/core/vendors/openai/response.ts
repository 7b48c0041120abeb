// A whole (non-streamed) Chat Completions answer → an Anthropic Messages response (vendors-protocols §3.2).
import type { ContentBlock, MessagesResponse } from '../../../../src-shared/anthropic.ts';
import { vendorErrorDetails } from './errors.ts';
import {
  anthropicUsage,
  isUsage,
  messageId,
  parseToolArguments,
  reasoningOf,
  stopReasonFor,
  toolUseId,
  vendorModel,
} from './response-mapping.ts';
import type { OpenAIChatResponse, OpenAIResponseMessage } from './types.ts';

export interface OpenAIResponseContext {
  requestedModel: string;
  upstreamModel: string;
}

/**
 * Throws when the body is not a completion at all (a 200 carrying `{error}`, HTML, no `choices`): that is a
 * vendor failure, and the router turns a thrown parse into a failed attempt.
 * Every choice is read, in order: Copilot splits text and tool calls across choices.
 */
export function fromOpenAIResponse(body: unknown, ctx: OpenAIResponseContext): MessagesResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('the vendor answered with something that is not a chat completion object');
  }
  const response = body as OpenAIChatResponse;
  if (response.error !== undefined && response.error !== null) {
    const details = vendorErrorDetails(response);
    throw new Error(
      `the vendor answered 200 with an error: ${details.message ?? JSON.stringify(response.error)}`,
    );
  }
  if (!Array.isArray(response.choices)) {
    throw new Error('the vendor answered without `choices`; not a chat completion');
  }

  const thinking: string[] = [];
  const texts: string[] = [];
  const tools: ContentBlock[] = [];
  let finishReason: string | null | undefined;
  for (const choice of response.choices) {
    finishReason ??= choice?.finish_reason;
    const message: OpenAIResponseMessage | undefined = choice?.message;
    if (!message) continue;
    const reasoning = reasoningOf(message);
    if (reasoning) thinking.push(reasoning);
    const text = textOf(message.content);
    if (text) texts.push(text);
    for (const call of message.tool_calls ?? []) {
      const name = call?.function?.name;
      if (typeof name !== 'string' || name.length === 0) continue;
      tools.push({
        type: 'tool_use',
        id: toolUseId(call.id),
        name,
        input: parseToolArguments(call.function?.arguments),
      });
    }
  }

  const content: ContentBlock[] = [];
  // No signature: a signature from this vendor means nothing to Anthropic (the hygiene layer drops these blocks
  // before a turn goes to an Anthropic tier).
  if (thinking.length > 0) content.push({ type: 'thinking', thinking: thinking.join('\n\n'), signature: '' });
  if (texts.length > 0) content.push({ type: 'text', text: texts.join('\n\n') });
  content.push(...tools);

  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: vendorModel(response.model, ctx.upstreamModel),
    content,
    stop_reason: stopReasonFor(finishReason, tools.length > 0),
    stop_sequence: null,
    usage: anthropicUsage(isUsage(response.usage) ? response.usage : undefined),
  };
}

function textOf(content: OpenAIResponseMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      typeof part?.text === 'string' && (part.type === 'text' || part.type === undefined) ? part.text : '',
    )
    .join('');
}
