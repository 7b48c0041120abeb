// The `openai-compatible` vendor kind: any Chat Completions server (OpenRouter, OpenAI, DeepSeek, vLLM,
// llama.cpp, a local Ollama at http://127.0.0.1:11434/v1…). The building blocks are exported for the Copilot
// adapter, which speaks the same protocol with its own URL, token and headers.
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { authHeaders, joinUrl } from '../http-headers.ts';
import { createModelCatalogue } from '../model-catalogue.ts';
import type { VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { readOpenAIError } from './errors.ts';
import { openAIModelList } from './model-list.ts';
import { toOpenAIRequest } from './request.ts';
import { fromOpenAIResponse } from './response.ts';
import { createOpenAIStreamTranslator } from './stream.ts';
import { PRESETS } from '../../config/presets.ts';
import { errorShapedAnswerReader, readErrorEvent } from '../error-shapes.ts';

/** `${baseUrl}/chat/completions`, whatever trailing slashes the user typed. */
export function chatCompletionsUrl(baseUrl: string): string {
  return joinUrl(baseUrl, 'chat/completions');
}

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…) reject `max_tokens` and want `max_completion_tokens`
 * (ericc-ch/copilot-api#222, PR #258); every other server still expects `max_tokens`. Matches vendor-prefixed
 * names too (`openai/gpt-5` on OpenRouter).
 */
export function prefersMaxCompletionTokens(model: string): boolean {
  return /(^|\/)(o\d|gpt-5)/i.test(model);
}

/** The JSON body for `chat/completions`. */
export function buildOpenAIBody(request: MessagesRequest, model: string, stream: boolean): string {
  return JSON.stringify(
    toOpenAIRequest(request, { model, stream, useMaxCompletionTokens: prefersMaxCompletionTokens(model) }),
  );
}

/**
 * Request headers. Deliberately built from nothing: the client's `x-api-key`/`authorization` is an Anthropic
 * credential and must never reach a third party, and its other headers (anthropic-beta…) mean nothing here.
 * The user's configured headers come last so they can override anything (OpenRouter's HTTP-Referer/X-Title, a
 * gateway's own auth header).
 */
export function buildOpenAIHeaders(options: {
  stream: boolean;
  apiKey?: string | undefined;
  authStyle?: VendorConfig['authStyle'];
  extra?: Record<string, string>;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: options.stream ? 'text/event-stream' : 'application/json',
    // The router reads every stream (usage, pre-content failover) and must not receive gzip.
    'accept-encoding': 'identity',
  };
  if (options.apiKey) Object.assign(headers, authHeaders(options.authStyle ?? 'bearer', options.apiKey));
  for (const [name, value] of Object.entries(options.extra ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

export function createOpenAICompatibleAdapter(
  config: VendorConfig,
  services: Pick<VendorServices, 'now'> = { now: Date.now },
): VendorAdapter {
  const mapModel = createModelMapper(config.modelMap);
  const catalogue = createModelCatalogue({
    fetchList: openAIModelList({
      baseUrl: config.baseUrl,
      headers: buildOpenAIHeaders({
        stream: false,
        apiKey: config.apiKey,
        authStyle: config.authStyle,
        extra: config.headers,
      }),
    }),
    now: services.now,
  });
  return {
    config,
    kind: config.kind,
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,
    modelCatalogue: catalogue,
    contextWindow: (model) => catalogue.find(model)?.contextWindow,
    async prepare(request, ctx) {
      if (!config.baseUrl) {
        // No default: guessing api.openai.com would send, say, an OpenRouter key to the wrong company.
        const error: UpstreamError = {
          kind: 'auth',
          message: `vendor "${config.name}" (kind openai-compatible) needs a baseUrl, e.g. https://openrouter.ai/api/v1`,
          signInNeeded: false,
        };
        throw error;
      }
      catalogue.refreshIfStale();
      const model = mapModel(request.model);
      return {
        url: chatCompletionsUrl(config.baseUrl),
        headers: buildOpenAIHeaders({
          stream: ctx.stream,
          apiKey: config.apiKey,
          authStyle: config.authStyle,
          extra: config.headers,
        }),
        body: buildOpenAIBody(request, model, ctx.stream),
        model,
      };
    },
    parseResponse(body, ctx) {
      return fromOpenAIResponse(body, ctx);
    },
    createStreamTranslator(ctx) {
      return createOpenAIStreamTranslator(ctx);
    },
    readError(status, bodyText, headers) {
      return readOpenAIError(status, bodyText, headers);
    },
    readAnswerError: errorShapedAnswerReader(readOpenAIError),
    readEventError: readErrorEvent,
    dropCacheControl: config.dropCacheControl ?? PRESETS[config.kind].dropCacheControl,
    async close() {
      catalogue.close();
    },
  };
}
