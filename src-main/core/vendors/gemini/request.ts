// Anthropic Messages request → Gemini GenerateContentRequest (public API body; Antigravity wraps it in its
// v1internal envelope). Mapping table: vendors-protocols.md §4.2.
import type {
  MessagesRequest,
  TextBlock,
  ToolChoice,
  ToolDefinition,
} from '../../../../src-shared/anthropic.ts';
import { sanitizeFunctionName } from './function-names.ts';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiRequest,
  GeminiThinkingConfig,
  GeminiToolConfig,
} from './gemini-types.ts';
import { modelNeedsThoughtSignatures, toGeminiContents } from './request-contents.ts';
import { cleanSchemaForGemini } from './schema-clean.ts';

export interface GeminiRequestOptions {
  /** The Gemini model the request goes to (decides thinkingLevel vs thinkingBudget and signature rules). */
  model: string;
}

/** Gemini accepts at most five stop sequences. */
const MAX_STOP_SEQUENCES = 5;

function systemParts(system: MessagesRequest['system']): GeminiPart[] {
  const blocks: TextBlock[] = typeof system === 'string' ? [{ type: 'text', text: system }] : (system ?? []);
  return (
    blocks
      .filter((block) => typeof block.text === 'string' && block.text.trim() !== '')
      // Claude Code's billing attribution line means nothing to Gemini (CPA skips it as well).
      .filter((block) => !block.text.startsWith('x-anthropic-billing-header'))
      .map((block) => ({ text: block.text }))
  );
}

/** Server tools (`web_search_20250305`, `bash_20250124`, …) run on Anthropic's side and have no Gemini twin. */
function isClientTool(tool: ToolDefinition): boolean {
  return tool.type === undefined || tool.type === 'custom';
}

function functionDeclarations(tools: readonly ToolDefinition[] | undefined): GeminiFunctionDeclaration[] {
  return (tools ?? []).filter(isClientTool).map((tool) => {
    const declaration: GeminiFunctionDeclaration = { name: sanitizeFunctionName(tool.name) };
    if (tool.description) declaration.description = tool.description;
    const parameters = cleanSchemaForGemini(tool.input_schema ?? {});
    // "properties: should be non-empty for OBJECT type": a tool without arguments sends no parameters.
    if (parameters.properties !== undefined) declaration.parameters = parameters;
    return declaration;
  });
}

function toolConfig(choice: ToolChoice | undefined): GeminiToolConfig | undefined {
  switch (choice?.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'tool':
      return {
        functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [sanitizeFunctionName(choice.name)] },
      };
    default:
      return undefined;
  }
}

/** Gemini 2.5 budget ranges (gemini_ex docs): Pro 128–32 768 (cannot be off), Flash 0–24 576. */
function clampBudget(model: string, budget: number): number {
  if (/flash/i.test(model)) return Math.min(Math.max(budget, 0), 24_576);
  if (/gemini/i.test(model)) return Math.min(Math.max(budget, 128), 32_768);
  return budget;
}

/** Never both thinkingBudget and thinkingLevel: Gemini answers 400 (§8.3). Gemini 3 takes levels. */
function thinkingConfig(request: MessagesRequest, model: string): GeminiThinkingConfig | undefined {
  const thinking = request.thinking;
  if (!thinking || thinking.type === 'disabled') return undefined;
  const usesLevels = modelNeedsThoughtSignatures(model);
  if (thinking.type === 'adaptive') {
    return usesLevels
      ? { includeThoughts: true, thinkingLevel: 'high' }
      : { includeThoughts: true, thinkingBudget: -1 };
  }
  if (usesLevels)
    return { includeThoughts: true, thinkingLevel: thinking.budget_tokens > 4_096 ? 'high' : 'low' };
  return { includeThoughts: true, thinkingBudget: clampBudget(model, thinking.budget_tokens) };
}

function generationConfig(request: MessagesRequest, model: string): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (typeof request.max_tokens === 'number') config.maxOutputTokens = request.max_tokens;
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  if (typeof request.top_k === 'number') config.topK = request.top_k;
  const stops = (request.stop_sequences ?? []).filter((stop) => stop !== '');
  if (stops.length > 0) config.stopSequences = stops.slice(0, MAX_STOP_SEQUENCES);
  const thinking = thinkingConfig(request, model);
  if (thinking) config.thinkingConfig = thinking;
  return Object.keys(config).length > 0 ? config : undefined;
}

export function toGeminiRequest(request: MessagesRequest, options: GeminiRequestOptions): GeminiRequest {
  const out: GeminiRequest = { contents: toGeminiContents(request.messages, options.model) };
  const system = systemParts(request.system);
  if (system.length > 0) out.systemInstruction = { role: 'user', parts: system };
  const declarations = functionDeclarations(request.tools);
  if (declarations.length > 0) {
    out.tools = [{ functionDeclarations: declarations }];
    const config = toolConfig(request.tool_choice);
    if (config) out.toolConfig = config;
  }
  const generation = generationConfig(request, options.model);
  if (generation) out.generationConfig = generation;
  return out;
}
