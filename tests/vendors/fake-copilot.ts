// A fake of GitHub's token exchange and the Copilot API on 127.0.0.1, behaving as they do today:
// - clients announcing an outdated API version or Copilot Chat get HTTP 466 "the specified API version is no
//   longer supported" (ericc-ch/copilot-api#189–191, 2026-02-11: copilot-chat 0.26.7 + 2025-04-01 refused);
// - `/models` lists `supported_endpoints` and prompt limits; GPT-5-class and codex models answer 400
//   `unsupported_api_for_model` on `/chat/completions` (zed-industries/zed#41697) and are served on `/responses`
//   (with the recorded Copilot stream of fixtures/copilot-responses-reasoning-text.sse);
// - an account out of premium requests gets 402 `quota_exceeded` without Retry-After (anomalyco/opencode#48330);
// - Claude models are listed with `/v1/messages` and served there natively (fake-copilot-messages.ts); models
//   Copilot serves through chat only (Gemini) list `/chat/completions` alone;
// - a Copilot token lives about 30 minutes: an expired one gets 401 and the client exchanges its GitHub token
//   again (`rotateToken` expires the current one early).
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import { answerMessages } from './fake-copilot-messages.ts';
import { json, type RecordingServer, startRecordingServer } from './recording-server.ts';

const RESPONSES_TEXT = readFileSync(
  new URL('./fixtures/copilot-responses-reasoning-text.sse', import.meta.url),
  'utf8',
);
const RESPONSES_TOOL = readFileSync(
  new URL('./fixtures/openai-responses-tool-call.sse', import.meta.url),
  'utf8',
);

export const COPILOT_MODELS = [
  {
    id: 'claude-sonnet-4.5',
    vendor: 'Anthropic',
    policy: { state: 'enabled' },
    capabilities: { limits: { max_context_window_tokens: 200_000, max_prompt_tokens: 128_000 } },
    supported_endpoints: ['/chat/completions', '/v1/messages'],
  },
  {
    id: 'claude-haiku-4.5',
    vendor: 'Anthropic',
    policy: { state: 'enabled' },
    capabilities: { limits: { max_context_window_tokens: 200_000, max_prompt_tokens: 128_000 } },
    supported_endpoints: ['/chat/completions', '/v1/messages'],
  },
  {
    id: 'gemini-2.5-pro',
    vendor: 'Google',
    policy: { state: 'enabled' },
    capabilities: { limits: { max_context_window_tokens: 128_000, max_prompt_tokens: 128_000 } },
    supported_endpoints: ['/chat/completions'],
  },
  {
    id: 'gpt-5.3-codex',
    vendor: 'OpenAI',
    policy: { state: 'enabled' },
    capabilities: { limits: { max_context_window_tokens: 400_000, max_prompt_tokens: 272_000 } },
    supported_endpoints: ['/responses'],
  },
];

export interface FakeCopilot extends RecordingServer {
  /** Answer every inference call with 402 quota_exceeded. */
  outOfQuota: boolean;
  /** Answer every inference call with 429 `rate_limited`. */
  rateLimited: boolean;
  /** Signatures the fake's `/v1/messages` minted (thinking it will accept back). */
  minted: Set<string>;
  /** The Copilot token handed out so far stops working (as at its expiry); the next exchange gets a new one. */
  rotateToken(): void;
  /** Inference calls on any of Copilot's three APIs. */
  inferenceCalls(): RecordingServer['seen'];
  /** Replaces the next streamed /responses answers (HTTP 200, these SSE pieces), first in, first out. */
  nextResponsesStreams: string[][];
}

/** Copilot's 466 gate: API version and Copilot Chat version as of the 2026-02 cut-off. */
function outdated(headers: IncomingHttpHeaders): boolean {
  const api = String(headers['x-github-api-version'] ?? '');
  const plugin = /^copilot-chat\/0\.(\d+)/.exec(String(headers['editor-plugin-version'] ?? ''));
  return api < '2026-01-01' || !plugin || Number(plugin[1]) < 37;
}

function chatStream(res: ServerResponse, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.end(
    chunk({ role: 'assistant', content: 'copilot chat answered' }, null) +
      chunk({}, 'stop') +
      `data: ${JSON.stringify({ id: 'chatcmpl-1', model, choices: [], usage: { prompt_tokens: 9, completion_tokens: 3 } })}\n\n` +
      'data: [DONE]\n\n',
  );
}

