// Questions adapters ask about a request's content before sending it.
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';

function isMedia(block: unknown): boolean {
  const type = (block as { type?: unknown } | null)?.type;
  return type === 'image' || type === 'document';
}

/** Any image or document block, also inside tool results. */
export function hasMediaInput(request: MessagesRequest): boolean {
  return request.messages.some(
    (message) =>
      Array.isArray(message.content) &&
      message.content.some(
        (block) =>
          isMedia(block) ||
          (block.type === 'tool_result' &&
            Array.isArray((block as { content?: unknown }).content) &&
            (block as { content: unknown[] }).content.some(isMedia)),
      ),
  );
}
