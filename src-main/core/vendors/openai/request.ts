// Anthropic Messages request → OpenAI Chat Completions request (vendors-protocols §3.1, §8.2).
// Only fields with an OpenAI meaning are emitted: `cache_control`, `metadata`, `thinking`, `top_k` and whatever
// Claude Code adds next never reach the vendor, because strict servers reject unknown fields.
import type {
  ContentBlock,
  ImageBlock,
  Message,
  MessagesRequest,
  OtherBlock,
  TextBlock,
  ToolChoice,
  ToolDefinition,
  ToolResultBlock,
  ToolUseBlock,
} from '../../../../src-shared/anthropic.ts';
import type {
  OpenAIChatRequest,
  OpenAIContentPart,
  OpenAIImagePart,
  OpenAIMessage,
  OpenAITool,
  OpenAIToolCall,
  OpenAIToolChoice,
} from './types.ts';

export interface OpenAIRequestOptions {
  model: string;
  stream: boolean;
  /** OpenAI reasoning models (o1, o3, gpt-5…) reject `max_tokens` (ericc-ch/copilot-api#222). */
  useMaxCompletionTokens?: boolean;
}

/** OpenAI rejects more than four stop sequences. */
const MAX_STOP_SEQUENCES = 4;

export function toOpenAIRequest(request: MessagesRequest, options: OpenAIRequestOptions): OpenAIChatRequest {
  const messages: OpenAIMessage[] = [];
  const system = systemText(request.system);
  if (system) messages.push({ role: 'system', content: system });
  for (const message of request.messages) messages.push(...convertMessage(message));

  const body: OpenAIChatRequest = { model: options.model, messages };
  if (typeof request.max_tokens === 'number') {
    if (options.useMaxCompletionTokens) body.max_completion_tokens = request.max_tokens;
    else body.max_tokens = request.max_tokens;
  }
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  const stop = (request.stop_sequences ?? []).filter((s) => typeof s === 'string' && s.length > 0);
  if (stop.length > 0) body.stop = stop.slice(0, MAX_STOP_SEQUENCES);

  const tools = (request.tools ?? []).flatMap(convertTool);
  if (tools.length > 0) {
    body.tools = tools;
    const choice = request.tool_choice;
    if (choice) {
      body.tool_choice = convertToolChoice(choice);
      if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true) {
        body.parallel_tool_calls = false;
      }
    }
  }

  if (options.stream) {
    body.stream = true;
    // Without this OpenAI sends no usage at all in streams, and the ledger would record zero tokens.
    body.stream_options = { include_usage: true };
  }
  return body;
}

export function systemText(system: MessagesRequest['system']): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return '';
  return system
    .filter((block) => block.type === 'text' && typeof block.text === 'string' && block.text.length > 0)
    .map((block) => block.text)
    .join('\n\n');
}

type Block = ContentBlock | OtherBlock;

function convertMessage(message: Message): OpenAIMessage[] {
  if (typeof message.content === 'string') {
    return message.role === 'user'
      ? [{ role: 'user', content: message.content }]
      : [{ role: 'assistant', content: message.content }];
  }
  return message.role === 'user'
    ? convertUserBlocks(message.content)
    : convertAssistantBlocks(message.content);
}

/**
 * Tool results become `tool` messages that come FIRST, in order, and the user's own text/images follow in one
 * user message: OpenAI requires an assistant `tool_calls` message to be followed directly by the tool messages
 * answering it ("tool_calls must be followed by tool messages responding to each tool_call_id").
 * Images inside tool results cannot travel in a `tool` message, so they lead that following user message.
 */
function convertUserBlocks(blocks: Block[]): OpenAIMessage[] {
  const toolMessages: OpenAIMessage[] = [];
  const toolImages: OpenAIContentPart[] = [];
  const userParts: OpenAIContentPart[] = [];
  for (const block of blocks) {
    if (isBlock<ToolResultBlock>(block, 'tool_result')) {
      const { text, images } = toolResultContent(block);
      toolMessages.push({ role: 'tool', tool_call_id: String(block.tool_use_id), content: text });
      if (images.length > 0) {
        toolImages.push(
          { type: 'text', text: `Image(s) returned by tool call ${block.tool_use_id}:` },
          ...images,
        );
      }
      continue;
    }
    const part = contentPart(block);
    if (part) userParts.push(part);
  }
  const parts = [...toolImages, ...userParts];
  if (parts.length === 0) return toolMessages;
  return [...toolMessages, { role: 'user', content: collapseParts(parts) }];
}