export async function startFakeCopilot(): Promise<FakeCopilot> {
  let generation = 1;
  const token = () => `tid=fake;gen=${generation};exp=9999999999;sku=copilot_pro`;
  const minted = new Set<string>();
  const server = await startRecordingServer((call, res) => answer(call.path, call.headers, call.body, res));
  const fake: FakeCopilot = Object.assign(server, {
    outOfQuota: false,
    nextResponsesStreams: [] as string[][],
    rateLimited: false,
    minted,
    rotateToken: () => {
      generation++;
    },
    inferenceCalls: () =>
      server.seen.filter((call) => ['/chat/completions', '/responses', '/v1/messages'].includes(call.path)),
  });
  const nativeModels = () =>
    COPILOT_MODELS.filter((model) => model.supported_endpoints.includes('/v1/messages')).map(
      (model) => model.id,
    );

  function answer(path: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): unknown {
    if (path.startsWith('/copilot_internal/v2/token')) {
      return json(res, 200, {
        token: token(),
        expires_at: Math.floor(Date.now() / 1000) + 1800,
        refresh_in: 1500,
        endpoints: { api: fake.url },
      });
    }
    if (headers.authorization !== `Bearer ${token()}`) {
      return json(res, 401, { error: { message: 'unauthorized: token expired', code: 'unauthorized' } });
    }
    if (outdated(headers)) {
      const message =
        'bad request: the specified API version is no longer supported. You may need to update your client to a newer version.\n';
      return json(res, 466, { error: { message, type: 'error' } });
    }
    if (path === '/models') return json(res, 200, { data: COPILOT_MODELS, object: 'list' });
    if (fake.outOfQuota)
      return json(res, 402, { error: { message: 'You have no quota', code: 'quota_exceeded' } });
    if (fake.rateLimited) {
      // As VS Code shows it: "Server Error: … Error Code: rate_limited" (microsoft/vscode#302718).
      const message = "Sorry, you've exceeded your rate limits. Please review our Terms of Service.";
      return json(res, 429, { error: { message, code: 'rate_limited' } });
    }
    if (path === '/v1/messages') return answerMessages({ minted, nativeModels }, headers, body, res);
    const request = JSON.parse(body) as { model: string; tools?: unknown[]; stream?: boolean };
    const listed = COPILOT_MODELS.find((model) => model.id === request.model);
    if (path === '/chat/completions') {
      if (!listed)
        return json(res, 400, {
          error: { message: 'The requested model is not supported.', code: 'model_not_supported' },
        });
      if (!listed.supported_endpoints.includes('/chat/completions')) {
        const message = `model ${request.model} is not accessible via the /chat/completions endpoint`;
        return json(res, 400, { error: { message, code: 'unsupported_api_for_model' } });
      }
      return chatStream(res, request.model);
    }
    if (path === '/responses') {
      if (!listed?.supported_endpoints.includes('/responses')) {
        const message = `model ${request.model} is not accessible via the /responses endpoint`;
        return json(res, 400, { error: { message, code: 'unsupported_api_for_model' } });
      }
      const recorded = request.tools?.length ? RESPONSES_TOOL : RESPONSES_TEXT;
      const scripted = request.stream ? fake.nextResponsesStreams.shift() : undefined;
      if (scripted) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end(scripted.join(''));
      }
      if (request.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end(recorded);
      }
      // Non-streaming: the whole response, as response.completed carries it.
      const completed = recorded
        .split('\n')
        .find((line) => line.startsWith('data: {"') && line.includes('response.completed'));
      return json(res, 200, (JSON.parse(completed?.slice(6) ?? '{}') as { response: unknown }).response);
    }
    json(res, 404, { error: { message: 'not found' } });
  }

  return fake;
}

/** A Copilot tier signed in as a user would be, talking to `fake`. */
export function copilotTierFor(
  fake: { url: string },
  extra: Partial<VendorConfigInput> = {},
): VendorConfigInput {
  return {
    name: 'copilot',
    kind: 'copilot',
    githubToken: 'ghu_signed_in_user',
    tokenUrl: `${fake.url}/copilot_internal/v2/token`,
    circuitBreaker: { failureThreshold: 1 },
    ...extra,
  };
}
