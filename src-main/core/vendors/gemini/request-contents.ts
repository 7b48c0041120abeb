// Anthropic messages → Gemini `contents`. Gemini is stricter about turn structure than Anthropic:
// - after a model turn with N functionCalls the next turn must hold exactly N functionResponses
//   ("Please ensure that the number of function response parts is equal…", google-gemini/gemini-cli#5443);
// - functionResponse.name must be the function's name, which Anthropic only gives through the tool_use id;
// - consecutive same-role turns must be merged, and empty text parts are rejected.
import type { ContentBlock, Message, OtherBlock } from '../../../../src-shared/anthropic.ts';
import { sanitizeFunctionName } from './function-names.ts';
import type { GeminiContent, GeminiPart } from './gemini-types.ts';
import { decodeThoughtSignature, SKIP_SIGNATURE_SENTINEL } from './thought-signature.ts';

type Block = ContentBlock | OtherBlock;

interface OpenCall {
  id: string;
  name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blocksOf(message: Message): Block[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** Claude Code may split one logical turn over several messages (e.g. tool results then a reminder). */
function groupByRole(messages: readonly Message[]): Array<{ role: Message['role']; blocks: Block[] }> {
  const groups: Array<{ role: Message['role']; blocks: Block[] }> = [];
  for (const message of messages) {
    const last = groups.at(-1);
    if (last && last.role === message.role) last.blocks.push(...blocksOf(message));
    else groups.push({ role: message.role, blocks: [...blocksOf(message)] });
  }
  return groups;
}

function textOf(block: Block): string | undefined {
  return block.type === 'text' && typeof block.text === 'string' && block.text.trim() !== ''
    ? block.text
    : undefined;
}

/** Text, images and documents: the parts both roles share. */
function mediaPart(block: Block): GeminiPart | undefined {
  const text = textOf(block);
  if (text !== undefined) return { text };
  if ((block.type === 'image' || block.type === 'document') && isRecord(block.source)) {
    const source = block.source;
    if (
      source.type === 'base64' &&
      typeof source.media_type === 'string' &&
      typeof source.data === 'string'
    ) {
      return { inlineData: { mimeType: source.media_type, data: source.data } };
    }
    if (source.type === 'text' && typeof source.data === 'string' && source.data.trim() !== '') {
      return { text: source.data };
    }
    // Gemini's fileData only takes Google-hosted URIs; an http URL would fail the whole request.
    const where = typeof source.url === 'string' ? ` ${source.url}` : '';
    return { text: `[${block.type}${where} not forwarded]` };
  }
  return undefined;
}

function modelParts(blocks: Block[], openCalls: OpenCall[], needsSignature: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let callSignature: string | undefined;
  let firstCall: GeminiPart | undefined;
  let anySigned = false;
  for (const block of blocks) {
    if (block.type === 'thinking') {
      // Only our own signatures are replayable; thinking from another vendor is dropped (§8.1).
      const decoded = decodeThoughtSignature(block.signature);
      if (decoded?.kind === 'call') callSignature = decoded.signature;
      else if (decoded?.kind === 'thought' && typeof block.thinking === 'string' && block.thinking !== '') {
        parts.push({ text: block.thinking, thought: true, thoughtSignature: decoded.signature });
      }
      continue;
    }
    if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      openCalls.push({ id: block.id, name: block.name });
      const args = isRecord(block.input)
        ? block.input
        : block.input === undefined
          ? {}
          : { value: block.input };
      const part: GeminiPart = {
        functionCall: { id: block.id, name: sanitizeFunctionName(block.name), args },
      };
      if (callSignature !== undefined) {
        part.thoughtSignature = callSignature;
        anySigned = true;
      }
      callSignature = undefined;
      firstCall ??= part;
      parts.push(part);
      continue;
    }
    const part = mediaPart(block);
    if (part) parts.push(part);
  }
  // Gemini 3 validates the first call of a step; history from another vendor has no signature to give.
  if (needsSignature && firstCall && !anySigned) firstCall.thoughtSignature = SKIP_SIGNATURE_SENTINEL;
  return parts;
}

function resultText(content: unknown): { text: string; images: GeminiPart[] } {
  if (typeof content === 'string') return { text: content, images: [] };
  if (!Array.isArray(content)) return { text: '', images: [] };
  const texts: string[] = [];
  const images: GeminiPart[] = [];
  for (const item of content as Block[]) {
    if (item.type === 'text' && typeof item.text === 'string') texts.push(item.text);
    else {
      const part = mediaPart(item);
      if (part?.inlineData) images.push(part);
      else if (part?.text) texts.push(part.text);
    }
  }
  return { text: texts.join('\n'), images };
}

function userParts(
  blocks: Block[],
  openCalls: readonly OpenCall[],
  names: Map<string, string>,
): GeminiPart[] {
  const responses = new Map<string, GeminiPart>();
  const resultImages: GeminiPart[] = [];
  const others: GeminiPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
      const { text, images } = resultText(block.content);
      const call = openCalls.find((open) => open.id === block.tool_use_id);
      if (call && !responses.has(call.id)) {
        const response = block.is_error === true ? { error: text } : { result: text };
        responses.set(call.id, {
          functionResponse: { id: call.id, name: sanitizeFunctionName(call.name), response },
        });
        resultImages.push(...images);
      } else {
        // A result whose call is not in the previous model turn would break Gemini's call/response count.
        const name = names.get(block.tool_use_id) ?? block.tool_use_id;
        if (text.trim() !== '') others.push({ text: `[result of an earlier ${name} call]\n${text}` });
        others.push(...images);
      }
      continue;
    }
    const part = mediaPart(block);
    if (part) others.push(part);
  }
  const answered = openCalls.map(
    (call) =>
      responses.get(call.id) ?? {
        functionResponse: {
          id: call.id,
          name: sanitizeFunctionName(call.name),
          response: { error: 'No result was returned for this tool call.' },
        },
      },
  );
  return [...answered, ...resultImages, ...others];
}

function append(contents: GeminiContent[], role: GeminiContent['role'], parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

/** Gemini 3 models validate thought signatures on function calls; 2.x models do not. */
export function modelNeedsThoughtSignatures(model: string): boolean {
  return /gemini-(?:[3-9]|\d{2,})/i.test(model);
}

export function toGeminiContents(messages: readonly Message[], model: string): GeminiContent[] {
  const needsSignature = modelNeedsThoughtSignatures(model);
  const contents: GeminiContent[] = [];
  const names = new Map<string, string>();
  let openCalls: OpenCall[] = [];
  for (const group of groupByRole(messages)) {
    if (group.role === 'assistant') {
      const before = openCalls.length;
      append(contents, 'model', modelParts(group.blocks, openCalls, needsSignature));
      for (const call of openCalls.slice(before)) names.set(call.id, call.name);
    } else {
      append(contents, 'user', userParts(group.blocks, openCalls, names));
      openCalls = [];
    }
  }
  const last = contents.at(-1);
  if (openCalls.length > 0 && last?.role === 'model') {
    // A trailing model turn with unanswered calls cannot be continued by Gemini (CPA drops it too).
    last.parts = last.parts.filter((part) => part.functionCall === undefined);
    if (last.parts.length === 0) contents.pop();
  }
  if (contents.length === 0 || contents[0]?.role !== 'user') {
    contents.unshift({ role: 'user', parts: [{ text: ' ' }] });
  }
  return contents;
}
