// A fast local ESTIMATE of a request's input tokens, for `count_tokens` on vendors without that endpoint and for
// deciding, before any network call, whether a prompt fits a tier's context window. No tokenizer runs: one pass
// over each text (text-tokens.ts) counts the pieces a BPE tokenizer cuts it into and weighs them; the request's
// framing (turns, tool blocks, Anthropic's tool-use system prompt) is added here.
//
// It errs HIGH on purpose: a prompt estimated to fit is sent, so an under-estimate costs a failed round trip (and
// lets Claude Code overrun a window before it compacts, copilot-api#210). Measured against Anthropic's public
// tokenizer (@anthropic-ai/tokenizer) the estimate is at or above its count on every text of a broad corpus and at
// most ESTIMATE_BAND.high × on code and prose — README "How close is the token estimate"; `npm run bench` prints
// the band again on every run.
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import { FEATURES, tallyText, weigh } from './text-tokens.ts';

/**
 * estimate ÷ public tokenizer count, as measured on code and prose (bench/measure-token-estimate.ts, README): never
 * below `low`, rarely above `high`. Random letter strings (no words, no digits) are the known exception: ~0.65 ×.
 */
export const ESTIMATE_BAND = { low: 1.0, high: 1.4 } as const;
/** Anthropic's documented tool-use system prompt (Claude 4 models, tool_choice auto/none: 346 tokens). */
const TOOL_USE_SYSTEM_PROMPT = 346;
/** Flat figure for an image (~1.15 megapixels, Anthropic's vision guide) or an unrendered PDF. */
const TOKENS_PER_IMAGE = 1600;
/** Request framing (measured: a one-character message counts 8) and each turn's role markers. */
const REQUEST_FRAMING = 3;
const TOKENS_PER_MESSAGE = 4;
/** Framing of a tool call or a tool result block. */
const TOKENS_PER_TOOL_BLOCK = 8;

export { textTokens } from './text-tokens.ts';

/**
 * Texts at least this long are remembered with their tokens. Claude Code sends the whole conversation on every turn,
 * so all but the newest messages were counted before. A text is known by its fingerprint — its length, its first
 * and last characters and 32 characters spread over it — which costs a fraction of a pass: a 300 KB history goes
 * from ~1.6 ms to ~0.2 ms per request (`npm run bench`). Two texts of one length that differ only between the
 * sampled characters (a same-length edit of a file read twice) share a count; they differ by a few tokens at most,
 * well inside the estimate's margin.
 */
const MEMO_MIN_CHARS = 256;
/** Remembered texts at most, the oldest first out: a few long conversations. */
const MEMO_MAX_ENTRIES = 20_000;
const FINGERPRINT_SAMPLES = 32;
const memo = new Map<number, number>();
const scratch = new Float64Array(FEATURES.length);

/** 53 bits of the text's length, first and last 24 characters and 32 characters spread over it. */
function fingerprint(text: string): number {
  const length = text.length;
  let a = length | 0;
  let b = Math.imul(length, 0x9e3779b1);
  const mix = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  };
  for (let i = 0; i < 24; i++) mix(text.charCodeAt(i));
  for (let i = length - 24; i < length; i++) mix(text.charCodeAt(i));
  const stride = Math.floor(length / (FINGERPRINT_SAMPLES + 1));
  for (let i = 1; i <= FINGERPRINT_SAMPLES; i++) mix(text.charCodeAt(i * stride));
  return (a >>> 0) * 0x200000 + (b & 0x1fffff);
}

function rememberedTokens(text: string): number {
  const key = fingerprint(text);
  const known = memo.get(key);
  if (known !== undefined) return known;
  scratch.fill(0);
  tallyText(text, scratch);
  const tokens = weigh(scratch);
  memo.set(key, tokens);
  if (memo.size > MEMO_MAX_ENTRIES) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  return tokens;
}

/** Forgets every remembered text (the bench measures a first sight with it; tests start clean). */
export function forgetRememberedTexts(): void {
  memo.clear();
}

interface Tally {
  /** Flat tokens (framing, images). */
  tokens: number;
  /** The text features of everything read (text-tokens.ts), weighed once at the end. */
  counts: Float64Array;
}

/** The input tokens of `request` as a vendor would count them, erring high (see ESTIMATE_BAND). */
export function estimateTokens(
  request: Pick<MessagesRequest, 'system' | 'messages' | 'tools'> & { output_format?: unknown },
): number {
  const tally: Tally = { tokens: 0, counts: new Float64Array(FEATURES.length) };
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
  return Math.ceil(weigh(tally.counts) + tally.tokens + framing);
}

/**
 * The most tokens a request whose JSON body is `bodyBytes` long can count, without reading it: a byte-level BPE
 * token is at least one byte, plus what the vendor adds that the body does not carry (the tool-use prompt). Undefined
 * when the body refers to media by URL (an image counts ~1,600 tokens however short its link). When this fits a
 * window, the estimate is not needed at all.
 */
export function tokenCeiling(
  request: Pick<MessagesRequest, 'messages'>,
  bodyBytes: number,
): number | undefined {
  for (const message of request.messages ?? []) if (refersToMedia(message.content)) return undefined;
  return bodyBytes + TOOL_USE_SYSTEM_PROMPT + REQUEST_FRAMING;
}

/** An image or document given by URL (or file id) anywhere in `content`, tool results included. */
function refersToMedia(content: unknown): boolean {
  if (!Array.isArray(content)) return false;
  for (const block of content as Array<{ type?: unknown; source?: { type?: unknown }; content?: unknown }>) {
    if (block.type === 'image' || block.type === 'document') {
      const source = block.source?.type;
      if (source !== 'base64' && source !== 'text') return true;
    } else if (block.type === 'tool_result' && refersToMedia(block.content)) return true;
  }
  return false;
}

function countText(text: unknown, tally: Tally): void {
  if (typeof text !== 'string') return;
  if (text.length >= MEMO_MIN_CHARS) tally.tokens += rememberedTokens(text);
  else tallyText(text, tally.counts);
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
