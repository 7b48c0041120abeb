import type { Message, MessagesRequest } from '../../../src-shared/anthropic.ts';

export interface HygieneOptions {
  /**
   * `all`: the history was produced by another vendor, whose thinking signatures the target would reject.
   * `foreign`: unknown origin going to Anthropic: drop only blocks that cannot carry an Anthropic signature
   * (empty ones from OpenAI-style vendors, and those `isForeignSignature` recognises).
   */
  stripThinking: 'none' | 'all' | 'foreign';
  /** The target rejects Anthropic `cache_control` markers. */
  stripCacheControl: boolean;
  /** A signature another vendor minted (asked of the other tiers' adapters); used by `foreign`. */
  isForeignSignature?: (signature: string) => boolean;
}

/** Who the conversation's history may come from, as far as the router knows. */
export interface HistoryOrigin {
  /** The tier that served this session last, if the router remembers one. */
  lastVendor: string | undefined;
  /** Does a tier other than the target claim this signature? */
  isForeignSignature: (signature: string) => boolean;
}

/** What to clean before sending `request` to `tier`. */
export function hygieneFor(
  request: MessagesRequest,
  tier: { name: string; adapter: { anthropicWire: boolean; kind: string; dropCacheControl: boolean } },
  origin: HistoryOrigin,
): HygieneOptions {
  const { adapter } = tier;
  let stripThinking: HygieneOptions['stripThinking'] = 'none';
  // Translating vendors (OpenAI, Gemini) drop foreign thinking themselves and keep their own signatures.
  if (adapter.anthropicWire && hasThinkingHistory(request)) {
    if (origin.lastVendor !== undefined) stripThinking = origin.lastVendor === tier.name ? 'none' : 'all';
    else stripThinking = adapter.kind === 'anthropic' ? 'foreign' : 'all';
  }
  return {
    stripThinking,
    stripCacheControl: adapter.dropCacheControl,
    isForeignSignature: origin.isForeignSignature,
  };
}

type Block = { type: string; [key: string]: unknown };

const hasCacheControl = (item: unknown) =>
  item !== null && typeof item === 'object' && 'cache_control' in item;

function withoutCacheControl<T extends object>(item: T): T {
  // Odd shapes (a bare string in a tool_result's content) are the vendor's to judge, not ours to crash on.
  if (item === null || typeof item !== 'object' || !('cache_control' in item)) return item;
  const { cache_control: _dropped, ...rest } = item as T & { cache_control?: unknown };
  return rest as T;
}

function cleanMessage(message: Message, options: HygieneOptions): Message {
  if (!Array.isArray(message.content)) return message;
  let blocks = message.content as Block[];
  let changed = false;
  if (options.stripThinking !== 'none' && message.role === 'assistant') {
    const foreign = options.isForeignSignature ?? (() => false);
    const drop =
      options.stripThinking === 'all' ? isThinking : (block: Block) => isForeignThinking(block, foreign);
    const kept = blocks.filter((b) => !drop(b));
    if (kept.length !== blocks.length) {
      // An assistant message emptied by the strip is a 400 on every vendor (the original's "[thinking]" loop fix).
      blocks = kept.length > 0 ? kept : [{ type: 'text', text: '[thinking]' }];
      changed = true;
    }
  }
  if (options.stripCacheControl && blocks.some((b) => hasCacheControl(b) || b?.type === 'tool_result')) {
    blocks = blocks.map((block) => {
      let out = withoutCacheControl(block);
      if (out?.type === 'tool_result' && Array.isArray(out.content)) {
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
  if (options.stripThinking === 'none' && !options.stripCacheControl) return request;
  const messages = request.messages.map((m) => cleanMessage(m, options));
  const out: MessagesRequest = { ...request, messages };
  if (options.stripCacheControl) {
    if (Array.isArray(request.system)) out.system = request.system.map(withoutCacheControl);
    if (Array.isArray(request.tools)) out.tools = request.tools.map(withoutCacheControl);
  }
  return out;
}

export function hasThinkingHistory(request: MessagesRequest): boolean {
  return request.messages.some(
    (m) =>
      m.role === 'assistant' &&
      Array.isArray(m.content) &&
      m.content.some((b) => b?.type === 'thinking' || b?.type === 'redacted_thinking'),
  );
}

function isThinking(block: Block): boolean {
  return block?.type === 'thinking' || block?.type === 'redacted_thinking';
}

function isForeignThinking(block: Block, isForeignSignature: (signature: string) => boolean): boolean {
  if (block?.type !== 'thinking') return false;
  const signature = block.signature;
  return typeof signature !== 'string' || signature === '' || isForeignSignature(signature);
}
