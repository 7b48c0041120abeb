// OpenAI Chat Completions as we send and read it. Requests are typed exactly (we build them); responses and
// chunks are typed loosely because every "OpenAI-compatible" server (OpenRouter, Ollama, vLLM, llama.cpp,
// DeepSeek, Copilot…) adds or omits fields, so readers narrow at run time instead of trusting these shapes.

export type OpenAITextPart = { type: 'text'; text: string };
export type OpenAIImagePart = { type: 'image_url'; image_url: { url: string } };
export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type OpenAIToolChoice =
  | 'auto'
  | 'required'
  | 'none'
  | { type: 'function'; function: { name: string } };

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
}

export interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  /** DeepSeek reports its context cache this way instead of `prompt_tokens_details`. */
  prompt_cache_hit_tokens?: number;
  [extra: string]: unknown;
}

export interface OpenAIResponseToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string | null };
}

export interface OpenAIResponseMessage {
  role?: string;
  content?: string | Array<{ type?: string; text?: string }> | null;
  /** DeepSeek, vLLM, Ollama (`reasoning_content`), OpenRouter (`reasoning`), Copilot (`reasoning_text`). */
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_text?: string | null;
  tool_calls?: OpenAIResponseToolCall[] | null;
  [extra: string]: unknown;
}

export interface OpenAIChatResponse {
  id?: string;
  object?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: OpenAIResponseMessage; finish_reason?: string | null }>;
  usage?: OpenAIUsage | null;
  error?: unknown;
  [extra: string]: unknown;
}

export interface OpenAIChatChunk {
  id?: string;
  object?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: OpenAIResponseMessage | null;
    finish_reason?: string | null;
    /** Moonshot/Kimi put the usage inside the final choice instead of at the top level. */
    usage?: OpenAIUsage | null;
  }>;
  usage?: OpenAIUsage | null;
  error?: unknown;
  [extra: string]: unknown;
}
