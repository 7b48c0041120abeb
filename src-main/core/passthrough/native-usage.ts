// Token usage out of native answers of all three families, JSON or SSE, into the ledger's four columns.
// Cached tokens are counted once: OpenAI's `prompt_tokens` / `input_tokens` and Gemini's `promptTokenCount`
// INCLUDE the cached part, so input = total − cached and cached goes to cache-read (the original stored both
// and priced cached tokens twice). Anthropic's `input_tokens` already excludes cache reads and writes.
// Reasoning and thinking are billed as output: OpenAI counts them inside `completion_tokens`/`output_tokens`,
// Gemini reports `thoughtsTokenCount` apart, so it is added to output. Both are kept in `extra` as well.
//
// Shapes: OpenAI https://platform.openai.com/docs/api-reference/chat/object (usage) and
// https://platform.openai.com/docs/api-reference/responses-streaming (`response.completed`); Gemini
// https://ai.google.dev/api/generate-content#UsageMetadata; Anthropic https://docs.anthropic.com/en/api/messages
// and https://docs.anthropic.com/en/docs/build-with-claude/streaming (message_start / message_delta).
import type { NativeProvider } from '../../../src-shared/config-schema.ts';

type Json = Record<string, unknown>;

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function obj(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

export class NativeUsage {
  inputTokens = 0;
  outputTokens = 0;
  cacheCreationTokens = 0;
  cacheReadTokens = 0;
  model: string | undefined;
  responseId: string | undefined;
  readonly extra: Record<string, number> = {};
  readonly #provider: NativeProvider;

  constructor(provider: NativeProvider) {
    this.#provider = provider;
  }

  get seen(): boolean {
    return this.inputTokens + this.outputTokens + this.cacheCreationTokens + this.cacheReadTokens > 0;
  }

  /** A whole JSON answer (an array for Gemini's `streamGenerateContent` without `alt=sse`). */
  observeBody(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.observeEvent(item);
      return;
    }
    this.observeEvent(value);
  }

  /** One JSON value: an answer or one SSE event's data. Later non-zero counts replace earlier ones. */
  observeEvent(value: unknown): void {
    const body = obj(value);
    if (!body) return;
    if (this.#provider === 'gemini') this.#gemini(body);
    else if (this.#provider === 'anthropic') this.#anthropic(body);
    else this.#openai(body);
  }

  #set(input: number, output: number, cacheWrite: number, cacheRead: number): void {
    this.inputTokens = input || this.inputTokens;
    this.outputTokens = output || this.outputTokens;
    this.cacheCreationTokens = cacheWrite || this.cacheCreationTokens;
    this.cacheReadTokens = cacheRead || this.cacheReadTokens;
  }

  #extra(name: string, value: unknown): void {
    const count = num(value);
    if (count) this.extra[name] = count;
  }

  #openai(body: Json): void {
    // Responses API stream events wrap the response: `{type: "response.completed", response: {...}}`.
    const response = obj(body.response) ?? body;
    this.model = str(response.model) ?? this.model;
    this.responseId = str(response.id) ?? this.responseId;
    const usage = obj(response.usage);
    if (!usage) return;
    const chat = usage.prompt_tokens !== undefined;
    const total = num(chat ? usage.prompt_tokens : usage.input_tokens);
    const details = obj(chat ? usage.prompt_tokens_details : usage.input_tokens_details);
    const cached = Math.min(total, num(details?.cached_tokens));
    const outputDetails = obj(chat ? usage.completion_tokens_details : usage.output_tokens_details);
    this.#set(total - cached, num(chat ? usage.completion_tokens : usage.output_tokens), 0, cached);
    this.#extra('reasoning_tokens', outputDetails?.reasoning_tokens);
    this.#extra('audio_input_tokens', details?.audio_tokens);
    this.#extra('audio_output_tokens', outputDetails?.audio_tokens);
  }

  #gemini(body: Json): void {
    this.model = str(body.modelVersion) ?? this.model;
    this.responseId = str(body.responseId) ?? this.responseId;
    const usage = obj(body.usageMetadata);
    if (!usage) return;
    const prompt = num(usage.promptTokenCount) + num(usage.toolUsePromptTokenCount);
    const cached = Math.min(prompt, num(usage.cachedContentTokenCount));
    const thoughts = num(usage.thoughtsTokenCount);
    this.#set(prompt - cached, num(usage.candidatesTokenCount) + thoughts, 0, cached);
    this.#extra('thoughts_tokens', thoughts);
    this.#extra('tool_use_prompt_tokens', usage.toolUsePromptTokenCount);
  }

  #anthropic(body: Json): void {
    // Stream: message_start carries the message (input side), message_delta the final usage.
    const message = obj(body.message) ?? (body.type === 'message' ? body : undefined);
    if (message) {
      this.model = str(message.model) ?? this.model;
      this.responseId = str(message.id) ?? this.responseId;
    }
    const usage = obj(message?.usage) ?? obj(body.usage);
    if (!usage) return;
    this.#set(
      num(usage.input_tokens),
      num(usage.output_tokens),
      num(usage.cache_creation_input_tokens),
      num(usage.cache_read_input_tokens),
    );
  }
}
