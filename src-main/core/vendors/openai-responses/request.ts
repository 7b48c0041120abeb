// Anthropic Messages request → OpenAI Responses request. Same rules as the Chat Completions mapping
// (openai/request.ts) in the Responses item shapes: tool results become `function_call_output` items placed
// before the user's own text, assistant tool calls `function_call` items, and only our own reasoning (encrypted
// content we minted as a thinking signature) is replayed; other vendors' thinking means nothing here.
import type {
  ContentBlock,
  ImageBlock,
  Message,
  MessagesRequest,
  OtherBlock,
  TextBlock,
  ThinkingBlock,
  ToolChoice,
  ToolResultBlock,
  ToolUseBlock,
} from '../../../../src-shared/anthropic.ts';
import {
  functionOf,
  imagePart,
  isBlock,
  systemText,
  toolChoiceMode,
  toolInput,
  toolResultContent,
} from '../openai/request.ts';
import { readReasoningSignature } from './reasoning-signature.ts';
import type {
  ResponsesInputContent,
  ResponsesInputItem,
  ResponsesRequest,
  ResponsesTool,
  ResponsesToolChoice,
} from './types.ts';

type Block = ContentBlock | OtherBlock;

/** The Responses API refuses `max_output_tokens` below 16. */
const MIN_OUTPUT_TOKENS = 16;

export function toResponsesRequest(
  request: MessagesRequest,
  options: { model: string; stream: boolean },
): ResponsesRequest {
  const input: ResponsesInputItem[] = [];
  for (const message of request.messages) input.push(...convertMessage(message));
  const body: ResponsesRequest = { model: options.model, input, store: false, stream: options.stream };
  // Claude Code's billing attribution line means nothing to another vendor.
  const instructions = systemText(request.system)
    .split('\n\n')
    .filter((part) => !part.startsWith('x-anthropic-billing-header'))
    .join('\n\n');
  if (instructions) body.instructions = instructions;
  if (typeof request.max_tokens === 'number') {
    body.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, request.max_tokens);
  }
  // GPT-5-class models reject temperature/top_p ("Unsupported parameter: 'top_p'", microsoft/vscode#282170),
  // and stop sequences do not exist on this API: all three are left out.
  const tools = (request.tools ?? []).flatMap((tool): ResponsesTool[] => {
    const fn = functionOf(tool);
    return fn ? [{ type: 'function', ...fn, strict: false }] : [];
  });
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
  const effort = reasoningEffort(request.thinking);
  if (effort) {
    body.reasoning = { effort, summary: 'detailed' };
    // With store:false the reasoning of a tool loop must travel back with the next request to be reused.
    body.include = ['reasoning.encrypted_content'];
  }
  return body;
}

/** Anthropic's thinking budget as a Responses effort; no thinking requested: the model's default. */
function reasoningEffort(thinking: MessagesRequest['thinking']): 'low' | 'medium' | 'high' | undefined {
  if (!thinking || thinking.type === 'disabled') return undefined;
  if (thinking.type === 'adaptive') return 'medium';
  if (thinking.budget_tokens < 4096) return 'low';
  return thinking.budget_tokens < 16_384 ? 'medium' : 'high';
}

function convertMessage(message: Message): ResponsesInputItem[] {
  if (typeof message.content === 'string') {
    if (message.content === '') return [];
    const type = message.role === 'user' ? 'input_text' : 'output_text';
    return [{ type: 'message', role: message.role, content: [{ type, text: message.content }] }];
  }
  return message.role === 'user' ? convertUser(message.content) : convertAssistant(message.content);
}

function convertUser(blocks: Block[]): ResponsesInputItem[] {
  const outputs: ResponsesInputItem[] = [];
  const content: ResponsesInputContent[] = [];
  for (const block of blocks) {
    if (isBlock<ToolResultBlock>(block, 'tool_result')) {
      const { text, images } = toolResultContent(block);
      outputs.push({ type: 'function_call_output', call_id: String(block.tool_use_id), output: text });
      if (images.length > 0) {
        content.push({ type: 'input_text', text: `Image(s) returned by tool call ${block.tool_use_id}:` });
        for (const image of images) content.push(inputImage(image.image_url.url));
      }
    } else if (isBlock<TextBlock>(block, 'text') && typeof block.text === 'string' && block.text !== '') {
      content.push({ type: 'input_text', text: block.text });
    } else if (isBlock<ImageBlock>(block, 'image')) {
      const image = imagePart(block);
      if (image) content.push(inputImage(image.image_url.url));
    }
  }
  return content.length > 0 ? [...outputs, { type: 'message', role: 'user', content }] : outputs;
}

function inputImage(url: string): ResponsesInputContent {
  return { type: 'input_image', image_url: url, detail: 'auto' };
}

function convertAssistant(blocks: Block[]): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  for (const block of blocks) {
    if (isBlock<TextBlock>(block, 'text')) {
      if (typeof block.text === 'string' && block.text !== '') {
        items.push({
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: block.text }],
        });
      }
    } else if (isBlock<ToolUseBlock>(block, 'tool_use')) {
      items.push({
        type: 'function_call',
        call_id: String(block.id),
        name: String(block.name),
        arguments: JSON.stringify(toolInput(block.input)),
      });
    } else if (isBlock<ThinkingBlock>(block, 'thinking')) {
      const reasoning = readReasoningSignature(block.signature);
      if (!reasoning) continue;
      const summary = block.thinking ? [{ type: 'summary_text' as const, text: block.thinking }] : [];
      items.push({ type: 'reasoning', id: reasoning.id, summary, encrypted_content: reasoning.encrypted });
    }
  }
  return items;
}

function convertToolChoice(choice: ToolChoice): ResponsesToolChoice {
  const mode = toolChoiceMode(choice);
  return typeof mode === 'string' ? mode : { type: 'function', name: mode.name };
}
