// The `antigravity` vendor kind: Google's Code Assist private API (v1internal) with the user's Google sign-in.
// Bodies are public-Gemini requests inside the v1internal envelope; answers come back wrapped in `response`,
// which the Gemini readers unwrap. vendors-protocols.md §4.1, §6; current hosts, client version, models and the
// Agent SDK filter: docs/vendors.md (issue 14).
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Message, MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import type { UpstreamError } from '../../common/upstream-error.ts';
import { createModelMapper } from '../../config/model-map.ts';
import { documentedContextWindow, PRESETS, resolvePreset } from '../../config/presets.ts';
import { geminiExchangeContext } from '../gemini/adapter.ts';
import { readGeminiError } from '../gemini/errors.ts';
import { toGeminiRequest } from '../gemini/request.ts';
import { fromGeminiResponse } from '../gemini/response.ts';
import { createGeminiStreamTranslator } from '../gemini/stream.ts';
import { createModelCatalogue } from '../model-catalogue.ts';
import type { PrepareContext, UpstreamCall, VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { type ClientVersion, createClientVersion } from './client-version.ts';
import { createGoogleCredentials } from './google-credentials.ts';
import { withoutAgentSdkIdentity } from './identity-line.ts';
import { antigravityModelList } from './model-list.ts';
import { discoverProject } from './project-discovery.ts';
import { CLOUD_CODE_PROD, endpointPlan } from './endpoints.ts';
import { createHostFallback } from './host-fallback.ts';
import { errorShapedAnswerReader, readErrorEvent } from '../error-shapes.ts';
import { GEMINI_SIGNATURE_PREFIX } from '../gemini/thought-signature.ts';

/** Sign-in state and project live on the production host; CPA sends loadCodeAssist there whatever it generates on. */
export const CODE_ASSIST_CONTROL_URL = CLOUD_CODE_PROD;

export interface AntigravityOptions {
  /** Waits between onboarding polls (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

function firstUserText(messages: readonly Message[]): string {
  const first = messages.find((message) => message.role === 'user');
  if (!first) return '';
  if (typeof first.content === 'string') return first.content;
  const text = first.content.find((block) => block.type === 'text');
  return text && typeof text.text === 'string' ? text.text : '';
}

/** Stable per conversation (CPA derives it from the first user text), so Code Assist can reuse its cache. */
function sessionIdFor(request: MessagesRequest): string {
  return `-${BigInt(`0x${createHash('sha256').update(firstUserText(request.messages)).digest('hex').slice(0, 15)}`)}`;
}

/** A tier pointed at a gateway or a test fake does not read Google's update manifest unless told to. */
function readsGoogleManifest(config: VendorConfig, hosts: readonly string[]): boolean {
  if (config.versionManifestUrl) return true;
  return hosts.some((host) => /(^|\.)googleapis\.com$/.test(new URL(host).hostname));
}

/**
 * A 200 that is not a v1internal answer. Code Assist has answered outdated clients with a plain-text 200 "This
 * version of Antigravity is no longer supported…" (CPA #1316, #4144): the tier fails over and says why.
 */
function notV1Internal(
  bodyText: string,
  contentType: string | undefined,
  version: ClientVersion,
): UpstreamError {
  const said = bodyText.replace(/\s+/g, ' ').trim().slice(0, 160);
  let message = `Antigravity answered 200 with ${contentType || 'no content type'} instead of a v1internal answer: "${said}"`;
  if (/no longer supported|update to receive/i.test(bodyText)) {
    const why = version.problem() ?? 'the update manifest names no newer version';
    message += ` — Google refuses the client version coding-proxy announces (${version.current()}; ${why}); update coding-proxy or set a newer "user-agent" in this vendor's headers`;
  }
  return { kind: 'stream', afterContent: false, type: 'api_error', message };
}

export function createAntigravityAdapter(
  config: VendorConfig,
  services: VendorServices,
  options: AntigravityOptions = {},
): VendorAdapter & { clientVersion(): string } {
  const preset = resolvePreset(config);
  const mapModel = createModelMapper([...config.modelMap, ...preset.modelMap]);
  const plan = endpointPlan(config);
  const credentials = createGoogleCredentials(config, services);
  const version = createClientVersion({
    manifestUrl: config.versionManifestUrl,
    now: services.now,
    enabled: readsGoogleManifest(config, plan.generate),
  });
  let project = config.projectId;
  let discovering: Promise<string> | undefined;
  // Project discovery polls with timers; closing the adapter cuts a poll short instead of keeping the process up.
  const closed = new AbortController();

  const headersFor = (accessToken: string): Record<string, string> => ({
    'user-agent': version.userAgent(),
    ...config.headers,
    authorization: `Bearer ${accessToken}`,
  });

  async function projectId(accessToken: string): Promise<string> {
    if (project) return project;
    discovering ??= discoverProject({
      hosts: plan.control,
      headers: headersFor(accessToken),
      sleep: options.sleep ?? ((ms) => delay(ms, undefined, { signal: closed.signal })),
    }).finally(() => {
      discovering = undefined;
    });
    project = await discovering;
    return project;
  }

  const catalogue = createModelCatalogue({
    fetchList: antigravityModelList({
      hosts: plan.control,
      session: async () => {
        const problem = credentials.problem();
        if (problem) throw new Error(problem);
        const accessToken = await credentials.accessToken().catch((error: { message?: string }) => {
          throw new Error(error.message ?? 'no Google access token');
        });
        return { headers: headersFor(accessToken), project: await projectId(accessToken) };
      },
    }),
    now: services.now,
  });

  const readShapedError = errorShapedAnswerReader(readGeminiError);
  const readError = (status: number, bodyText: string, headers: Record<string, string>) =>
    readGeminiError(status, bodyText, headers, services.now());
  const hosts = createHostFallback({
    hosts: plan.generate,
    now: services.now,
    readError,
    readForeign: (bodyText, headers) => notV1Internal(bodyText, headers['content-type'], version),
    notice: (message) => services.notice?.(config.name, message),
  });

  return {
    config,
    kind: 'antigravity',
    /** The version announced in the User-Agent now (read from the update manifest, never below the floor). */
    clientVersion: () => version.current(),
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,
    modelCatalogue: catalogue,
    contextWindow: (model) =>
      catalogue.find(model)?.contextWindow ?? documentedContextWindow('antigravity', model),

    async prepare(original: MessagesRequest, ctx: PrepareContext): Promise<UpstreamCall> {
      const accessToken = await credentials.accessToken();
      catalogue.refreshIfStale();
      const request = withoutAgentSdkIdentity(original);
      const model = mapModel(request.model).replace(/^models\//, '');
      const envelope = {
        model,
        project: await projectId(accessToken),
        requestId: `agent-${randomUUID()}`,
        userAgent: 'antigravity',
        requestType: 'agent',
        request: { ...toGeminiRequest(request, { model }), sessionId: sessionIdFor(request) },
      };
      const method = ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      return {
        url: `${hosts.current()}/v1internal:${method}`,
        headers: {
          ...headersFor(accessToken),
          'content-type': 'application/json',
          accept: ctx.stream ? 'text/event-stream' : 'application/json',
        },
        body: JSON.stringify(envelope),
        model,
      };
    },

    parseResponse: (body, ctx) => fromGeminiResponse(body, geminiExchangeContext(ctx)),
    createStreamTranslator: (ctx) =>
      createGeminiStreamTranslator({ ...geminiExchangeContext(ctx), now: services.now }),
    readError,
    exchange: (call, send) => hosts.exchange(call, send),
    readAnswerError(body, bodyText, headers) {
      if (body === undefined) return notV1Internal(bodyText, headers['content-type'], version);
      return readShapedError(body, bodyText, headers);
    },
    readEventError: readErrorEvent,
    dropCacheControl: config.dropCacheControl ?? PRESETS[config.kind].dropCacheControl,
    ownsSignature: (signature) => signature.startsWith(GEMINI_SIGNATURE_PREFIX),

    async refreshCredentials() {
      credentials.invalidate();
      try {
        await credentials.accessToken();
        return true;
      } catch {
        return false;
      }
    },

    credentialProblem: () => credentials.problem(),
    signInNeed() {
      const reason = credentials.signInReason();
      return reason ? { provider: 'google', reason } : undefined;
    },

    async close() {
      closed.abort();
      version.close();
      catalogue.close();
    },
  };
}
