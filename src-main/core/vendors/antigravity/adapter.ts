// The `antigravity` vendor kind: Google's Code Assist private API (v1internal) with the user's Google sign-in.
// Bodies are public-Gemini requests inside the v1internal envelope; answers come back wrapped in `response`,
// which the Gemini readers unwrap. vendors-protocols.md §4.1, §6.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Message, MessagesRequest } from '../../../../src-shared/anthropic.ts';
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';
import { createModelMapper } from '../../config/model-map.ts';
import { geminiExchangeContext } from '../gemini/adapter.ts';
import { readGeminiError } from '../gemini/errors.ts';
import { DEFAULT_GEMINI_MODEL_RULES } from '../gemini/model-defaults.ts';
import { toGeminiRequest } from '../gemini/request.ts';
import { fromGeminiResponse } from '../gemini/response.ts';
import { createGeminiStreamTranslator } from '../gemini/stream.ts';
import type { PrepareContext, UpstreamCall, VendorAdapter, VendorServices } from '../vendor-adapter.ts';
import { createGoogleCredentials } from './google-credentials.ts';
import { discoverProject } from './project-discovery.ts';
import { PRESETS } from '../../config/presets.ts';
import { errorShapedAnswerReader, readErrorEvent } from '../error-shapes.ts';
import { GEMINI_SIGNATURE_PREFIX } from '../gemini/thought-signature.ts';

export const DEFAULT_CODE_ASSIST_BASE_URL = 'https://cloudcode-pa.googleapis.com';
/** CPA pins a client version floor: Cloud Code refuses newer models to older clients. Override via `headers`. */
const USER_AGENT = 'antigravity/hub/2.9.1 darwin/arm64';

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

export function createAntigravityAdapter(
  config: VendorConfig,
  services: VendorServices,
  options: AntigravityOptions = {},
): VendorAdapter {
  const mapModel = createModelMapper([...config.modelMap, ...DEFAULT_GEMINI_MODEL_RULES]);
  const baseUrl = (config.baseUrl ?? DEFAULT_CODE_ASSIST_BASE_URL).replace(/\/+$/, '');
  const credentials = createGoogleCredentials(config, services);
  let project = config.projectId;
  let discovering: Promise<string> | undefined;
  // Project discovery polls with timers; closing the adapter cuts a poll short instead of keeping the process up.
  const closed = new AbortController();

  const headersFor = (accessToken: string): Record<string, string> => ({
    'user-agent': USER_AGENT,
    ...config.headers,
    authorization: `Bearer ${accessToken}`,
  });

  async function projectId(accessToken: string): Promise<string> {
    if (project) return project;
    discovering ??= discoverProject({
      baseUrl,
      headers: headersFor(accessToken),
      sleep: options.sleep ?? ((ms) => delay(ms, undefined, { signal: closed.signal })),
    }).finally(() => {
      discovering = undefined;
    });
    project = await discovering;
    return project;
  }

  return {
    config,
    kind: 'antigravity',
    anthropicWire: false,
    usesClientCredentials: false,
    mapModel,

    async prepare(request: MessagesRequest, ctx: PrepareContext): Promise<UpstreamCall> {
      const accessToken = await credentials.accessToken();
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
        url: `${baseUrl}/v1internal:${method}`,
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
    createStreamTranslator: (ctx) => createGeminiStreamTranslator(geminiExchangeContext(ctx)),
    readError: readGeminiError,
    readAnswerError: errorShapedAnswerReader(readGeminiError),
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

    async close() {
      closed.abort();
    },
  };
}
