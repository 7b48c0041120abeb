// The `copilot` vendor kind: GitHub Copilot, reached with a short-lived Copilot token exchanged from the user's
// GitHub sign-in. Claude models Copilot lists with `/v1/messages` go to its own Anthropic Messages API unconverted
// (native-request.ts); the rest through Chat Completions or Responses, translated by the openai folders. This file
// adds Copilot's token, host, model spelling and the headers Copilot insists on (vendors-protocols §5).
import type { IncomingHttpHeaders } from 'node:http';
import { errorBody, type MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { createModelCatalogue } from '../model-catalogue.ts';
import { buildOpenAIBody, chatCompletionsUrl } from '../openai/adapter.ts';
import { fromOpenAIResponse } from '../openai/response.ts';
import { createOpenAIStreamTranslator } from '../openai/stream.ts';
import { toResponsesRequest } from '../openai-responses/request.ts';
import { fromResponsesResult } from '../openai-responses/response.ts';
import { createResponsesStreamTranslator } from '../openai-responses/stream.ts';
import { joinUrl } from '../http-headers.ts';
import { hasMediaInput } from '../request-content.ts';
import type { ExchangeContext, VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { copilotApiHeaders, outdatedClientAdvice, withUserHeaders } from './copilot-headers.ts';
import { type CopilotEndpoint, copilotEndpointFor, copilotModelList, resolveCopilotModel } from './models.ts';
import { type CopilotTokenResult, createCopilotTokenManager, SIGN_IN_COMMAND } from './token-manager.ts';
import { PRESETS } from '../../config/presets.ts';
import { isErrorShapedAnswer, readErrorEvent } from '../error-shapes.ts';
import { readCopilotError } from './copilot-error.ts';
import { createNativeStreamTranslator, fromNativeResponse } from './native-answer.ts';
import { copilotBetas, nativeHeaders, nativeMessagesBody } from './native-request.ts';
import { isCopilotSignature } from './native-signature.ts';

/** Where `coding-proxy auth login copilot` keeps the GitHub token. */
export const GITHUB_TOKEN_KEY = 'github:token';

/** While the tier waits for a sign-in, look for a new GitHub token at most this often. */
const RECHECK_INTERVAL_MS = 30_000;

/**
 * Premium-request billing charges `user` calls only: one per real prompt. Tool loops, subagents, compaction and
 * Claude Code's background calls are `agent` (ericc-ch/copilot-api#201, anomalyco/opencode#8030).
 */
export function initiatorFor(request: MessagesRequest, clientHeaders: IncomingHttpHeaders): 'user' | 'agent' {
  const requestClass = clientHeaders['x-claude-code-request-class'];
  if (typeof requestClass === 'string' && requestClass !== '' && requestClass !== 'main') return 'agent';
  const last = request.messages.at(-1);
  if (last?.role !== 'user') return 'agent';
  if (Array.isArray(last.content) && last.content.some((block) => block.type === 'tool_result'))
    return 'agent';
  return 'user';
}

/** Copilot refuses images unless the request announces them with `copilot-vision-request`. */
export function hasImages(request: MessagesRequest): boolean {
  return hasMediaInput(request);
}

function tokenFailure(result: Extract<CopilotTokenResult, { ok: false }>): UpstreamError {
  if (result.networkCode) return { kind: 'network', code: result.networkCode, message: result.message };
  return { kind: 'auth', message: result.message, signInNeeded: result.signInNeeded };
}

export function createCopilotAdapter(config: VendorConfig, services: VendorServices): VendorAdapter {
  const tokens = createCopilotTokenManager({
    githubToken: async () => config.githubToken || (await services.secrets.get(GITHUB_TOKEN_KEY)),
    tokenUrl: config.tokenUrl,
    accountType: config.accountType,
    baseUrl: config.baseUrl,
    headers: config.headers,
    now: services.now,
  });
  const catalogue = createModelCatalogue({
    fetchList: copilotModelList({
      credentials: async () => {
        const result = await tokens.getToken();
        if (!result.ok) throw new Error(result.message);
        return result;
      },
      modelsUrl: config.modelsUrl,
      headers: config.headers,
    }),
    now: services.now,
  });
  const configuredMapping = createModelMapper(config.modelMap);
  /** Set by a forced refresh, cleared by a success: a 401 after a fresh exchange means the sign-in is dead. */
  let refreshedSinceSuccess = false;
  let lastRecheck = Number.NEGATIVE_INFINITY;
  /** Which API path each prepared request went to, for reading its answer (keyed by the request object). */
  const endpoints = new WeakMap<MessagesRequest, CopilotEndpoint>();

  function mapModel(requested: string): string {
    const configured = configuredMapping(requested);
    if (configured !== requested) return configured;
    const usable = catalogue.snapshot().models.map((model) => model.id);
    return resolveCopilotModel(requested, usable);
  }

  const nativeMessages = config.nativeMessages !== false;
  const endpointFor = (model: string): CopilotEndpoint =>
    copilotEndpointFor(model, catalogue.find(model), nativeMessages);
  const endpointOf = (ctx: ExchangeContext): CopilotEndpoint =>
    endpoints.get(ctx.request) ?? endpointFor(ctx.upstreamModel);
  /** A refused client version, on a status line or inside a stream: what to update, then Copilot's own words. */
  const outdatedClientMessage = (said: string): string =>
    `${outdatedClientAdvice(config.headers)} (Copilot said: ${said.trim()})`;

  return {
    config,
    kind: config.kind,
    // Even an answer from `/v1/messages` is read event by event: its thinking signatures are marked as Copilot's.
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,
    modelCatalogue: catalogue,
    async prepare(request, ctx) {
      const token = await tokens.getToken();
      if (!token.ok) throw tokenFailure(token);
      // The list is read in the background; this request uses what is known now.
      catalogue.refreshIfStale();
      const model = mapModel(request.model);
      const endpoint = endpointFor(model);
      endpoints.set(request, endpoint);
      const requestClass = ctx.clientHeaders['x-claude-code-request-class'];
      const sessionId = ctx.clientHeaders['x-claude-code-session-id'];
      // Built from nothing: the client's Anthropic credentials never reach GitHub, nor its anthropic-* headers
      // except, on /v1/messages, the API version and the betas Copilot accepts.
      const headers = copilotApiHeaders(token.token, {
        initiator: initiatorFor(request, ctx.clientHeaders),
        vision: hasImages(request),
        subagent: requestClass === 'subagent',
        interactionId: typeof sessionId === 'string' ? sessionId : undefined,
        overrides: config.headers,
      });
      headers.accept = ctx.stream ? 'text/event-stream' : 'application/json';
      // The router reads every stream (usage, pre-content failover) and must not receive gzip.
      headers['accept-encoding'] = 'identity';
      if (endpoint === '/v1/messages') {
        const betas = copilotBetas(request, ctx.clientHeaders);
        Object.assign(headers, withUserHeaders(nativeHeaders(betas, ctx.clientHeaders), config.headers));
        return {
          url: joinUrl(token.apiBase, 'v1/messages'),
          headers,
          body: nativeMessagesBody(request, model, ctx.stream, betas),
          model,
        };
      }
      if (endpoint === '/responses') {
        return {
          url: joinUrl(token.apiBase, 'responses'),
          headers,
          body: JSON.stringify(toResponsesRequest(request, { model, stream: ctx.stream })),
          model,
        };
      }
      return {
        url: chatCompletionsUrl(token.apiBase),
        headers,
        body: buildOpenAIBody(request, model, ctx.stream),
        model,
      };
    },
    contextWindow: (model) => catalogue.find(model)?.contextWindow,
    parseResponse(body, ctx) {
      refreshedSinceSuccess = false;
      const endpoint = endpointOf(ctx);
      if (endpoint === '/v1/messages') return fromNativeResponse(body);
      return endpoint === '/responses' ? fromResponsesResult(body, ctx) : fromOpenAIResponse(body, ctx);
    },
    createStreamTranslator(ctx) {
      refreshedSinceSuccess = false;
      const endpoint = endpointOf(ctx);
      if (endpoint === '/v1/messages') return createNativeStreamTranslator();
      return endpoint === '/responses'
        ? createResponsesStreamTranslator(ctx)
        : createOpenAIStreamTranslator(ctx);
    },
    readError(status, bodyText, headers) {
      const error = readCopilotError(status, bodyText, headers, services.now());
      if (error.kind !== 'http') return error;
      if (status === 401) {
        // The router refreshes after the first 401; only a 401 with a freshly exchanged token needs the user.
        error.signInNeeded = refreshedSinceSuccess || tokens.credentialProblem() !== undefined;
        if (error.signInNeeded) {
          error.message = `Copilot rejected a fresh token (${error.message}): run ${SIGN_IN_COMMAND}`;
        }
      }
      if (status === 400 && /model_not_supported|unsupported_api_for_model/.test(bodyText))
        catalogue.invalidate();
      if (error.verdict?.kind === 'outdated-client') {
        // HTTP 466 "the specified API version is no longer supported" (2026-02-11): only a newer client helps.
        error.message = outdatedClientMessage(error.message);
        error.type = 'api_error';
        error.body = JSON.stringify(errorBody('api_error', error.message));
      }
      return error;
    },
    readAnswerError(body, bodyText, headers) {
      return isErrorShapedAnswer(body) ? this.readError(502, bodyText, headers) : undefined;
    },
    readEventError(frame) {
      const info = readErrorEvent(frame);
      // Inside a stream as on HTTP 466: the tier's error says what to update, with Copilot's own words after it.
      if (info?.verdict?.kind === 'outdated-client') {
        return { ...info, message: outdatedClientMessage(info.message) };
      }
      return info;
    },
    // Thinking from Copilot's Messages API is Copilot's (native-signature.ts): other tiers' hygiene drops it.
    ownsSignature: isCopilotSignature,
    dropCacheControl: config.dropCacheControl ?? PRESETS[config.kind].dropCacheControl,
    async refreshCredentials() {
      refreshedSinceSuccess = true;
      return (await tokens.refresh()).ok;
    },
    credentialProblem() {
      const problem = tokens.credentialProblem();
      if (problem && services.now() - lastRecheck >= RECHECK_INTERVAL_MS) {
        // The user may have run `auth login copilot` since: look for the new token in the background.
        lastRecheck = services.now();
        void tokens.getToken();
      }
      return problem;
    },
    signInNeed() {
      // A fresh token refused by the API (readError) needs a new sign-in as much as a refused exchange does.
      const reason = tokens.signInReason() ?? (refreshedSinceSuccess ? 'revoked' : undefined);
      return reason ? { provider: 'github', reason } : undefined;
    },
    async close() {
      catalogue.close();
    },
  };
}
