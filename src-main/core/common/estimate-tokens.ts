// An ESTIMATE of a request's input tokens for vendors without a count_tokens endpoint. It is not any vendor's
// tokenizer: ~3.5 characters per token for ASCII text and JSON (typical of BPE tokenizers on English and
// code), one token per non-ASCII character (CJK text is close to that; accented Latin over-counts a little), and a
// flat ~1600 tokens per image (Anthropic's figure for a ~1.15 megapixel image). Erring high is deliberate: an
// under-estimate lets Claude Code overrun the vendor's context window before it compacts (copilot-api#210).
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';

const ASCII_CHARS_PER_TOKEN = 3.5;
const TOKENS_PER_IMAGE = 1600;
/** Role markers and separators every chat template adds around a message. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(request: MessagesRequest): number {
  const counter = { ascii: 0, other: 0, images: 0 };
  countValue(request.system, counter);
  for (const message of request.messages ?? []) countValue(message.content, counter);
  for (const tool of request.tools ?? []) {
    countText(tool.name, counter);
    countText(tool.description, counter);
    if (tool.input_schema !== undefined) countText(JSON.stringify(tool.input_schema), counter);
  }
  const messages = (request.messages?.length ?? 0) + (request.system ? 1 : 0);
  return Math.ceil(
    counter.ascii / ASCII_CHARS_PER_TOKEN +
      counter.other +
      counter.images * TOKENS_PER_IMAGE +
      messages * TOKENS_PER_MESSAGE,
  );
}

interface Counter {
  ascii: number;
  other: number;
  images: number;
}

/** Walks content: text, thinking, tool inputs (as JSON) and tool results; images count flat; ids are skipped. */
function countValue(value: unknown, counter: Counter): void {
  if (typeof value === 'string') {
    countText(value, counter);
  } else if (Array.isArray(value)) {
    for (const item of value) countValue(item, counter);
  } else if (typeof value === 'object' && value !== null) {
    countBlock(value as Record<string, unknown>, counter);
  }
}

function countBlock(block: Record<string, unknown>, counter: Counter): void {
  switch (block.type) {
    case 'image':
      counter.images++;
      break;
    case 'document': {
      const source = block.source as { type?: unknown; data?: unknown } | undefined;
      // A PDF's size in tokens is unknowable without rendering it; count it like one image per document.
      if (source?.type === 'text') countText(source.data, counter);
      else counter.images++;
      break;
    }
    case 'text':
      countText(block.text, counter);
      break;
    case 'thinking':
      countText(block.thinking, counter);
      break;
    case 'redacted_thinking':
      break; // opaque data, not tokens the model reads as text
    case 'tool_use':
      countText(block.name, counter);
      countText(JSON.stringify(block.input ?? {}), counter);
      break;
    case 'tool_result':
      countValue(block.content, counter);
      break;
    default:
      countText(JSON.stringify(block), counter);
  }
}

function countText(text: unknown, counter: Counter): void {
  if (typeof text !== 'string') return;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) counter.ascii++;
    else counter.other++;
  }
}
