// The OpenAI Responses API (`POST /responses`) as we send and read it. Copilot serves GPT-5-class and codex
// models only there. Requests are typed exactly; answers loosely, because Copilot adds fields (`copilot_usage`)
// and rotates item ids between events (vercel/ai packages/openai/src/responses/__fixtures__/
// github-copilot-id-rotation.1.chunks.txt), so readers key on `output_index` and narrow at run time.

export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url: string; detail: 'auto' }
  | { type: 'output_text'; text: string };

export type ResponsesInputItem =
  | { type: 'message'; role: 'user' | 'assistant'; content: ResponsesInputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string }
  | {
      type: 'reasoning';
      id: string;
      summary: Array<{ type: 'summary_text'; text: string }>;
      encrypted_content: string;
    };

export interface ResponsesTool {
  type: 'function';
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: false;
}

export type ResponsesToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; name: string };

export interface ResponsesRequest {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  reasoning?: { effort: 'low' | 'medium' | 'high'; summary: 'auto' | 'detailed' };
  /** Stateless: history travels in `input`, reasoning round-trips as encrypted content. */
  store: false;
  include?: string[];
  stream: boolean;
}

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  [extra: string]: unknown;
}

export interface ResponsesOutputItem {
  type?: string;
  id?: string;
  /** function_call */
  call_id?: string;
  name?: string;
  arguments?: string;
  /** message */
  content?: Array<{ type?: string; text?: string; refusal?: string }>;
  /** reasoning */
  summary?: Array<{ type?: string; text?: string }>;
  encrypted_content?: string | null;
  [extra: string]: unknown;
}

export interface ResponsesResult {
  id?: string;
  model?: string;
  status?: string;
  output?: ResponsesOutputItem[];
  usage?: ResponsesUsage | null;
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string; message?: string } | null;
  [extra: string]: unknown;
}

/** One streamed event; `type` names it (it also travels as the SSE event name). */
export interface ResponsesStreamEvent {
  type?: string;
  response?: ResponsesResult;
  output_index?: number;
  content_index?: number;
  summary_index?: number;
  item?: ResponsesOutputItem;
  delta?: string;
  text?: string;
  arguments?: string;
  /** `error` events */
  code?: string | null;
  message?: string;
  [extra: string]: unknown;
}
