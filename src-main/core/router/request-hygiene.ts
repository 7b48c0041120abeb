import type { Message, MessagesRequest } from '../../../src-shared/anthropic.ts';

export interface HygieneOptions {
  /** Thinking blocks in the history were minted by another vendor: their signatures would be rejected. */
  stripThinking: boolean;
  /** The target rejects Anthropic `cache_control` markers. */
  stripCacheControl: boolean;
}

type Block = { type: string; [key: string]: unknown };

function withoutCacheControl<T extends object>(item: T): T {
  if (!('cache_control' in item)) return item;
  const { cache_control: _dropped, ...rest } = item as T & { cache_control?: unknown };
  return rest as T;
}

function cleanMessage(message: Message, options: HygieneOptions): Message {
  if (typeof message.content === 'string') return message;
  let blocks = message.content as Block[];
  let changed = false;
  if (options.stripThinking && message.role === 'assistant') {
    const kept = blocks.filter((b) => b.type !== 'thinking' && b.type !== 'redacted_thinking');
    if (kept.length !== blocks.length) {
      // An assistant message emptied by the strip is a 400 on every vendor (the original's "[thinking]" loop fix).
      blocks = kept.length > 0 ? kept : [{ type: 'text', text: '[thinking]' }];
      changed = true;
    }
  }
  if (options.stripCacheControl && blocks.some((b) => 'cache_control' in b || b.type === 'tool_result')) {
    blocks = blocks.map((block) => {
      let out = withoutCacheControl(block);
      if (out.type === 'tool_result' && Array.isArray(out.content)) {
        out = { ...out, content: (out.content as Block[]).map(withoutCacheControl) };
      }
      return out;
    });
    changed = true;
  }
  return changed ? { ...message, content: blocks as Message['content'] } : message;
}

/**
 * Makes a conversation acceptable to the vendor it is about to be sent to. Returns the same object when nothing
 * needs to change (the common case: no copy on the hot path).
 */
export function applyHygiene(request: MessagesRequest, options: HygieneOptions): MessagesRequest {
  if (!options.stripThinking && !options.stripCacheControl) return request;
  const messages = request.messages.map((m) => cleanMessage(m, options));
  const out: MessagesRequest = { ...request, messages };
  if (options.stripCacheControl) {
    if (Array.isArray(request.system)) out.system = request.system.map(withoutCacheControl);
    if (request.tools) out.tools = request.tools.map(withoutCacheControl);
  }
  return out;
}

export function hasThinkingHistory(request: MessagesRequest): boolean {
  return request.messages.some(
    (m) =>
      m.role === 'assistant' &&
      Array.isArray(m.content) &&
      m.content.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking'),
  );
}