function convertAssistantBlocks(blocks: Block[]): OpenAIMessage[] {
  const texts: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  for (const block of blocks) {
    if (isBlock<TextBlock>(block, 'text')) {
      if (typeof block.text === 'string' && block.text.length > 0) texts.push(block.text);
    } else if (isBlock<ToolUseBlock>(block, 'tool_use')) {
      toolCalls.push({
        id: String(block.id),
        type: 'function',
        function: { name: String(block.name), arguments: JSON.stringify(toolInput(block.input)) },
      });
    }
    // thinking / redacted_thinking: no OpenAI slot, and their signatures mean nothing to another vendor.
  }
  // A thinking-only turn would become an empty assistant message, which several servers reject; dropping it
  // leaves two user turns in a row, which every Chat Completions server accepts.
  if (texts.length === 0 && toolCalls.length === 0) return [];
  const content = texts.length > 0 ? texts.join('\n\n') : null;
  return toolCalls.length > 0
    ? [{ role: 'assistant', content, tool_calls: toolCalls }]
    : [{ role: 'assistant', content }];
}

export function toolResultContent(block: ToolResultBlock): { text: string; images: OpenAIImagePart[] } {
  const texts: string[] = [];
  const images: OpenAIImagePart[] = [];
  if (typeof block.content === 'string') texts.push(block.content);
  else if (Array.isArray(block.content)) {
    for (const part of block.content) {
      if (isBlock<TextBlock>(part, 'text') && typeof part.text === 'string') texts.push(part.text);
      else if (isBlock<ImageBlock>(part, 'image')) {
        const image = imagePart(part);
        if (image) images.push(image);
      }
    }
  }
  const text = texts.join('\n');
  // Tool messages have no error flag; without a marker the model reads a failure as a successful output.
  return { text: block.is_error === true ? `[ERROR]\n${text}` : text, images };
}

function contentPart(block: Block): OpenAIContentPart | undefined {
  if (isBlock<TextBlock>(block, 'text')) {
    return typeof block.text === 'string' && block.text.length > 0
      ? { type: 'text', text: block.text }
      : undefined;
  }
  if (isBlock<ImageBlock>(block, 'image')) return imagePart(block);
  return undefined;
}

export function imagePart(block: ImageBlock): OpenAIImagePart | undefined {
  const source = block.source;
  if (source?.type === 'base64') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source?.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  return undefined; // Anthropic Files API ids mean nothing to another vendor.
}

/** Text-only content becomes a plain string: some local servers still reject content-part arrays. */
function collapseParts(parts: OpenAIContentPart[]): string | OpenAIContentPart[] {
  if (parts.every((part) => part.type === 'text')) {
    return parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n\n');
  }
  return parts;
}

/** Function arguments must be a JSON object; Claude Code never sends anything else, but history can be edited. */
export function toolInput(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

/** A client tool as a plain function declaration; Anthropic server tools have no OpenAI twin and are dropped. */
export function functionOf(
  tool: ToolDefinition,
): { name: string; description?: string; parameters: Record<string, unknown> } | undefined {
  // Anthropic server tools (web_search_…, bash_…) carry a `type` and no schema: nothing an OpenAI vendor can run.
  const isServerTool =
    typeof tool.type === 'string' && tool.type !== 'custom' && tool.input_schema === undefined;
  if (isServerTool || typeof tool.name !== 'string') return undefined;
  const fn: { name: string; description?: string; parameters: Record<string, unknown> } = {
    name: tool.name,
    parameters: tool.input_schema ?? { type: 'object', properties: {} },
  };
  if (typeof tool.description === 'string' && tool.description.length > 0) fn.description = tool.description;
  return fn;
}

function convertTool(tool: ToolDefinition): OpenAITool[] {
  const fn = functionOf(tool);
  return fn ? [{ type: 'function', function: fn }] : [];
}

/** Anthropic's tool choice in OpenAI's words (shared by Chat Completions and Responses). */
export function toolChoiceMode(choice: ToolChoice): 'auto' | 'required' | 'none' | { name: string } {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { name: choice.name };
  }
}

function convertToolChoice(choice: ToolChoice): OpenAIToolChoice {
  const mode = toolChoiceMode(choice);
  return typeof mode === 'string' ? mode : { type: 'function', function: mode };
}

export function isBlock<T extends { type: string }>(block: unknown, type: T['type']): block is T {
  return typeof block === 'object' && block !== null && (block as { type?: unknown }).type === type;
}
