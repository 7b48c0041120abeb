// The `copilot` vendor kind: GitHub Copilot's Chat Completions API, reached with a short-lived Copilot token
// exchanged from the user's GitHub sign-in. The Anthropic⇄OpenAI translation is the openai folder's; this file
// adds Copilot's token, host, model spelling and the headers Copilot insists on (vendors-protocols §5).
import type { IncomingHttpHeaders } from 'node:http';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { buildOpenAIBody, chatCompletionsUrl } from '../openai/adapter.ts';
import { readOpenAIError } from '../openai/errors.ts';
import { fromOpenAIResponse } from '../openai/response.ts';
import { createOpenAIStreamTranslator } from '../openai/stream.ts';
import type { VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { copilotApiHeaders } from './copilot-headers.ts';
import { createCopilotModelCatalogue, resolveCopilotModel } from './models.ts';
import { type CopilotTokenResult, createCopilotTokenManager, SIGN_IN_COMMAND } from './token-manager.ts';
import { PRESETS } from '../../config/presets.ts';
import { isErrorShapedAnswer, readErrorEvent } from '../error-shapes.ts';

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
  return request.messages.some(
    (message) =>
      Array.isArray(message.content) &&
      message.content.some(
        (block) =>
          block.type === 'image' ||
          (block.type === 'tool_result' &&
            Array.isArray(block.content) &&
            block.content.some((inner) => (inner as { type?: unknown }).type === 'image')),
      ),
  );
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
    now: services.now,
  });
  const catalogue = createCopilotModelCatalogue({
    credentials: async () => {
      const result = await tokens.getToken();
      return result.ok ? result : undefined;
    },
    modelsUrl: config.modelsUrl,
    now: services.now,
  });
  const configuredMapping = createModelMapper(config.modelMap);
  /** Set by a forced refresh, cleared by a success: a 401 after a fresh exchange means the sign-in is dead. */
  let refreshedSinceSuccess = false;
  let lastRecheck = Number.NEGATIVE_INFINITY;

  function mapModel(requested: string): string {
    const configured = configuredMapping(requested);
    if (configured !== requested) return configured;
    return resolveCopilotModel(requested, catalogue.usableIds());
  }

  return {
    config,
    kind: config.kind,
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,
    async prepare(request, ctx) {
      const token = await tokens.getToken();
      if (!token.ok) throw tokenFailure(token);
      await catalogue.refresh(ctx.signal);
      const model = mapModel(request.model);
      // Built from nothing: the client's Anthropic credentials and anthropic-* headers never reach GitHub.
      const headers = copilotApiHeaders(token.token, {
        initiator: initiatorFor(request, ctx.clientHeaders),
        vision: hasImages(request),
      });
      headers.accept = ctx.stream ? 'text/event-stream' : 'application/json';
      // The router reads every stream (usage, pre-content failover) and must not receive gzip.
      headers['accept-encoding'] = 'identity';
      for (const [name, value] of Object.entries(config.headers)) {
        if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
      }
      return {
        url: chatCompletionsUrl(token.apiBase),
        headers,
        body: buildOpenAIBody(request, model, ctx.stream),
        model,
      };
    },
    parseResponse(body, ctx) {
      refreshedSinceSuccess = false;
      return fromOpenAIResponse(body, ctx);
    },
    createStreamTranslator(ctx) {
      refreshedSinceSuccess = false;
      return createOpenAIStreamTranslator(ctx);
    },
    readError(status, bodyText, headers) {
      const error = readOpenAIError(status, bodyText, headers, services.now());
      if (error.kind !== 'http') return error;
      if (status === 401) {
        // The router refreshes after the first 401; only a 401 with a freshly exchanged token needs the user.
        error.signInNeeded = refreshedSinceSuccess || tokens.credentialProblem() !== undefined;
        if (error.signInNeeded) {
          error.message = `Copilot rejected a fresh token (${error.message}): run ${SIGN_IN_COMMAND}`;
        }
      }
      if (status === 400 && bodyText.includes('model_not_supported')) catalogue.invalidate();
      return error;
    },
    readAnswerError(body, bodyText, headers) {
      return isErrorShapedAnswer(body) ? this.readError(502, bodyText, headers) : undefined;
    },
    readEventError: readErrorEvent,
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
  };
}
