import { errorBody, type MessagesRequest, type MessagesResponse } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import { documentedContextWindow, resolvePreset } from '../../config/presets.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { authHeaders, forwardableHeaders, joinUrl } from '../http-headers.ts';
import type { PrepareContext, UpstreamCall, VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { readAnthropicError, readAnthropicWireEventError } from './errors.ts';
import { errorShapedAnswerReader } from '../error-shapes.ts';
import { hasMediaInput } from '../request-content.ts';
import { verdict } from '../vendor-verdict.ts';

/**
 * Anthropic itself and every Anthropic-compatible vendor (Zhipu, MiniMax, Qwen, MiMo, Kimi, Doubao, custom).
 * The body keeps every field; only the model is mapped. The plain `anthropic` kind without an apiKey relays the
 * client's own credentials (API key or Claude plan OAuth token); every other case replaces them, so a client's
 * Anthropic key never reaches a third party.
 */
export function createAnthropicAdapter(
  config: VendorConfig,
  services: Pick<VendorServices, 'now'> = { now: Date.now },
): VendorAdapter {
  const preset = resolvePreset(config);
  const baseUrl = config.baseUrl ?? preset.baseUrl;
  const mapModel = createModelMapper([...config.modelMap, ...preset.modelMap]);
  const usesClientCredentials = config.kind === 'anthropic' && !config.apiKey;
  const authStyle = config.authStyle ?? preset.authStyle;

  const readError = (status: number, bodyText: string, headers: Record<string, string>) => {
    const error = readAnthropicError(status, bodyText, headers, config.name, services.now());
    if (status === 401 && preset.regionBound && error.kind === 'http') {
      // A key from another plan or region is refused with a bare 401 (MiniMax, Alibaba, Kimi, Zhipu, MiMo).
      error.message += ` — ${preset.label} keys only work on the host of the plan and region they were created for (this tier uses ${baseUrl}); set "region"/"plan" on the vendor to match the key`;
    }
    return error;
  };

  /** The vendor answers 400 to images and documents (MiniMax): leave such a request to another tier. */
  function refuseMedia(): UpstreamError {
    const message = `${preset.label} does not accept image or document input; another tier has to serve this request`;
    return {
      kind: 'http',
      status: 400,
      type: 'invalid_request_error',
      message,
      retryAfterMs: undefined,
      body: JSON.stringify(errorBody('invalid_request_error', message)),
      headers: {},
      verdict: verdict('cannot-serve', 'no image input on this tier'),
    };
  }

  function headersFor(ctx: PrepareContext): Record<string, string> {
    if (!usesClientCredentials && !config.apiKey) {
      const error: UpstreamError = {
        kind: 'auth',
        message: `vendor "${config.name}" has no apiKey configured`,
        signInNeeded: false,
      };
      throw error;
    }
    const headers = forwardableHeaders(ctx.clientHeaders, usesClientCredentials);
    headers['content-type'] = 'application/json';
    headers['anthropic-version'] ??= '2023-06-01';
    if (config.apiKey) Object.assign(headers, authHeaders(authStyle, config.apiKey));
    Object.assign(headers, config.headers);
    return headers;
  }

  function call(path: string, request: MessagesRequest, ctx: PrepareContext): UpstreamCall {
    if (!baseUrl) {
      const error: UpstreamError = {
        kind: 'auth',
        message: `vendor "${config.name}" (kind ${config.kind}) needs a baseUrl`,
        signInNeeded: false,
      };
      throw error;
    }
    const model = mapModel(request.model);
    // Same model, untouched request: relay the client's bytes instead of re-serialising a large conversation.
    const body =
      model === request.model
        ? (ctx.rawBody ?? JSON.stringify(request))
        : JSON.stringify({ ...request, model });
    return { url: joinUrl(baseUrl, path) + ctx.query, headers: headersFor(ctx), body, model };
  }

  return {
    config,
    kind: config.kind,
    anthropicWire: true,
    usesClientCredentials,
    mapModel,
    // Compatible vendors publish no model list here; what their docs say is what is known.
    contextWindow: (model) => documentedContextWindow(config.kind, model),
    async prepare(request, ctx) {
      if (!preset.acceptsImages && hasMediaInput(request)) throw refuseMedia();
      return call('/v1/messages', request, ctx);
    },
    parseResponse(body) {
      return body as MessagesResponse;
    },
    createStreamTranslator() {
      return { push: (frame) => [frame], end: () => [] };
    },
    readError,
    readAnswerError: errorShapedAnswerReader(readError),
    readEventError: readAnthropicWireEventError,
    dropCacheControl: config.dropCacheControl ?? preset.dropCacheControl,
    async countTokensCall(request, ctx) {
      // Only Anthropic documents count_tokens; the compatible vendors answer 404 or worse, so the router estimates.
      if (config.kind !== 'anthropic') return undefined;
      return call('/v1/messages/count_tokens', request, ctx);
    },
  };
}
