// The `gemini` vendor kind: Google's public Generative Language API with an API key.
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import { documentedContextWindow, PRESETS, resolvePreset } from '../../config/presets.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { createModelCatalogue } from '../model-catalogue.ts';
import type {
  ExchangeContext,
  PrepareContext,
  UpstreamCall,
  VendorAdapter,
  VendorServices,
} from '../vendor-adapter.ts';
import { readGeminiError } from './errors.ts';
import { geminiModelList } from './model-list.ts';
import { toGeminiRequest } from './request.ts';
import { fromGeminiResponse } from './response.ts';
import { createGeminiStreamTranslator } from './stream.ts';
import { errorShapedAnswerReader, readErrorEvent } from '../error-shapes.ts';
import { GEMINI_SIGNATURE_PREFIX } from './thought-signature.ts';

export const DEFAULT_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Context for the Gemini readers, from the router's exchange context. */
export function geminiExchangeContext(ctx: ExchangeContext) {
  return {
    requestedModel: ctx.requestedModel,
    upstreamModel: ctx.upstreamModel,
    toolNames: ctx.request.tools?.map((tool) => tool.name),
  };
}

export function createGeminiAdapter(
  config: VendorConfig,
  services: Pick<VendorServices, 'now'> = { now: Date.now },
): VendorAdapter {
  // User rules first; then the current models Google names as replacements of the retired 2.5 ones.
  const mapModel = createModelMapper([...config.modelMap, ...resolvePreset(config).modelMap]);
  const baseUrl = (config.baseUrl ?? DEFAULT_GEMINI_BASE_URL).replace(/\/+$/, '');
  const missingKey = `Vendor "${config.name}" needs an apiKey (a Google AI Studio key)`;
  const catalogue = createModelCatalogue({
    fetchList: geminiModelList({ baseUrl, apiKey: config.apiKey }),
    now: services.now,
  });

  return {
    config,
    kind: 'gemini',
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,
    modelCatalogue: catalogue,
    contextWindow: (model) =>
      catalogue.find(model)?.contextWindow ?? documentedContextWindow('gemini', model),

    async prepare(request: MessagesRequest, ctx: PrepareContext): Promise<UpstreamCall> {
      if (!config.apiKey) {
        const error: UpstreamError = { kind: 'auth', message: missingKey, signInNeeded: false };
        throw error;
      }
      catalogue.refreshIfStale();
      const model = mapModel(request.model).replace(/^models\//, '');
      const method = ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      return {
        url: `${baseUrl}/models/${encodeURIComponent(model)}:${method}`,
        headers: {
          'content-type': 'application/json',
          accept: ctx.stream ? 'text/event-stream' : 'application/json',
          ...config.headers,
          'x-goog-api-key': config.apiKey,
        },
        body: JSON.stringify(toGeminiRequest(request, { model })),
        model,
      };
    },

    parseResponse: (body, ctx) => fromGeminiResponse(body, geminiExchangeContext(ctx)),
    createStreamTranslator: (ctx) =>
      createGeminiStreamTranslator({ ...geminiExchangeContext(ctx), now: services.now }),
    readError: (status, bodyText, headers) => readGeminiError(status, bodyText, headers, services.now()),
    readAnswerError: errorShapedAnswerReader(readGeminiError),
    readEventError: readErrorEvent,
    dropCacheControl: config.dropCacheControl ?? PRESETS[config.kind].dropCacheControl,
    ownsSignature: (signature) => signature.startsWith(GEMINI_SIGNATURE_PREFIX),
    credentialProblem: () => (config.apiKey ? undefined : missingKey),
    async close() {
      catalogue.close();
    },
  };
}
