// A fast local ESTIMATE of a request's input tokens, for `count_tokens` on vendors without that endpoint and for
// deciding, before any network call, whether a prompt fits a tier's context window. No tokenizer runs: one pass
// over the characters weighs each class by what BPE tokenizers do with it — letters merge into long tokens,
// digits, punctuation and case/digit switches (identifiers, hashes) split — fitted by least squares against
// Anthropic's public tokenizer (@anthropic-ai/tokenizer) on 821 chunks of source code, JSON, Markdown and Claude
// Code's own system prompt and tool schemas. Claude 4 counts were checked against recorded API answers; see
// README "How close is the token estimate". `npm run bench` prints the error again on every run.
//
// The estimate errs high on purpose by ESTIMATE_MARGIN: a prompt estimated to fit is sent, so an under-estimate
// costs a failed round trip (and lets Claude Code overrun a window before it compacts, copilot-api#210).
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';

/** Tokens per character of each class (see the file comment). */
const WEIGHT = {
  letter: 0.19,
  digit: 0.8,
  /** The first punctuation character of a run; the rest of the run mostly merges with it (`":"`, `});`). */
  punctuation: 1.2,
  punctuationRun: 0.1,
  space: 0.04,
  lineBreakOrTab: 0.25,
  /** A switch between lower case, upper case and digits: identifier, hash and id boundaries. */
  caseOrDigitSwitch: 0.3,
  /** CJK is about one token per character; accented Latin a little less, emoji more. */
  nonAscii: 1.0,
};

/** Added to the fitted estimate: with it, the estimate is above the public tokenizer's count for ~95% of the corpus. */
export const ESTIMATE_MARGIN = 0.15;
/** Anthropic's documented tool-use system prompt (Claude 4 models, tool_choice auto/none: 346 tokens). */
const TOOL_USE_SYSTEM_PROMPT = 346;
/** Flat figure for an image (~1.15 megapixels, Anthropic's vision guide) or an unrendered PDF. */
const TOKENS_PER_IMAGE = 1600;
/** Request framing (measured: a one-character message counts 8) and each turn's role markers. */
const REQUEST_FRAMING = 3;
const TOKENS_PER_MESSAGE = 4;
/** Framing of a tool call or a tool result block. */
const TOKENS_PER_TOOL_BLOCK = 8;

// Character kinds for the switch count (plain numbers: Node runs this file by stripping types).
const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const PUNCTUATION = 4;

/** The fitted token count of a text, without margin. */
export function textTokens(text: string): number {
  let letters = 0;
  let digits = 0;
  let punctuation = 0;
  let punctuationRuns = 0;
  let spaces = 0;
  let breaks = 0;
  let switches = 0;
  let nonAscii = 0;
  let previous = OTHER;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind = OTHER;
    if (c >= 97 && c <= 122) {
      letters++;
      kind = LOWER;
    } else if (c >= 65 && c <= 90) {
      letters++;
      kind = UPPER;
    } else if (c >= 48 && c <= 57) {
      digits++;
      kind = DIGIT;
    } else if (c === 32) spaces++;
    else if (c === 10 || c === 9 || c === 13) breaks++;
    else if (c < 128) {
      if (previous === PUNCTUATION) punctuationRuns++;
      else punctuation++;
      kind = PUNCTUATION;
    } else nonAscii++;
    if (kind !== previous && kind <= DIGIT && kind !== OTHER && previous !== OTHER && previous <= DIGIT)
      switches++;
    previous = kind;
  }
  return (
    letters * WEIGHT.letter +
    digits * WEIGHT.digit +
    punctuation * WEIGHT.punctuation +
    punctuationRuns * WEIGHT.punctuationRun +
    spaces * WEIGHT.space +
    breaks * WEIGHT.lineBreakOrTab +
    switches * WEIGHT.caseOrDigitSwitch +
    nonAscii * WEIGHT.nonAscii
  );
}

interface Tally {
  tokens: number;
}

/** The input tokens of `request` as a vendor would count them, erring high by ESTIMATE_MARGIN. */
export function estimateTokens(
  request: Pick<MessagesRequest, 'system' | 'messages' | 'tools'> & { output_format?: unknown },
): number {
  const tally: Tally = { tokens: 0 };
  countValue(request.system, tally);
  for (const message of request.messages ?? []) countValue(message.content, tally);
  const tools = request.tools ?? [];
  for (const tool of tools) {
    countText(tool.name, tally);
    countText(tool.description, tally);
    if (tool.input_schema !== undefined) countText(JSON.stringify(tool.input_schema), tally);
  }
  if (request.output_format !== undefined) countText(JSON.stringify(request.output_format), tally);
  const turns = (request.messages?.length ?? 0) + (request.system ? 1 : 0);
  const framing = REQUEST_FRAMING + turns * TOKENS_PER_MESSAGE + (tools.length ? TOOL_USE_SYSTEM_PROMPT : 0);
  return Math.ceil(tally.tokens * (1 + ESTIMATE_MARGIN) + framing);
}

function countText(text: unknown, tally: Tally): void {
  if (typeof text === 'string') tally.tokens += textTokens(text);
}

/** Walks content: text, thinking, tool inputs (as JSON) and tool results; images count flat; ids are skipped. */
function countValue(value: unknown, tally: Tally): void {
  if (typeof value === 'string') countText(value, tally);
  else if (Array.isArray(value)) for (const item of value) countValue(item, tally);
  else if (typeof value === 'object' && value !== null) countBlock(value as Record<string, unknown>, tally);
}

function countBlock(block: Record<string, unknown>, tally: Tally): void {
  switch (block.type) {
    case 'image':
      tally.tokens += TOKENS_PER_IMAGE;
      return;
    case 'document': {
      const source = block.source as { type?: unknown; data?: unknown } | undefined;
      // A PDF's size in tokens is unknowable without rendering it; count it like one image.
      if (source?.type === 'text') countText(source.data, tally);
      else tally.tokens += TOKENS_PER_IMAGE;
      return;
    }
    case 'text':
      countText(block.text, tally);
      return;
    case 'thinking':
      countText(block.thinking, tally);
      return;
    case 'redacted_thinking':
      return; // opaque data, not text the model reads
    case 'tool_use':
      tally.tokens += TOKENS_PER_TOOL_BLOCK;
      countText(block.name, tally);
      countText(JSON.stringify(block.input ?? {}), tally);
      return;
    case 'tool_result':
      tally.tokens += TOKENS_PER_TOOL_BLOCK;
      countValue(block.content, tally);
      return;
    default:
      countText(JSON.stringify(block), tally);
  }
}
